import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ComCaseType, WmtWeights } from '../../src/allocation'
import {
  availablePoints,
  capacityPercent,
  comAvailablePoints,
  comCasePoints,
  comWorkloadPoints,
  courtReportPoints,
  DEFAULT_WMT_WEIGHTS,
  potentialCapacity,
  WMT_BASE_TIERS,
  WMT_S_TIERS,
} from '../../src/allocation'

// workload.md §c.2 seed table
const SPEC_TABLE: Record<ComCaseType, number[]> = {
  COMMUNITY: [206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29],
  LICENSE: [219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0],
  CUSTODY: [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0],
}
const T2A_ROW = [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]
const CASE_TYPES = ['COMMUNITY', 'LICENSE', 'CUSTODY'] as const

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}

describe('COM case points (tier × case type weights)', () => {
  it('match the WMT seed table for every tier and case type', () => {
    for (const caseType of CASE_TYPES) {
      WMT_BASE_TIERS.forEach((tier, i) => {
        expect(comCasePoints({ tier, caseType, isT2A: false }).points).toBe(SPEC_TABLE[caseType][i])
      })
    }
  })

  it('use the T2A row for any case type when the case is transition-to-adulthood', () => {
    for (const caseType of CASE_TYPES) {
      WMT_BASE_TIERS.forEach((tier, i) => {
        expect(comCasePoints({ tier, caseType, isT2A: true }).points).toBe(T2A_ROW[i])
      })
    }
  })

  it('weigh probation-reset S tiers 0 by default', () => {
    for (const caseType of CASE_TYPES) {
      for (const tier of WMT_S_TIERS) {
        expect(comCasePoints({ tier, caseType, isT2A: false }).points).toBe(0)
        expect(comCasePoints({ tier, caseType, isT2A: true }).points).toBe(0)
      }
    }
  })

  it('use configured weights when given', () => {
    const weights: WmtWeights = {
      ...DEFAULT_WMT_WEIGHTS,
      tierPoints: {
        ...DEFAULT_WMT_WEIGHTS.tierPoints,
        CUSTODY: { ...DEFAULT_WMT_WEIGHTS.tierPoints.CUSTODY, B3S: 12 },
      },
    }
    expect(comCasePoints({ tier: 'B3S', caseType: 'CUSTODY', isT2A: false }, weights).points).toBe(12)
  })

  it('explain the weight in a sentence', () => {
    expect(comCasePoints({ tier: 'B3', caseType: 'CUSTODY', isT2A: false }).trace[0]?.explanation).toBe(
      'A custody case at tier B3 weighs 59 points.',
    )
  })
})

describe('COM workload points = cases + court reports + contacts outside − contacts by others', () => {
  const weights: WmtWeights = { ...DEFAULT_WMT_WEIGHTS, standardDeliveryReport: 10, fastDeliveryReport: 2 }

  it('court reports: 7 standard + 12 fast with weights 10/2 → 94', () => {
    expect(courtReportPoints({ standardLast30Days: 7, fastLast30Days: 12 }, weights).points).toBe(94)
  })

  it('default court-report weights are 138 (standard) and 65 (fast)', () => {
    expect(courtReportPoints({ standardLast30Days: 1, fastLast30Days: 1 }).points).toBe(203)
  })

  it('adds contacts done on others’ cases and subtracts contacts others did on the caseload; unknown codes weigh 0', () => {
    const contactWeights = { CONTACT1: 10, CONTACT2: 2 }
    const outside = comWorkloadPoints(
      {
        cases: [],
        contactsOnOthersCases: [
          { code: 'CONTACT1', count: 5 },
          { code: 'CONTACT2', count: 10 },
          { code: 'X', count: 9 },
        ],
      },
      weights,
      contactWeights,
    )
    expect(outside.totalPoints).toBe(70)
    const byOthers = comWorkloadPoints(
      {
        cases: [],
        contactsByOthersOnCaseload: [
          { code: 'CONTACT1', count: 1 },
          { code: 'CONTACT2', count: 1 },
        ],
      },
      weights,
      contactWeights,
    )
    expect(byOthers.totalPoints).toBe(-12)
  })

  it('sums cases (T2A included) with reports and contacts', () => {
    const r = comWorkloadPoints(
      {
        cases: [
          ...Array.from({ length: 10 }, () => ({ tier: 'B2' as const, caseType: 'COMMUNITY' as const, isT2A: true })),
          ...Array.from({ length: 5 }, () => ({ tier: 'C1' as const, caseType: 'CUSTODY' as const, isT2A: false })),
        ],
        courtReports: { standardLast30Days: 7, fastLast30Days: 12 },
      },
      weights,
    )
    expect(r.breakdown).toEqual({
      casePoints: 10 * 48 + 5 * 23,
      courtReportPoints: 94,
      contactPointsAdded: 0,
      contactPointsRemoved: 0,
    })
    expect(r.totalPoints).toBe(480 + 115 + 94)
    expect(r.trace.at(-1)?.explanation).toBe('Workload 595 + 94 + 0 − 0 = 689 points.')
  })
})

