import { describe, expect, it } from 'vitest'
import {
  checkDiscretionaryCompletion,
  type EarlyAllocationAnswers,
  type EarlyAllocationAssessment,
  type EarlyAllocationStateInput,
  type EarlyAllocationWindowInput,
  earlyAllocationActive,
  earlyAllocationOutcome,
  earlyAllocationReferral,
  earlyAllocationState,
  earlyAllocationWindow,
  recordCommunityDecision,
  referralWindowEntryDate,
  validateOasysDate,
} from '../../src/handover'

const TODAY = '2026-01-15'
const noAnswers: EarlyAllocationAnswers = {
  convictedUnderTerrorismAct2000: false,
  highProfile: false,
  seriousCrimePreventionOrder: false,
  mappaLevel3: false,
  cppcCase: false,
  extremismSeparation: null,
  dueForReleaseInLessThan24Months: null,
  highRiskOfSeriousHarm: null,
  mappaLevel2: null,
  pathfinderProcess: null,
  otherReason: null,
}
const outcome = (o: Partial<EarlyAllocationAnswers>) => earlyAllocationOutcome({ ...noAnswers, ...o })

describe('early allocation stage 1: OASys date (handover.md §e.1)', () => {
  it('valid strictly after today − 3 months and strictly before today', () => {
    expect(validateOasysDate('2025-10-16', TODAY)).toMatchObject({ valid: true, reason: 'valid' })
    expect(validateOasysDate('2026-01-14', TODAY).valid).toBe(true)
    expect(validateOasysDate('2025-10-15', TODAY)).toMatchObject({ valid: false, reason: 'too_old' })
    expect(validateOasysDate(TODAY, TODAY)).toMatchObject({ valid: false, reason: 'not_before_today' })
    expect(validateOasysDate('2026-01-16', TODAY).valid).toBe(false)
    expect(validateOasysDate(null, TODAY)).toMatchObject({ valid: false, reason: 'missing' })
  })
})

describe('early allocation stages 2–3: assessment outcome (handover.md §e.1)', () => {
  it('any automatic criterion yes: eligible', () => {
    for (const k of [
      'convictedUnderTerrorismAct2000',
      'highProfile',
      'seriousCrimePreventionOrder',
      'mappaLevel3',
      'cppcCase',
    ]) {
      expect(outcome({ [k]: true })).toMatchObject({ outcome: 'eligible', reason: 'automatic_criterion' })
    }
  })

  it('no discretionary criterion yes: ineligible', () => {
    expect(outcome({ extremismSeparation: false, highRiskOfSeriousHarm: false })).toMatchObject({
      outcome: 'ineligible',
      reason: 'no_discretionary_criterion',
    })
    expect(outcome({ dueForReleaseInLessThan24Months: true }).outcome).toBe('ineligible')
  })

  it('extremism separation without release due within 24 months: ineligible, whatever else', () => {
    expect(
      outcome({ extremismSeparation: true, dueForReleaseInLessThan24Months: false, highRiskOfSeriousHarm: true }),
    ).toMatchObject({
      outcome: 'ineligible',
      reason: 'extremism_not_due_within_24_months',
    })
    expect(outcome({ extremismSeparation: true }).outcome).toBe('ineligible')
  })

  it('a discretionary criterion yes: discretionary', () => {
    expect(outcome({ extremismSeparation: true, dueForReleaseInLessThan24Months: true }).outcome).toBe('discretionary')
    for (const k of ['highRiskOfSeriousHarm', 'mappaLevel2', 'pathfinderProcess', 'otherReason']) {
      expect(outcome({ [k]: true })).toMatchObject({ outcome: 'discretionary', reason: 'discretionary_criterion' })
    }
  })

  it('a discretionary referral needs a reason and HoMD approval', () => {
    expect(checkDiscretionaryCompletion({ outcome: 'discretionary', reason: 'x', approved: true })).toEqual({
      ok: true,
      value: true,
    })
    expect(checkDiscretionaryCompletion({ outcome: 'discretionary', reason: ' ', approved: true })).toMatchObject({
      ok: false,
      error: { field: 'reason' },
    })
    expect(checkDiscretionaryCompletion({ outcome: 'discretionary', reason: 'x', approved: null })).toMatchObject({
      ok: false,
      error: { field: 'approved' },
    })
    expect(checkDiscretionaryCompletion({ outcome: 'eligible', reason: null, approved: null }).ok).toBe(true)
  })
})

