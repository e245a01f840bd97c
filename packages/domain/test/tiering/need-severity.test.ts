import { describe, expect, it } from 'vitest'
import { NEED_SECTION_RULES, needSeverity } from '../../src/tiering'

describe('need severity (needSeverity)', () => {
  it('score absent when every answer is Missing or Unknown, or nothing is answered', () => {
    expect(
      needSeverity(
        'accommodation',
        { noFixedAbodeOrTransient: 'Unknown', suitabilityOfAccommodation: 'Missing' },
        false,
      ),
    ).toMatchObject({ score: null, severity: null })
    expect(needSeverity('relationships', {}, false)).toMatchObject({ score: null, severity: null })
    expect(needSeverity('relationships', null, false)).toMatchObject({ score: null, severity: null })
    expect(needSeverity('relationships', { relCloseFamily: null }, false)).toMatchObject({ score: null })
  })

  it('None answers give a score of 0 (NO_NEED), not an absent score', () => {
    expect(needSeverity('relationships', { relCloseFamily: 'None' }, false)).toMatchObject({
      score: 0,
      severity: 'NO_NEED',
    })
  })

  it('answer scores: Yes 2, Some 1, Significant 2, Previous 1, Currently 2, the rest 0', () => {
    expect(
      needSeverity(
        'drugMisuse',
        {
          currentDrugNoted: 'Some',
          everInjectedDrugs: 'Currently',
          motivationToTackleDrugMisuse: 'Some',
          drugsMajorActivity: 'Significant',
        },
        false,
      ).score,
    ).toBe(6)
    expect(needSeverity('drugMisuse', { everInjectedDrugs: 'Previous' }, false).score).toBe(1)
    expect(
      needSeverity('accommodation', { noFixedAbodeOrTransient: 'Yes', suitabilityOfAccommodation: 'No' }, false).score,
    ).toBe(2)
    expect(needSeverity('drugMisuse', { everInjectedDrugs: 'Never' }, false).score).toBe(0)
  })

  it('thresholds are inclusive: standard and severe', () => {
    // accommodation 2 / 7
    expect(needSeverity('accommodation', { suitabilityOfAccommodation: 'Some' }, false).severity).toBe('NO_NEED')
    expect(needSeverity('accommodation', { suitabilityOfAccommodation: 'Significant' }, false).severity).toBe(
      'STANDARD',
    )
    const seven = {
      noFixedAbodeOrTransient: 'Yes',
      suitabilityOfAccommodation: 'Significant',
      permanenceOfAccommodation: 'Significant',
      locationOfAccommodation: 'Some',
    } as const
    expect(needSeverity('accommodation', seven, false)).toMatchObject({ score: 7, severity: 'SEVERE' })
  })

  it('SAN indicator uses the SAN thresholds where the section has them', () => {
    const five = {
      suitabilityOfAccommodation: 'Significant',
      permanenceOfAccommodation: 'Significant',
      locationOfAccommodation: 'Some',
    } as const
    expect(needSeverity('accommodation', five, false).severity).toBe('STANDARD')
    expect(needSeverity('accommodation', five, true).severity).toBe('SEVERE')
    expect(needSeverity('attitudes', { proCriminalAttitudes: 'Some' }, false).severity).toBe('NO_NEED')
    expect(needSeverity('attitudes', { proCriminalAttitudes: 'Some' }, true).severity).toBe('STANDARD')
  })

  it('SAN indicator has no effect on sections without SAN thresholds', () => {
    const answers = { relCloseFamily: 'Significant', experienceOfChildhood: 'Significant' } as const
    expect(needSeverity('relationships', answers, true)).toEqual(needSeverity('relationships', answers, false))
  })

  it('keys that are not the section’s questions are ignored', () => {
    expect(needSeverity('relationships', { relCloseFamily: 'Some', unemployed: 'Significant' }, false).score).toBe(1)
  })

  it('weights: thinking and behaviour and attitudes 2, the others 1', () => {
    const weights = Object.fromEntries(NEED_SECTION_RULES.map(r => [r.key, r.weight]))
    expect(weights).toEqual({
      accommodation: 1,
      educationTrainingEmployability: 1,
      relationships: 1,
      lifestyleAndAssociates: 1,
      drugMisuse: 1,
      alcoholMisuse: 1,
      thinkingAndBehaviour: 2,
      attitudes: 2,
    })
  })
})