describe('available points = ⌊nominal target × (contracted − reductions) ÷ default hours⌋', () => {
  const po = { nominalTarget: 2176, defaultContractedHours: 37 }

  it('PO, 37 h contracted, 1.8 h reductions → 2070', () => {
    expect(unwrap(availablePoints({ ...po, contractedHours: 37, reductionHours: 1.8 })).availablePoints).toBe(2070)
  })

  it('PO, 30 h contracted, 1.8 h reductions → 1658', () => {
    expect(unwrap(availablePoints({ ...po, contractedHours: 30, reductionHours: 1.8 })).availablePoints).toBe(1658)
  })

  it('truncates rather than rounds (36.9 of 37 h → 2170)', () => {
    expect(unwrap(availablePoints({ ...po, contractedHours: 37, reductionHours: 0.1 })).availablePoints).toBe(2170)
  })

  it('is 0 when no hours are left or the grade default is 0 hours', () => {
    expect(unwrap(availablePoints({ ...po, contractedHours: 10, reductionHours: 12 })).availablePoints).toBe(0)
    expect(unwrap(availablePoints({ ...po, contractedHours: 22.5, reductionHours: 22.5 })).availablePoints).toBe(0)
    expect(
      unwrap(
        availablePoints({ nominalTarget: 2176, defaultContractedHours: 0, contractedHours: 37, reductionHours: 0 }),
      ).availablePoints,
    ).toBe(0)
  })

  it('rejects hours with more than two decimals and negative hours', () => {
    expect(availablePoints({ ...po, contractedHours: 37, reductionHours: 0.125 }).ok).toBe(false)
    expect(availablePoints({ ...po, contractedHours: -1, reductionHours: 0 }).ok).toBe(false)
  })

  it('is exact in hundredths of an hour for any two-decimal hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 6000 }),
        fc.integer({ min: 0, max: 6000 }),
        fc.integer({ min: 0, max: 6000 }),
        (nominalTarget, def100, con100, red100) => {
          const r = unwrap(
            availablePoints({
              nominalTarget,
              defaultContractedHours: def100 / 100,
              contractedHours: con100 / 100,
              reductionHours: red100 / 100,
            }),
          ).availablePoints
          const avail = con100 - red100
          if (avail <= 0) return r === 0
          return r * def100 <= nominalTarget * avail && nominalTarget * avail < (r + 1) * def100
        },
      ),
    )
  })
})

describe('available points for a practitioner from grade, hours and reductions', () => {
  it('a PO with no recorded hours gets the grade default of 37 h and the full 2176 points', () => {
    const r = unwrap(comAvailablePoints({ grade: 'PO', contractedHours: null, reductionHours: 0 }))
    expect(r).toMatchObject({ availablePoints: 2176, contractedHours: 37 })
  })

  it('PQiP uses the PO default hours and PSO its own', () => {
    expect(
      unwrap(comAvailablePoints({ grade: 'PQiP', contractedHours: 18.5, reductionHours: 0 })).availablePoints,
    ).toBe(1088)
    expect(unwrap(comAvailablePoints({ grade: 'PSO', contractedHours: 37, reductionHours: 5 })).availablePoints).toBe(
      1881,
    )
  })

  it('SPO and no grade (DMY) have 0 default hours, so 0 available points with the seed weights', () => {
    expect(unwrap(comAvailablePoints({ grade: 'SPO', contractedHours: 37, reductionHours: 0 })).availablePoints).toBe(0)
    const none = unwrap(comAvailablePoints({ grade: null, contractedHours: null, reductionHours: 0 }))
    expect(none).toMatchObject({ grade: 'DMY', availablePoints: 0 })
  })
})

describe('capacity % = round(total × 1000 ÷ available) ÷ 10', () => {
  it.each([
    [500, 1000, 50],
    [559, 1000, 55.9],
    [59, 2176, 2.7],
    [2300, 2176, 105.7],
    [1, 8, 12.5],
    [1, 16, 6.3],
    [0, 2176, 0],
    [120, 0, 0],
  ])('%i of %i points → %d %%', (totalPoints, available, capacity) => {
    expect(unwrap(capacityPercent({ totalPoints, availablePoints: available })).capacity).toBe(capacity)
  })

  it('flags over 100 % capacity', () => {
    expect(unwrap(capacityPercent({ totalPoints: 2300, availablePoints: 2176 })).overCapacity).toBe(true)
    expect(unwrap(capacityPercent({ totalPoints: 2176, availablePoints: 2176 })).overCapacity).toBe(false)
  })

  it('rounds half away from zero for a negative total (contacts by others)', () => {
    expect(unwrap(capacityPercent({ totalPoints: -1, availablePoints: 16 })).capacity).toBe(-6.3)
  })

  it('rejects fractional points and negative available points', () => {
    expect(capacityPercent({ totalPoints: 1.5, availablePoints: 10 }).ok).toBe(false)
    expect(capacityPercent({ totalPoints: 1, availablePoints: -10 }).ok).toBe(false)
  })

  it('is the nearest one-decimal value to the exact ratio', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 1, max: 100000 }), (t, a) => {
        const c = unwrap(capacityPercent({ totalPoints: t, availablePoints: a })).capacity
        const tenths = Math.round(c * 10)
        // |tenths/10 − 100t/a| ≤ 0.05  ⇔  |tenths·a − 1000t| ≤ a/2
        return Number.isInteger(tenths) && Math.abs(tenths * a - 1000 * t) * 2 <= a
      }),
    )
  })
})

describe('potential capacity for a proposed allocation', () => {
  it('adds the case: 500 + custody B3 (59) of 1000 → 55.9 %', () => {
    const r = unwrap(
      potentialCapacity({
        totalPoints: 500,
        availablePoints: 1000,
        proposedCase: { tier: 'B3', caseType: 'CUSTODY', isT2A: false },
        existingCasePoints: 0,
      }),
    )
    expect(r).toMatchObject({ potentialTotalPoints: 559, capacity: 55.9 })
  })

  it('discounts the case when it is already on the caseload at the same weight', () => {
    const r = unwrap(
      potentialCapacity({
        totalPoints: 500,
        availablePoints: 1000,
        proposedCase: { tier: 'B3', caseType: 'CUSTODY', isT2A: false },
        existingCasePoints: 59,
      }),
    )
    expect(r.capacity).toBe(50)
  })
})
