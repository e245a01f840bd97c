import { describe, expect, it } from 'vitest'
import { calculateTierV2, type NeedsAssessment } from '../../src/tiering'
import { EMPTY_ASSESSMENT, reg, v2Input } from './fixtures'

describe('tier v2 (calculateTierV2)', () => {
  it('worked check: M2 MAPPA + RSR 23 + no assessment → 170 → A, change 2 → A2', () => {
    const r = calculateTierV2(
      v2Input({ rsrScore: 23, registrations: [reg('MAPP', '2024-01-01', 'M2')], assessment: null }),
    )
    expect(r).toMatchObject({ tier: 'A2', protectPoints: 170, changePoints: 0, protectLevel: 'A', changeLevel: 2 })
  })

  it('worked check: M1 + RoSH HIGH + RCCO/RCPR/RCHD, RSR 23, OGRS 21 → 31 → B1', () => {
    const r = calculateTierV2(
      v2Input({
        rsrScore: 23,
        ogrsScore: 21,
        registrations: [reg('MAPP', '2024-01-01', 'M1'), reg('RHRH'), reg('RCCO'), reg('RCPR'), reg('RCHD')],
      }),
    )
    expect(r).toMatchObject({ tier: 'B1', protectPoints: 31, changePoints: 2 })
  })

  it('worked check: RSR 3.38 + RoSH HIGH → B; needs 11 + OGRS 41 → 15 → B2', () => {
    const assessment: NeedsAssessment = {
      ...EMPTY_ASSESSMENT,
      sections: {
        // SEVERE 2 + SEVERE 2 + SEVERE 2 + STANDARD 1 + T&B SEVERE 4 = 11
        accommodation: {
          suitabilityOfAccommodation: 'Significant',
          permanenceOfAccommodation: 'Significant',
          locationOfAccommodation: 'Significant',
          noFixedAbodeOrTransient: 'Yes',
        },
        relationships: {
          relCloseFamily: 'Significant',
          experienceOfChildhood: 'Significant',
          prevCloseRelationships: 'Some',
        },
        lifestyleAndAssociates: {
          regActivitiesEncourageOffending: 'Significant',
          easilyInfluenced: 'Significant',
          recklessness: 'Some',
        },
        drugMisuse: { currentDrugNoted: 'Significant' },
        thinkingAndBehaviour: {
          recogniseProblems: 'Significant',
          problemSolvingSkills: 'Significant',
          awarenessOfConsequences: 'Significant',
          understandsViewsOfOthers: 'Some',
        },
      },
    }
    const r = calculateTierV2(v2Input({ rsrScore: 3.38, ogrsScore: 41, registrations: [reg('RHRH')], assessment }))
    expect(r).toMatchObject({ tier: 'B2', protectPoints: 20, changePoints: 15 })
  })

  it('S suffix for a PRC registration changes no numbers', () => {
    const plain = calculateTierV2(v2Input({ rsrScore: 23 }))
    const prc = calculateTierV2(v2Input({ rsrScore: 23, registrations: [reg('PRC')] }))
    expect(plain.tier).toBe('B1')
    expect(prc.tier).toBe('B1S')
    expect(prc.unsupervised).toBe(true)
    expect(prc.protectPoints).toBe(plain.protectPoints)
    expect(prc.changePoints).toBe(plain.changePoints)
  })

  it('no convictions: no mandate → change 0 (A0 with M3)', () => {
    expect(calculateTierV2(v2Input({ convictions: [], registrations: [reg('MAPP', '2024-01-01', 'M3')] })).tier).toBe(
      'A0',
    )
  })

  it('null RSR and OGRS count as 0', () => {
    expect(calculateTierV2(v2Input({ isFemale: true, assessment: null })).tier).toBe('D2')
  })

  it('women’s factors add to the protect points', () => {
    const r = calculateTierV2(
      v2Input({
        isFemale: true,
        previousEnforcementActivity: true,
        assessment: { ...EMPTY_ASSESSMENT, parentalResponsibilities: 'Yes', temperControl: 'Some' },
        registrations: [reg('MAPP', '2024-01-01', 'M1')],
      }),
    )
    expect(r.protectPoints).toBe(11)
    expect(r.protectBreakdown.additionalFactorsForWomen).toBe(6)
  })

  it('every step has a rule and a sentence; the last names the tier', () => {
    const r = calculateTierV2(v2Input({ rsrScore: 23, registrations: [reg('PRC')] }))
    for (const step of r.trace) {
      expect(step.rule).toMatch(/^[A-Z_0-9]+$/)
      expect(step.explanation.length).toBeGreaterThan(10)
    }
    expect(r.trace.at(-1)?.explanation).toBe(
      'Protect level B, change level 1, PRC registration (unsupervised) adds S: tier B1S',
    )
  })

  it('trace steps are immutable (shared between calculations)', () => {
    const r = calculateTierV2(v2Input())
    const step = r.trace.find(s => s.rule === 'ROSH')!
    expect(Object.isFrozen(step)).toBe(true)
  })
})