describe('early allocation community decision (handover.md §e.2)', () => {
  const pending: EarlyAllocationAssessment = {
    createdAt: '2025-12-01',
    outcome: 'discretionary',
    createdWithinReferralWindow: true,
    communityDecision: null,
  }

  it('is recorded on an in-window discretionary referral awaiting it', () => {
    expect(recordCommunityDecision(pending, true)).toEqual({ ok: true, value: { ...pending, communityDecision: true } })
  })

  it('is rejected on anything else', () => {
    expect(recordCommunityDecision({ ...pending, outcome: 'eligible' }, true).ok).toBe(false)
    expect(recordCommunityDecision({ ...pending, createdWithinReferralWindow: false }, true)).toMatchObject({
      ok: false,
      error: { field: 'communityDecision' },
    })
    expect(recordCommunityDecision({ ...pending, communityDecision: false }, true).ok).toBe(false)
  })

  it('saving an assessment: eligible in window activates, discretionary asks the LDU, otherwise save only', () => {
    expect(earlyAllocationReferral('eligible', true).action).toBe('activate_and_notify_ldu')
    expect(earlyAllocationReferral('discretionary', true).action).toBe('request_community_decision')
    expect(earlyAllocationReferral('ineligible', true).action).toBe('save_only')
    expect(earlyAllocationReferral('eligible', false).action).toBe('save_only')
  })
})

describe('early allocation active (handover.md §e.3)', () => {
  const eligible: EarlyAllocationAssessment = {
    createdAt: '2025-12-01',
    outcome: 'eligible',
    createdWithinReferralWindow: true,
    communityDecision: null,
  }
  const active = (assessments: EarlyAllocationAssessment[], licenceExpiryDate: string | null = null) =>
    earlyAllocationActive({ sentenceStartDate: '2025-06-01', licenceExpiryDate, assessments }, TODAY)

  it('latest in-window eligible assessment: active', () => {
    expect(active([eligible])).toMatchObject({ active: true, reason: 'active' })
  })

  it('latest in-window discretionary with community decision yes: active; pending or no: not', () => {
    const disc = { ...eligible, outcome: 'discretionary' as const }
    expect(active([{ ...disc, communityDecision: true }]).active).toBe(true)
    expect(active([disc])).toMatchObject({ active: false, reason: 'latest_not_eligible' })
    expect(active([{ ...disc, communityDecision: false }]).active).toBe(false)
  })

  it('a later ineligible assessment switches it off', () => {
    expect(active([eligible, { ...eligible, createdAt: '2026-01-01', outcome: 'ineligible' }]).active).toBe(false)
  })

  it('assessments before the sentence start are ignored', () => {
    const r = active([{ ...eligible, createdAt: '2025-05-31' }])
    expect(r).toMatchObject({ active: false, reason: 'no_assessment' })
    expect(r.trace[0]?.explanation).toContain('1 made before the sentence start')
  })

  it('created outside the referral window: not active', () => {
    expect(active([{ ...eligible, createdWithinReferralWindow: false }]).reason).toBe('latest_not_in_window')
  })

  it('licence expiry before today: not active; on today: still active', () => {
    expect(active([eligible], '2026-01-14')).toMatchObject({ active: false, reason: 'licence_expired' })
    expect(active([eligible], TODAY).active).toBe(true)
  })
})

