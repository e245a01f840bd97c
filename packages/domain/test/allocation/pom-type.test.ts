import { describe, expect, it } from 'vitest'
import type { PomTypeInput } from '../../src/allocation'
import {
  NO_RECOMMENDATION,
  OVERRIDE_DETAIL_MAX_LENGTH,
  POM_TYPE_LABEL,
  pomTypeOfPosition,
  recommendationCode,
  recommendationStrategyFor,
  recommendPomType,
  validatePomTypeChoice,
} from '../../src/allocation'

const base: PomTypeInput = { isImmigrationCase: false, pomResponsible: true, tier: 'A', rosh: 'HIGH', strategy: 'tier' }

describe('recommended POM type — both strategies', () => {
  it.each(['tier', 'rosh'] as const)('an immigration case gets a prison POM first (%s strategy)', strategy => {
    const r = recommendPomType({ ...base, strategy, isImmigrationCase: true, pomResponsible: false })
    expect(r).toMatchObject({ pomType: 'PRISON', reason: 'immigration_case' })
  })

  it.each(['tier', 'rosh'] as const)('a POM in a supporting role is a prison POM (%s strategy)', strategy => {
    const r = recommendPomType({ ...base, strategy, pomResponsible: false, tier: 'A', rosh: 'VERY_HIGH' })
    expect(r).toMatchObject({ pomType: 'PRISON', reason: 'supporting_role' })
  })
})

describe('recommended POM type — tier strategy', () => {
  it.each([
    ['A', 'PROBATION'],
    ['B', 'PROBATION'],
    ['C', 'PRISON'],
    ['D', 'PRISON'],
    ['E', 'PRISON'],
    ['G', 'PRISON'],
  ] as const)('tier %s → %s, whatever the RoSH', (tier, pomType) => {
    expect(recommendPomType({ ...base, tier, rosh: 'VERY_HIGH' })).toMatchObject({ pomType, reason: 'tier_based' })
  })

  it('a case with no tier yet is not A or B, so a prison POM', () => {
    expect(recommendPomType({ ...base, tier: null })).toMatchObject({ pomType: 'PRISON', reason: 'tier_based' })
  })
})

describe('recommended POM type — RoSH strategy', () => {
  const rosh = { ...base, strategy: 'rosh' } as const

  it('tier A → probation POM regardless of RoSH, even when RoSH is missing', () => {
    expect(recommendPomType({ ...rosh, tier: 'A', rosh: 'LOW' })).toMatchObject({
      pomType: 'PROBATION',
      reason: 'tier_based',
    })
    expect(recommendPomType({ ...rosh, tier: 'A', rosh: null })).toMatchObject({
      pomType: 'PROBATION',
      reason: 'tier_based',
    })
  })

  it.each([
    ['VERY_HIGH', 'PROBATION'],
    ['HIGH', 'PROBATION'],
    ['MEDIUM', 'PRISON'],
    ['LOW', 'PRISON'],
  ] as const)('RoSH %s → %s', (level, pomType) => {
    expect(recommendPomType({ ...rosh, tier: 'B', rosh: level })).toMatchObject({ pomType, reason: 'rosh_based' })
  })

  it('missing RoSH below tier A → no recommendation (NOREC)', () => {
    const r = recommendPomType({ ...rosh, tier: 'B', rosh: null })
    expect(r).toMatchObject({ pomType: null, reason: 'missing_rosh' })
    expect(recommendationCode(r.pomType)).toBe(NO_RECOMMENDATION)
    expect(r.trace.at(-1)?.explanation).toMatch(/override reason will be required/)
  })

  it('explains every decision in a sentence', () => {
    const r = recommendPomType({ ...rosh, tier: 'C', rosh: 'VERY_HIGH' })
    expect(r.trace.map(s => s.explanation)).toEqual([
      'Recommending by tier A and RoSH (the RoSH strategy).',
      'The case has a very high RoSH: a probation POM.',
    ])
  })
})

describe('recommendation codes and strategy selection', () => {
  it('the rosh_recommendations flag selects the RoSH strategy; production (off) uses the tier table', () => {
    expect(recommendationStrategyFor({ roshRecommendations: true })).toBe('rosh')
    expect(recommendationStrategyFor({ roshRecommendations: false })).toBe('tier')
  })

  it('maps POM types to NOMIS positions and stored labels', () => {
    expect(recommendationCode('PROBATION')).toBe('PO')
    expect(recommendationCode('PRISON')).toBe('PRO')
    expect(pomTypeOfPosition('PO')).toBe('PROBATION')
    expect(pomTypeOfPosition('PRO')).toBe('PRISON')
    expect(POM_TYPE_LABEL).toEqual({ PROBATION: 'probation', PRISON: 'prison' })
  })
})

describe('reason against the recommendation (override)', () => {
  it('is not needed when the chosen type is the recommended one', () => {
    const r = validatePomTypeChoice({ recommended: 'PRISON', chosen: 'PRISON', override: null })
    expect(r.ok && r.value).toMatchObject({ overrideNeeded: false, override: null })
  })

  it('is required when the chosen type differs', () => {
    const r = validatePomTypeChoice({ recommended: 'PRISON', chosen: 'PROBATION', override: { reasons: [] } })
    expect(r).toEqual({ ok: false, error: { field: 'override.reasons', reason: 'Select at least one reason' } })
  })

  it('is required when there is no recommendation', () => {
    expect(validatePomTypeChoice({ recommended: null, chosen: 'PRISON', override: null }).ok).toBe(false)
    const r = validatePomTypeChoice({ recommended: null, chosen: 'PRISON', override: { reasons: ['no_staff'] } })
    expect(r.ok && r.value.override).toEqual({ reasons: ['no_staff'], suitabilityDetail: null, otherDetail: null })
  })

  it('continuity (worked with the prisoner before) needs no detail', () => {
    const r = validatePomTypeChoice({
      recommended: 'PROBATION',
      chosen: 'PRISON',
      override: { reasons: ['continuity'] },
    })
    expect(r.ok).toBe(true)
  })

  it('"not suitable" needs a suitability detail', () => {
    const r = validatePomTypeChoice({
      recommended: 'PROBATION',
      chosen: 'PRISON',
      override: { reasons: ['suitability'], suitabilityDetail: '   ' },
    })
    expect(!r.ok && r.error.field).toBe('override.suitabilityDetail')
  })

  it('"other" needs its own detail of at most 175 characters', () => {
    const choice = (otherDetail: string) =>
      validatePomTypeChoice({
        recommended: 'PRISON',
        chosen: 'PROBATION',
        override: { reasons: ['other'], otherDetail },
      })
    expect(OVERRIDE_DETAIL_MAX_LENGTH).toBe(175)
    expect(choice('x'.repeat(175)).ok).toBe(true)
    const tooLong = choice('x'.repeat(176))
    expect(!tooLong.ok && tooLong.error.field).toBe('override.otherDetail')
    expect(choice('').ok).toBe(false)
  })

  it('counts characters, not UTF-16 units, and stores trimmed, deduplicated reasons', () => {
    const r = validatePomTypeChoice({
      recommended: 'PRISON',
      chosen: 'PROBATION',
      override: { reasons: ['other', 'no_staff', 'other'], otherDetail: ` ${'😀'.repeat(175)} ` },
    })
    expect(r.ok && r.value.override).toEqual({
      reasons: ['other', 'no_staff'],
      suitabilityDetail: null,
      otherDetail: '😀'.repeat(175),
    })
  })
})
