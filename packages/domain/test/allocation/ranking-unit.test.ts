import { describe, expect, it } from 'vitest'
import type { RankingCandidate } from '../../src/allocation'
import { DEFAULT_RANKING_CONFIG, rankCandidates } from '../../src/allocation'

const candidate = (staffId: string, over: Partial<RankingCandidate> = {}): RankingCandidate => ({
  staffId,
  grade: 'PO',
  capacity: 50,
  caseCount: 40,
  caseCap: null,
  relationship: 'none',
  ...over,
})

describe('ranking: keeping a transfer within the unit (seed 004)', () => {
  it('adds the other-unit penalty to a candidate outside the case’s unit, and says so', () => {
    const r = rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
      candidate('OUT', { sameUnit: false, capacity: 48 }),
      candidate('IN', { sameUnit: true }),
    ])
    if (!r.ok) throw new Error('unexpected')
    expect(r.value.map(c => [c.staffId, c.score])).toEqual([
      ['IN', 70],
      ['OUT', 73],
    ])
    expect(r.value[0]?.reason).toBe('Rank 1, score 70: 50 % capacity, new to this person (+20), in the same unit.')
    expect(r.value[1]?.reason).toMatch(/outside the case's unit \(\+5\)/)
  })

  it('leaves the score alone when the unit is not known, or the penalty is not configured', () => {
    const unknown = rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [candidate('A')])
    expect(unknown.ok && unknown.value[0]?.score).toBe(70)
    const { otherUnitPenalty: _, ...withoutPenalty } = DEFAULT_RANKING_CONFIG
    const off = rankCandidates(
      { minimumGrade: 'PO', priorTransfers: 0 },
      [candidate('A', { sameUnit: false })],
      withoutPenalty,
    )
    expect(off.ok && off.value[0]?.score).toBe(70)
  })
})
