import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  calculateTierV3,
  compareTiersV3,
  liferIppTier,
  mappaRoshTier,
  sexualReoffendingTier,
  TIER_V3_LETTER_RANK,
  type TierV3Letter,
} from '../../src/tiering'
import { v3Input, value } from './fixtures'

const TODAY = '2026-01-15'
const tierOf = (overrides: Parameters<typeof v3Input>[0]) => value(calculateTierV3(v3Input(overrides), TODAY)).tier

describe('tier v3 (calculateTierV3)', () => {
  it('no active event → NOT_SUPERVISED, not provisional, even without predictors', () => {
    const r = value(calculateTierV3(v3Input({ hasActiveEvent: false, arp: null }), TODAY))
    expect(r).toMatchObject({ tier: 'NOT_SUPERVISED', provisional: false, steps: {} })
    expect(r.trace[0]?.explanation).toBe('No active event: the person is not supervised')
  })

  it('ARP or CSRP (or its score) missing → MISSING', () => {
    expect(tierOf({ arp: null })).toBe('MISSING')
    expect(tierOf({ csrp: null })).toBe('MISSING')
    expect(tierOf({ arp: { score: null, staticOrDynamic: 'DYNAMIC', band: null } })).toBe('MISSING')
    expect(tierOf({ csrp: { score: null, staticOrDynamic: 'STATIC', band: null } })).toBe('MISSING')
  })

  it('no step result beyond the table: the table cell (G at 0/0)', () => {
    expect(tierOf({})).toBe('G')
    expect(
      tierOf({
        arp: { score: 75, staticOrDynamic: 'DYNAMIC', band: null },
        csrp: { score: 1, staticOrDynamic: 'DYNAMIC', band: null },
      }),
    ).toBe('C')
  })

  it('fixed raising rules: domestic abuse E, stalking F, child protection F, sexual offences E', () => {
    expect(tierOf({ hasDomesticAbuse: true })).toBe('E')
    expect(tierOf({ hasStalking: true })).toBe('F')
    expect(tierOf({ hasChildProtection: true })).toBe('F')
    expect(tierOf({ everCommittedSexualOffence: true })).toBe('E')
  })

  it('rules only raise: the final tier is never below the starting cell', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(null, 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH' as const),
        (arp, csrp, hasStalking, hasDomesticAbuse, rosh) => {
          const r = value(
            calculateTierV3(
              v3Input({
                rosh,
                hasStalking,
                hasDomesticAbuse,
                arp: { score: arp, staticOrDynamic: 'DYNAMIC', band: null },
                csrp: { score: csrp, staticOrDynamic: 'DYNAMIC', band: null },
              }),
              TODAY,
            ),
          )
          const start = r.startingCell!.tier
          expect(compareTiersV3(r.tier, start)).toBeGreaterThanOrEqual(0)
          const best = Object.values(r.steps).reduce((a, b) =>
            TIER_V3_LETTER_RANK[a] > TIER_V3_LETTER_RANK[b] ? a : b,
          )
          expect(r.tier).toBe(best)
        },
      ),
    )
  })

  it('a Medium DC-SRP below 0.60 is a validation error naming the field', () => {
    const r = calculateTierV3(v3Input({ dcSrp: { score: 0.59, band: 'MEDIUM' } }), TODAY)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.field).toBe('dcSrp.score')
      expect(r.error.reason).toContain('0.60')
    }
  })

  it('negative predictor scores are validation errors', () => {
    const r = calculateTierV3(v3Input({ arp: { score: -1, staticOrDynamic: 'DYNAMIC', band: null } }), TODAY)
    expect(r).toMatchObject({ ok: false, error: { field: 'arp.score' } })
  })

  it('the trace gives the starting cell and each rule that raised it', () => {
    const r = value(
      calculateTierV3(
        v3Input({
          arp: { score: 62.5, staticOrDynamic: 'DYNAMIC', band: null },
          csrp: { score: 2.3, staticOrDynamic: 'DYNAMIC', band: null },
          dcSrp: { score: 1.5, band: 'MEDIUM' },
          hasDomesticAbuse: true,
        }),
        TODAY,
      ),
    )
    expect(r.tier).toBe('C')
    expect(r.steps).toEqual({ REOFFENDING: 'D', SEXUAL_REOFFENDING: 'C', DOMESTIC_ABUSE: 'E' })
    expect(r.trace.map(s => s.explanation)).toEqual([
      'ARP 62.5 (column ≥50) and CSRP 2.3 (row ≥1.0) in the OGRS4 table: starting tier D',
      'DC-SRP band MEDIUM with a score of at least 1.12 (risk-reduced scale) gives C, raising the tier from D to C',
      'Domestic abuse registration (ADVP or REG30) gives E, not above the current tier C',
      'Highest step result: tier C',
    ])
  })
})

