import { describe, expect, it } from 'vitest'
import type { PomRankingCandidate, RankedPom } from '../../src/allocation'
import { rankPomCandidates } from '../../src/allocation'

const unwrap = (r: ReturnType<typeof rankPomCandidates>): RankedPom[] => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}
const pom = (staffId: string, over: Partial<PomRankingCandidate> = {}): PomRankingCandidate => ({
  staffId,
  position: 'PO',
  capacity: 50,
  caseCount: 30,
  caseCap: 80,
  relationship: 'none',
  ...over,
})

describe('ranking POMs for a case', () => {
  it('lists POMs of the recommended type first, even when the other type has more headroom', () => {
    const r = unwrap(
      rankPomCandidates({ recommendedType: 'PROBATION', priorTransfers: 0 }, [
        pom('PRO-FREE', { position: 'PRO', capacity: 10, caseCap: null }),
        pom('PO-BUSY', { capacity: 90 }),
        pom('PO-FREE', { capacity: 40 }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.rank, c.typeMatch, c.overrideNeeded])).toEqual([
      ['PO-FREE', 1, true, false],
      ['PO-BUSY', 2, true, false],
      ['PRO-FREE', 3, false, true],
    ])
    expect(r[0]?.reason).toBe('Rank 1: recommended type; score 60: 40 % capacity, new to this person (+20).')
    expect(r[2]?.reason).toMatch(/^Rank 3: not the recommended probation POM; score 30/)
    expect(r[2]?.trace[0]?.rule).toBe('pomRanking.typeMismatch')
  })

  it('does not penalise a probation officer for seniority: type is the preference', () => {
    const r = unwrap(
      rankPomCandidates({ recommendedType: null, priorTransfers: 0 }, [
        pom('PRO', { position: 'PRO', capacity: 50 }),
        pom('PO', { capacity: 45 }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.score, c.overrideNeeded])).toEqual([
      ['PO', 65, true],
      ['PRO', 70, true],
    ])
  })

  it('prefers the previous POM, and a co-working ranking needs no reason against a recommendation', () => {
    const r = unwrap(
      rankPomCandidates({ recommendedType: null, priorTransfers: 1, coworking: true }, [
        pom('NEW', { capacity: 30 }),
        pom('PREV', { capacity: 40, relationship: 'previous' }),
      ]),
    )
    // NEW: 30 + 20 × 2 = 70; PREV: 40 + 10 × 2 = 60
    expect(r.map(c => [c.staffId, c.score, c.overrideNeeded])).toEqual([
      ['PREV', 60, false],
      ['NEW', 70, false],
    ])
  })

  it('lists a POM at their case cap last, not eligible', () => {
    const r = unwrap(
      rankPomCandidates({ recommendedType: 'PRISON', priorTransfers: 0 }, [
        pom('CAPPED', { position: 'PO', caseCount: 40, caseCap: 40, capacity: 5 }),
        pom('PRO', { position: 'PRO', caseCap: null }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.rank, c.eligible])).toEqual([
      ['PRO', 1, true],
      ['CAPPED', null, false],
    ])
    expect(r[1]?.reason).toMatch(/^Not eligible: holds 40 cases/)
  })

  it('rejects bad input with the field', () => {
    const r = rankPomCandidates({ recommendedType: null, priorTransfers: -1 }, [])
    expect(r).toEqual({ ok: false, error: { field: 'case.priorTransfers', reason: expect.any(String) } })
    const c = rankPomCandidates({ recommendedType: null, priorTransfers: 0 }, [pom('X', { capacity: -1 })])
    expect(c.ok ? null : c.error.field).toBe('candidates.0.capacity')
  })
})
