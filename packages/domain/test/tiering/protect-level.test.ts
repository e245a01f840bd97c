import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  additionalFactorsForWomen,
  type ComplexityFactor,
  type ProtectFacts,
  protectLevel,
  protectLevelForPoints,
  rsrPoints,
} from '../../src/tiering'

const NO_WOMEN = additionalFactorsForWomen({ isFemale: false, previousEnforcementActivity: false, assessment: null })
const facts = (overrides: Partial<ProtectFacts>): ProtectFacts => ({
  rsrScore: null,
  rosh: null,
  mappaLevel: null,
  complexityFactors: [],
  womenFactors: NO_WOMEN,
  ...overrides,
})

describe('RSR points (rsrPoints)', () => {
  it('business bands: 20 for 7.00–99.99, 10 for 3.00–6.99, else 0', () => {
    expect(rsrPoints(null)).toBe(0)
    expect(rsrPoints(0)).toBe(0)
    expect(rsrPoints(2.99)).toBe(0)
    expect(rsrPoints(3)).toBe(10)
    expect(rsrPoints(3.38)).toBe(10)
    expect(rsrPoints(6.99)).toBe(10)
    expect(rsrPoints(7)).toBe(20)
    expect(rsrPoints(23)).toBe(20)
    expect(rsrPoints(100)).toBe(0)
    expect(rsrPoints(999.99)).toBe(0)
  })

  it('differs from the anchor’s floating-point edges on purpose: 99.99 → 20, 6.995 → 10', () => {
    expect(rsrPoints(99.99)).toBe(20)
    expect(rsrPoints(6.995)).toBe(10)
  })

  it('agrees with the business bands on every two-decimal score from 0.00 to 120.00', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12000 }), hundredths => {
        const expected = hundredths >= 700 && hundredths <= 9999 ? 20 : hundredths >= 300 && hundredths <= 699 ? 10 : 0
        expect(rsrPoints(Number((hundredths / 100).toFixed(2)))).toBe(expected)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('protect level (protectLevel)', () => {
  it('only the larger of RSR and RoSH counts', () => {
    expect(protectLevel(facts({ rsrScore: 7, rosh: 'VERY_HIGH' })).points).toBe(150)
    expect(protectLevel(facts({ rsrScore: 7, rosh: 'MEDIUM' })).points).toBe(20)
    expect(protectLevel(facts({ rsrScore: 3.38, rosh: 'HIGH' })).points).toBe(20)
  })

  it('MAPPA: M2/M3 150, M1 5', () => {
    expect(protectLevel(facts({ mappaLevel: 'M3' })).points).toBe(150)
    expect(protectLevel(facts({ mappaLevel: 'M2' })).points).toBe(150)
    expect(protectLevel(facts({ mappaLevel: 'M1' })).points).toBe(5)
  })

  it('complexity factors: 2 each', () => {
    const factors: ComplexityFactor[] = ['MENTAL_HEALTH', 'TERRORISM', 'STREET_GANGS']
    expect(protectLevel(facts({ complexityFactors: factors })).breakdown.complexity).toBe(6)
  })

  it('level thresholds are inclusive: A ≥ 150, B ≥ 20, C ≥ 10', () => {
    expect([149, 150, 19, 20, 9, 10, 0].map(protectLevelForPoints)).toEqual(['B', 'A', 'C', 'B', 'D', 'C', 'D'])
  })

  it('breakdown keeps both RSR and RoSH points; the trace names every rule and the level', () => {
    const r = protectLevel(
      facts({ rsrScore: 23, rosh: 'HIGH', mappaLevel: 'M1', complexityFactors: ['CHILD_CONCERNS'] }),
    )
    expect(r.breakdown).toEqual({ rsr: 20, rosh: 20, mappa: 5, complexity: 2, additionalFactorsForWomen: 0 })
    expect(r.points).toBe(27)
    expect(r.level).toBe('B')
    expect(r.trace.map(s => s.rule)).toEqual([
      'RSR',
      'ROSH',
      'RSR_OR_ROSH',
      'MAPPA',
      'COMPLEXITY',
      'ADDITIONAL_FACTORS_FOR_WOMEN',
      'PROTECT_LEVEL',
    ])
    expect(r.trace[0]?.explanation).toBe('RSR 23 is in the 7.00–99.99 band: 20 points')
    expect(r.trace.at(-1)?.explanation).toBe('27 protect points, from 20 to 149: protect level B')
  })
})