describe('early allocation 18-month referral window (handover.md §e.2)', () => {
  const dates: EarlyAllocationWindowInput = {
    tariffDate: null,
    paroleEligibilityDate: null,
    targetHearingDate: null,
    automaticReleaseDate: null,
    conditionalReleaseDate: null,
    conditionalReleaseOverrideDate: null,
    automaticReleaseOverrideDate: null,
    assessments: [],
  }
  const window = (o: Partial<EarlyAllocationWindowInput>) => earlyAllocationWindow({ ...dates, ...o }, TODAY)

  it('inside when the earliest date is on or before today + 18 months', () => {
    expect(window({ conditionalReleaseDate: '2027-07-15' })).toMatchObject({
      withinWindow: true,
      reason: 'within_window',
    })
    expect(window({ conditionalReleaseDate: '2027-07-16' })).toMatchObject({
      withinWindow: false,
      reason: 'outside_window',
    })
    expect(window({})).toMatchObject({ withinWindow: false, reason: 'no_release_dates', windowEntryDate: null })
  })

  it('past dates count (anchor quirk j.12, kept)', () => {
    expect(window({ tariffDate: '2024-01-01', conditionalReleaseDate: '2035-01-01' })).toMatchObject({
      withinWindow: true,
      earliestDate: { date: '2024-01-01', type: 'TED' },
    })
  })

  it('remind the POM when inside, an old eligible/discretionary assessment exists and none made in the window', () => {
    const old = { outcome: 'discretionary' as const, createdWithinReferralWindow: false }
    expect(window({ conditionalReleaseDate: '2027-01-01', assessments: [old] }).needsEarlyAllocationNotify).toBe(true)
    expect(
      window({
        conditionalReleaseDate: '2027-01-01',
        assessments: [old, { outcome: 'ineligible', createdWithinReferralWindow: true }],
      }).needsEarlyAllocationNotify,
    ).toBe(false)
    expect(
      window({ conditionalReleaseDate: '2027-01-01', assessments: [{ ...old, outcome: 'ineligible' }] })
        .needsEarlyAllocationNotify,
    ).toBe(false)
    expect(window({ conditionalReleaseDate: '2030-01-01', assessments: [old] }).needsEarlyAllocationNotify).toBe(false)
  })

  it('window entry date: earliest − 18 months, pushed later by month-end clamping', () => {
    expect(referralWindowEntryDate('2027-07-15')).toBe('2026-01-15')
    expect(referralWindowEntryDate('2027-08-31')).toBe('2026-03-01')
    expect(window({ conditionalReleaseDate: '2027-08-31' }).windowEntryDate).toBe('2026-03-01')
  })
})

describe('early allocation case-page state (handover.md §e.3)', () => {
  const base: EarlyAllocationStateInput = {
    sentenceStartDate: '2025-06-01',
    licenceExpiryDate: null,
    tariffDate: null,
    paroleEligibilityDate: null,
    targetHearingDate: null,
    automaticReleaseDate: null,
    conditionalReleaseDate: '2027-01-01',
    conditionalReleaseOverrideDate: null,
    automaticReleaseOverrideDate: null,
    assessments: [],
  }
  const a = (o: Partial<EarlyAllocationAssessment>): EarlyAllocationAssessment => ({
    createdAt: '2025-12-01',
    outcome: 'eligible',
    createdWithinReferralWindow: true,
    communityDecision: null,
    ...o,
  })
  const state = (assessments: EarlyAllocationAssessment[], o: Partial<EarlyAllocationStateInput> = {}) =>
    earlyAllocationState({ ...base, ...o, assessments }, TODAY).state

  it('eligible, decision pending, call to action, assessment saved, none', () => {
    expect(state([a({})])).toBe('eligible')
    expect(state([a({ outcome: 'discretionary' })])).toBe('decision_pending')
    expect(state([a({ createdWithinReferralWindow: false })])).toBe('call_to_action')
    expect(state([a({ createdWithinReferralWindow: false })], { conditionalReleaseDate: '2030-01-01' })).toBe(
      'assessment_saved',
    )
    expect(state([a({ outcome: 'ineligible' })])).toBe('assessment_saved')
    expect(state([])).toBeNull()
  })
})
