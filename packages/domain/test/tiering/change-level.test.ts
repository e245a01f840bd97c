import { describe, expect, it } from 'vitest'
import {
  type ChangeFacts,
  changeLevel,
  changeLevelForPoints,
  type NeedsAssessment,
  ogrsPoints,
} from '../../src/tiering'
import { EMPTY_ASSESSMENT } from './fixtures'

const SEVERE_ALL: NeedsAssessment = {
  ...EMPTY_ASSESSMENT,
  sections: {
    accommodation: {
      noFixedAbodeOrTransient: 'Yes',
      suitabilityOfAccommodation: 'Significant',
      permanenceOfAccommodation: 'Significant',
      locationOfAccommodation: 'Significant',
    },
    educationTrainingEmployability: {
      unemployed: 'Significant',
      employmentHistory: 'Significant',
      workRelatedSkills: 'Significant',
      attitudeToEmployment: 'Significant',
    },
    relationships: {
      relCloseFamily: 'Significant',
      experienceOfChildhood: 'Significant',
      prevCloseRelationships: 'Significant',
    },
    lifestyleAndAssociates: {
      regActivitiesEncourageOffending: 'Significant',
      easilyInfluenced: 'Significant',
      recklessness: 'Significant',
    },
    drugMisuse: {
      currentDrugNoted: 'Significant',
      everInjectedDrugs: 'Currently',
      motivationToTackleDrugMisuse: 'Significant',
      drugsMajorActivity: 'Significant',
    },
    alcoholMisuse: {
      currentUse: 'Significant',
      bingeDrinking: 'Significant',
      frequencyAndLevel: 'Significant',
      alcoholTackleMotivation: 'Significant',
    },
    thinkingAndBehaviour: {
      recogniseProblems: 'Significant',
      problemSolvingSkills: 'Significant',
      awarenessOfConsequences: 'Significant',
      understandsViewsOfOthers: 'Significant',
    },
    attitudes: {
      proCriminalAttitudes: 'Significant',
      attitudesTowardsSupervision: 'Significant',
      attitudesTowardsCommunitySociety: 'Significant',
      motivationToAddressBehaviour: 'Significant',
    },
  },
}

const facts = (overrides: Partial<ChangeFacts>): ChangeFacts => ({
  hasNoMandate: false,
  assessment: EMPTY_ASSESSMENT,
  ogrsScore: null,
  hasIomNominal: false,
  ...overrides,
})

describe('change level (changeLevel)', () => {
  it('no mandate for change: level 0 with 0 points, whatever else', () => {
    const r = changeLevel(facts({ hasNoMandate: true, assessment: SEVERE_ALL, ogrsScore: 99 }))
    expect(r).toMatchObject({ level: 0, points: 0, breakdown: { NO_MANDATE_FOR_CHANGE: 0 } })
  })

  it('no assessment: level 2 with 0 points', () => {
    const r = changeLevel(facts({ assessment: null, ogrsScore: 99, hasIomNominal: true }))
    expect(r).toMatchObject({ level: 2, points: 0, breakdown: { NO_VALID_ASSESSMENT: 0 } })
  })

  it('OGRS: integer division by 10', () => {
    expect([9, 10, 51, 59, 100].map(ogrsPoints)).toEqual([0, 1, 5, 5, 10])
    expect(ogrsPoints(null)).toBe(0)
  })

  it('IOM nominal adds 2', () => {
    expect(changeLevel(facts({ hasIomNominal: true })).points).toBe(2)
  })

  it('all needs severe: 6 × 2 + 2 × 4 = 20 → level 3', () => {
    const r = changeLevel(facts({ assessment: SEVERE_ALL }))
    expect(r).toMatchObject({ level: 3, points: 20, breakdown: { NEEDS: 20, OGRS: 0, IOM: 0 } })
  })

  it('thresholds: 3 at 20, 2 at 10–19, otherwise 1 (also at 0 points)', () => {
    expect([0, 9, 10, 19, 20].map(changeLevelForPoints)).toEqual([1, 1, 2, 2, 3])
  })

  it('the trace explains each section, the totals and the level', () => {
    const r = changeLevel(facts({ assessment: SEVERE_ALL, ogrsScore: 41 }))
    const needs = r.trace.filter(s => s.rule === 'NEEDS')
    expect(needs).toHaveLength(9)
    expect(needs[0]?.explanation).toBe(
      'ACCOMMODATION score 8 (standard from 2, severe from 7): SEVERE × weight 1 = 2 points',
    )
    expect(r.trace.at(-1)?.explanation).toBe('24 change points, at least 20: change level 3')
  })
})
