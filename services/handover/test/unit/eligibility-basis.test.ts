import { actingStaffOf } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import { eligibilityBasis } from '../../src/model/reconcile'
import type { EarlyAllocationRecord } from '../../src/model/records'

const assessment = (over: Partial<EarlyAllocationRecord>): EarlyAllocationRecord => ({
  id: 'ea-1',
  createdAt: '2026-08-01',
  createdAtInstant: '2026-08-01T10:00:00Z',
  createdBy: 'pom-1',
  updatedAt: '2026-08-01T10:00:00Z',
  oasysRiskAssessmentDate: '2026-07-01',
  answers: {
    convictedUnderTerrorismAct2000: false,
    highProfile: false,
    seriousCrimePreventionOrder: false,
    mappaLevel3: false,
    cppcCase: false,
    extremismSeparation: false,
    dueForReleaseInLessThan24Months: null,
    highRiskOfSeriousHarm: true,
    mappaLevel2: false,
    pathfinderProcess: false,
    otherReason: false,
  },
  outcome: 'discretionary',
  createdWithinReferralWindow: true,
  reason: 'x',
  approved: true,
  communityDecision: null,
  communityDecisionAt: null,
  ...over,
})

describe('the assessment behind an eligibility event', () => {
  it('a pending in-window discretionary referral is "discretionary" while not eligible', () => {
    expect(eligibilityBasis(false, assessment({}))).toEqual({
      assessmentId: 'ea-1',
      assessmentOutcome: 'discretionary',
    })
  })

  it('an accepted discretionary or an eligible assessment while eligible keeps its outcome', () => {
    expect(eligibilityBasis(true, assessment({ communityDecision: true })).assessmentOutcome).toBe('discretionary')
    expect(eligibilityBasis(true, assessment({ outcome: 'eligible' })).assessmentOutcome).toBe('eligible')
  })

  it('not eligible for another reason: declined, outside the window or a lapsed licence say null; ineligible says so', () => {
    expect(eligibilityBasis(false, assessment({ communityDecision: false })).assessmentOutcome).toBeNull()
    expect(eligibilityBasis(false, assessment({ createdWithinReferralWindow: false })).assessmentOutcome).toBeNull()
    expect(eligibilityBasis(false, assessment({ outcome: 'eligible' })).assessmentOutcome).toBeNull()
    expect(eligibilityBasis(false, assessment({ outcome: 'ineligible' })).assessmentOutcome).toBe('ineligible')
    expect(eligibilityBasis(false, null)).toEqual({ assessmentId: null, assessmentOutcome: null })
  })
})

describe('overriddenBy from the token', () => {
  const base = { subject: 's', roles: ['SPO'], prisons: [], pdus: [] }
  it('publishes the claims it can trust and null for blank or malformed ones', () => {
    expect(
      actingStaffOf({ ...base, staffId: '9001', name: ' Morgan Reyes ', email: 'm.reyes@justice.example' }),
    ).toEqual({ staffId: '9001', name: 'Morgan Reyes', email: 'm.reyes@justice.example' })
    expect(actingStaffOf({ ...base, staffId: '', name: '  ', email: 'nope@' })).toEqual({
      staffId: null,
      name: null,
      email: null,
    })
    expect(actingStaffOf({ ...base, staffId: undefined })).toEqual({ staffId: null, name: null, email: null })
  })
})
