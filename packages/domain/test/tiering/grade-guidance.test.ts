import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GRADE_GUIDANCE_CONFIG,
  type GradeGuidanceConfig,
  type GradeGuidanceInput,
  minimumGradeForCase,
  parseGradeGuidanceConfig,
  v2TierRank,
} from '../../src/tiering'

const grade = (input: Partial<GradeGuidanceInput>, config?: GradeGuidanceConfig) =>
  minimumGradeForCase({ rosh: 'LOW', v2Tier: null, v3Tier: null, ...input }, config).minimumGrade

describe('grade guidance (minimumGradeForCase)', () => {
  it('v2: a PSO may hold up to C2 (A3 … D0 order); C3 and above need a PO', () => {
    expect(grade({ v2Tier: 'D3' })).toBe('PSO')
    expect(grade({ v2Tier: 'C0' })).toBe('PSO')
    expect(grade({ v2Tier: 'C2' })).toBe('PSO')
    expect(grade({ v2Tier: 'C3' })).toBe('PO')
    expect(grade({ v2Tier: 'B0' })).toBe('PO')
    expect(grade({ v2Tier: 'A1' })).toBe('PO')
  })

  it('the S suffix is ignored', () => {
    expect(grade({ v2Tier: 'C2S' })).toBe('PSO')
    expect(grade({ v2Tier: 'B1S' })).toBe('PO')
  })

  it('RoSH: MEDIUM may stay with a PSO; HIGH and VERY_HIGH need a PO whatever the tier', () => {
    expect(grade({ rosh: 'MEDIUM', v2Tier: 'C2' })).toBe('PSO')
    expect(grade({ rosh: 'HIGH', v2Tier: 'D0' })).toBe('PO')
    expect(grade({ rosh: 'VERY_HIGH', v3Tier: 'G' })).toBe('PO')
  })

  it('v3: tiers A and B need a PO by default; C to G may stay with a PSO', () => {
    expect(grade({ v3Tier: 'A' })).toBe('PO')
    expect(grade({ v3Tier: 'B' })).toBe('PO')
    for (const t of ['C', 'D', 'E', 'F', 'G', 'NOT_SUPERVISED'] as const) expect(grade({ v3Tier: t })).toBe('PSO')
  })

  it('both models count: the stricter wins', () => {
    expect(grade({ v2Tier: 'D1', v3Tier: 'B' })).toBe('PO')
    expect(grade({ v2Tier: 'B1', v3Tier: 'E' })).toBe('PO')
  })

  it('no tier known (no v2 tier, v3 absent or MISSING): a PO by default', () => {
    expect(grade({})).toBe('PO')
    expect(grade({ v3Tier: 'MISSING' })).toBe('PO')
    expect(grade({ v2Tier: 'D2', v3Tier: 'MISSING' })).toBe('PSO')
  })

  it('unknown RoSH leaves the decision to the tier by default', () => {
    expect(grade({ rosh: null, v2Tier: 'D2' })).toBe('PSO')
  })

  it('the table is configuration', () => {
    const strict: GradeGuidanceConfig = {
      ...DEFAULT_GRADE_GUIDANCE_CONFIG,
      v2HighestPsoTier: 'D3',
      v3PoTiers: ['A', 'B', 'C'],
      unknownRoshGrade: 'PO',
      unknownTierGrade: 'PSO',
    }
    expect(grade({ v2Tier: 'C0' }, strict)).toBe('PO')
    expect(grade({ v3Tier: 'C' }, strict)).toBe('PO')
    expect(grade({ rosh: null, v2Tier: 'D0' }, strict)).toBe('PO')
    expect(grade({}, strict)).toBe('PSO')
    const loose: GradeGuidanceConfig = {
      ...DEFAULT_GRADE_GUIDANCE_CONFIG,
      poRoshLevels: ['VERY_HIGH'],
      v3PoTiers: ['A'],
    }
    expect(grade({ rosh: 'HIGH', v3Tier: 'B' }, loose)).toBe('PSO')
  })

  it('reasons and a sentence per rule', () => {
    const r = minimumGradeForCase({ rosh: 'HIGH', v2Tier: 'C3', v3Tier: 'B' })
    expect(r.poReasons).toEqual(['ROSH', 'V2_TIER', 'V3_TIER'])
    expect(r.trace.map(s => s.explanation)).toEqual([
      'RoSH HIGH needs a PO',
      'Tier C3 is above C2, the highest tier a PSO may hold: needs a PO',
      'Tier B needs a PO (PO tiers: A, B)',
      'Minimum grade PO',
    ])
  })

  it('v2 tier order: A3 highest (15) … D0 lowest (0); anything else is not a v2 tier', () => {
    expect(v2TierRank('A3')).toBe(15)
    expect(v2TierRank('C2')).toBe(6)
    expect(v2TierRank('D0')).toBe(0)
    expect(v2TierRank('B1S')).toBe(9)
    expect(v2TierRank('E1')).toBeNull()
    expect(v2TierRank('A4')).toBeNull()
    expect(v2TierRank('A1X')).toBeNull()
  })

  it('a configuration can be validated', () => {
    expect(parseGradeGuidanceConfig(DEFAULT_GRADE_GUIDANCE_CONFIG).ok).toBe(true)
    expect(parseGradeGuidanceConfig({ ...DEFAULT_GRADE_GUIDANCE_CONFIG, v2HighestPsoTier: 'E1' })).toMatchObject({
      ok: false,
      error: { field: 'v2HighestPsoTier' },
    })
  })
})
