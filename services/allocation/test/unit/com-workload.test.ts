import { comCasePoints, WMT_TIERS } from '@omic/domain'
import { describe, expect, it } from 'vitest'
import type { ComRecord } from '../../src/model'
import { comWorkloadOf } from '../../src/model'

const com: ComRecord = {
  staffCode: 'N01A001',
  pduCode: 'PDU1',
  teamCode: 'TEAM1',
  name: 'Pat Jones',
  email: null,
  grade: 'PO',
  contractedHours: null,
  reductions: [],
  otherWorkloadPoints: 100,
  version: 1,
  updatedAt: '2026-11-24T10:00:00Z',
  updatedBy: null,
}
const entry = (wmtTier: string | null) => ({
  staffCode: 'N01A001',
  nomsNumber: 'A1234BC',
  pduCode: 'PDU1',
  wmtTier,
  allocatedAt: '2026-11-20T10:00:00Z',
})

describe('COM workload of the custody cases held here', () => {
  it('weighs each case at the custody points of its v2 tier, an untiered case at the configured stand-in', () => {
    // custody A1 = 59, untiered as B2 = 48, plus 100 held elsewhere; 207 of 2176 = 9.5 %
    expect(comWorkloadOf(com, [entry('A1'), entry(null)], '2026-11-24', 'B2')).toMatchObject({
      casePoints: 107,
      totalPoints: 207,
      availablePoints: 2176,
      capacity: 9.5,
      cases: 2,
    })
  })

  // No event this service receives says whether a case is transition-to-adulthood, so every case is weighed
  // as not T2A (docs/allocation-rules.md §7). With the default weights that changes nothing for custody cases,
  // the only type held here: the T2A row equals the custody row. This fails if the weights ever diverge.
  it('would weigh a custody case the same were it T2A (default weights)', () => {
    for (const tier of WMT_TIERS) {
      expect(comCasePoints({ tier, caseType: 'CUSTODY', isT2A: true }).points).toBe(
        comCasePoints({ tier, caseType: 'CUSTODY', isT2A: false }).points,
      )
    }
  })
})