describe('sexual reoffending (sexualReoffendingTier)', () => {
  const tier = (score: number | null, band: 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | 'NOT_APPLICABLE' | null) =>
    value(sexualReoffendingTier({ score, band }))

  it('bands: Very High A, High B, Low E', () => {
    expect(tier(0.01, 'VERY_HIGH')).toBe('A')
    expect(tier(5.31, 'HIGH')).toBe('B')
    expect(tier(0.02, 'LOW')).toBe('E')
  })

  it('Medium by score: ≥3.36 C, ≥2.11 D, ≥1.12 C, ≥0.60 D', () => {
    const scores = [3.36, 3.35, 2.11, 2.1, 1.12, 1.11, 0.6]
    expect(scores.map(s => tier(s, 'MEDIUM'))).toEqual(['C', 'D', 'D', 'C', 'C', 'D', 'D'] satisfies TierV3Letter[])
  })

  it('does not count without a score above 0 or with no / NOT_APPLICABLE band', () => {
    expect(tier(0, 'HIGH')).toBeNull()
    expect(tier(null, 'HIGH')).toBeNull()
    expect(tier(2.11, null)).toBeNull()
    expect(tier(2.11, 'NOT_APPLICABLE')).toBeNull()
    expect(value(sexualReoffendingTier(null))).toBeNull()
  })
})

describe('MAPPA and RoSH (mappaRoshTier)', () => {
  it('with a MAPPA category: VH A, H C, M D, L or none E', () => {
    expect(([null, 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const).map(r => mappaRoshTier('M1', r))).toEqual([
      'E',
      'E',
      'D',
      'C',
      'A',
    ])
  })
  it('without: VH C, H D, else no result', () => {
    expect(([null, 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const).map(r => mappaRoshTier(null, r))).toEqual([
      null,
      null,
      null,
      'D',
      'C',
    ])
  })
})

describe('lifer/IPP release (liferIppTier)', () => {
  it('within a year B, within five years D, older E (boundaries inclusive)', () => {
    expect(liferIppTier(true, '2026-01-15', TODAY)).toBe('B')
    expect(liferIppTier(true, '2025-01-15', TODAY)).toBe('B')
    expect(liferIppTier(true, '2025-01-14', TODAY)).toBe('D')
    expect(liferIppTier(true, '2021-01-15', TODAY)).toBe('D')
    expect(liferIppTier(true, '2021-01-14', TODAY)).toBe('E')
    expect(liferIppTier(true, '2027-01-01', TODAY)).toBe('B')
  })

  it('a year before 29 February is 28 February (month-end clamping)', () => {
    expect(liferIppTier(true, '2023-02-28', '2024-02-29')).toBe('B')
    expect(liferIppTier(true, '2023-02-27', '2024-02-29')).toBe('D')
  })

  it('needs both the registration and a release date', () => {
    expect(liferIppTier(false, '2026-01-01', TODAY)).toBeNull()
    expect(liferIppTier(true, null, TODAY)).toBeNull()
  })

  it('uses the today it is given, not the clock', () => {
    expect(liferIppTier(true, '2020-06-01', '2021-01-01')).toBe('B')
    expect(liferIppTier(true, '2020-06-01', '2030-01-01')).toBe('E')
  })
})
