import { describe, expect, it } from 'vitest'
import type { RankedCandidate, RankingCandidate } from '../../src/allocation'
import { rankCandidates } from '../../src/allocation'

const unwrap = (r: ReturnType<typeof rankCandidates>): RankedCandidate[] => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}
const candidate = (staffId: string, over: Partial<RankingCandidate> = {}): RankingCandidate => ({
  staffId,
  grade: 'PO',
  capacity: 50,
  caseCount: 40,
  caseCap: null,
  relationship: 'none',
  ...over,
})

describe('ranking candidates for a case', () => {
  it('excludes a candidate below the case’s minimum grade, with the reason', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
        candidate('PSO1', { grade: 'PSO' }),
        candidate('PO1'),
      ]),
    )
    expect(r.map(c => [c.staffId, c.rank, c.eligible])).toEqual([
      ['PO1', 1, true],
      ['PSO1', null, false],
    ])
    expect(r[1]?.reason).toBe("Not eligible: grade PSO is below the case's minimum grade PO.")
  })

  it('excludes a candidate at their case cap (80 for a full-time probation-officer POM)', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PRO', priorTransfers: 0 }, [
        candidate('FULL', { caseCount: 80, caseCap: 80, capacity: 10 }),
        candidate('OK'),
      ]),
    )
    expect(r.map(c => c.staffId)).toEqual(['OK', 'FULL'])
    expect(r[1]?.reason).toMatch(/at or over the cap of 80/)
  })

  it('prefers lower workload among equals', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
        candidate('BUSY', { capacity: 90 }),
        candidate('FREE', { capacity: 30 }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.score])).toEqual([
      ['FREE', 50],
      ['BUSY', 110],
    ])
  })

  it('prefers continuity more once the person has already been transferred in the period', () => {
    const previous = candidate('PREV', { grade: 'PSO', capacity: 70, relationship: 'previous' })
    const fresh = candidate('NEW', { grade: 'PSO', capacity: 55 })
    const first = (priorTransfers: number) =>
      unwrap(rankCandidates({ minimumGrade: 'PSO', priorTransfers }, [previous, fresh]))[0]
    expect(first(0)).toMatchObject({ staffId: 'NEW', score: 75 })
    expect(first(1)).toMatchObject({ staffId: 'PREV', score: 90 })
  })

  it('keeps the current offender manager when workloads are close', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
        candidate('OTHER', { capacity: 50 }),
        candidate('CUR', { capacity: 65, relationship: 'current' }),
      ]),
    )
    expect(r[0]?.staffId).toBe('CUR')
  })

  it('penalises over-capacity candidates and flags them', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
        candidate('OVER', { capacity: 101 }),
        candidate('HIGH', { capacity: 120 - 25 }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.score, c.overCapacity])).toEqual([
      ['HIGH', 115, false],
      ['OVER', 146, true],
    ])
  })

  it('keeps senior grades for riskier work: a penalty per grade step above the minimum', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PSO', priorTransfers: 0 }, [
        candidate('PO1', { capacity: 40 }),
        candidate('PSO1', { grade: 'PSO', capacity: 45 }),
      ]),
    )
    expect(r.map(c => [c.staffId, c.score])).toEqual([
      ['PSO1', 65],
      ['PO1', 70],
    ])
    expect(r[1]?.reason).toBe(
      'Rank 2, score 70: 40 % capacity, new to this person (+20), 2 grade steps above the minimum (+10).',
    )
  })

  it('breaks ties deterministically (continuity, capacity, case count, staff id)', () => {
    const r = unwrap(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [
        candidate('B', { caseCount: 10 }),
        candidate('A', { caseCount: 10 }),
        candidate('C', { caseCount: 5 }),
      ]),
    )
    expect(r.map(c => c.staffId)).toEqual(['C', 'A', 'B'])
  })

  it('gives every candidate a trace with a sentence per decision', () => {
    const [c] = unwrap(rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [candidate('X')]))
    expect(c?.trace.map(s => s.rule)).toEqual([
      'ranking.grade',
      'ranking.capacity',
      'continuity.none',
      'ranking.score',
      'ranking.rank',
    ])
    expect(c?.trace.every(s => s.explanation.length > 0)).toBe(true)
  })

  it('rejects duplicate candidates and invalid inputs', () => {
    expect(rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [candidate('A'), candidate('A')]).ok).toBe(false)
    expect(rankCandidates({ minimumGrade: 'PO', priorTransfers: -1 }, [candidate('A')]).ok).toBe(false)
    expect(
      rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, [candidate('A', { capacity: Number.NaN })]).ok,
    ).toBe(false)
  })

  it('ranks an empty list as empty', () => {
    expect(unwrap(rankCandidates({ minimumGrade: 'PO', priorTransfers: 0 }, []))).toEqual([])
  })
})
