/**
 * The early allocation assessment: OASys date (stage 1), automatic (stage 2) and discretionary (stage 3) answers,
 * and the community decision on a discretionary referral (handover.md §e.1; CONFORMANCE.md §5.3).
 */
import { z } from 'zod'
import { addMonths, type IsoDate, isAfter, isBefore } from '../shared/dates'
import { fail, ok, type Result, type RuleViolation } from '../shared/result'
import type { HandoverExplained } from './types'

export const EARLY_ALLOCATION_OUTCOME = {
  eligible: 'eligible',
  ineligible: 'ineligible',
  discretionary: 'discretionary',
} as const
export type EarlyAllocationOutcome = (typeof EARLY_ALLOCATION_OUTCOME)[keyof typeof EARLY_ALLOCATION_OUTCOME]

/** The last OASys risk assessment must be strictly after today − 3 months and strictly before today. */
export const OASYS_DATE_MAX_AGE_MONTHS = 3

const answer = z.boolean().nullable().default(null)
export const earlyAllocationAnswersSchema = z.object({
  convictedUnderTerrorismAct2000: answer,
  highProfile: answer,
  seriousCrimePreventionOrder: answer,
  mappaLevel3: answer,
  cppcCase: answer,
  extremismSeparation: answer,
  dueForReleaseInLessThan24Months: answer,
  highRiskOfSeriousHarm: answer,
  mappaLevel2: answer,
  pathfinderProcess: answer,
  otherReason: answer,
})
/** Each answer is yes (`true`), no (`false`) or not answered (`null`). */
export type EarlyAllocationAnswers = z.output<typeof earlyAllocationAnswersSchema>

/** Stage 2: any yes makes the case eligible. */
export const AUTOMATIC_CRITERIA = [
  'convictedUnderTerrorismAct2000',
  'highProfile',
  'seriousCrimePreventionOrder',
  'mappaLevel3',
  'cppcCase',
] as const satisfies readonly (keyof EarlyAllocationAnswers)[]

/** Stage 3: with none of these a yes, the case is ineligible. */
export const DISCRETIONARY_CRITERIA = [
  'extremismSeparation',
  'highRiskOfSeriousHarm',
  'mappaLevel2',
  'pathfinderProcess',
  'otherReason',
] as const satisfies readonly (keyof EarlyAllocationAnswers)[]

export const OUTCOME_REASON = {
  automaticCriterion: 'automatic_criterion',
  noDiscretionaryCriterion: 'no_discretionary_criterion',
  extremismNotDueWithin24Months: 'extremism_not_due_within_24_months',
  discretionaryCriterion: 'discretionary_criterion',
} as const
export type OutcomeReason = (typeof OUTCOME_REASON)[keyof typeof OUTCOME_REASON]

export interface EarlyAllocationOutcomeResult extends HandoverExplained<OutcomeReason> {
  outcome: EarlyAllocationOutcome
}

/**
 * Any automatic answer yes → eligible; else ineligible if none of extremism separation, high RoSH, MAPPA 2,
 * pathfinder, other reason is yes, or if extremism separation is yes and release within 24 months is not yes;
 * else discretionary (needs a reason, HoMD approval and a community decision).
 */
export function earlyAllocationOutcome(answers: EarlyAllocationAnswers): EarlyAllocationOutcomeResult {
  const out = (outcome: EarlyAllocationOutcome, reason: OutcomeReason, explanation: string) => ({
    outcome,
    reason,
    trace: [{ rule: `earlyAllocation.outcome.${reason}`, explanation, inputs: { ...answers } }],
  })
  const automatic = AUTOMATIC_CRITERIA.filter(k => answers[k] === true)
  if (automatic.length > 0) {
    return out('eligible', 'automatic_criterion', `automatic criteria answered yes (${automatic.join(', ')}): eligible`)
  }
  const discretionary = DISCRETIONARY_CRITERIA.filter(k => answers[k] === true)
  if (discretionary.length === 0) {
    return out(
      'ineligible',
      'no_discretionary_criterion',
      'no automatic and no discretionary criterion answered yes: ineligible',
    )
  }
  if (answers.extremismSeparation === true && answers.dueForReleaseInLessThan24Months !== true) {
    return out(
      'ineligible',
      'extremism_not_due_within_24_months',
      'in an extremism separation centre but not due for release within 24 months: ineligible (whatever else was answered)',
    )
  }
  return out(
    'discretionary',
    'discretionary_criterion',
    `discretionary criteria answered yes (${discretionary.join(', ')}): discretionary, needs a reason, HoMD approval and a community decision`,
  )
}

export const OASYS_DATE_REASON = {
  valid: 'valid',
  missing: 'missing',
  tooOld: 'too_old',
  notBeforeToday: 'not_before_today',
} as const
export type OasysDateReason = (typeof OASYS_DATE_REASON)[keyof typeof OASYS_DATE_REASON]

export interface OasysDateResult extends HandoverExplained<OasysDateReason> {
  valid: boolean
}

/** Stage 1: the last OASys risk assessment date is present, strictly after today − 3 months and strictly before today. */
export function validateOasysDate(oasysRiskAssessmentDate: IsoDate | null, today: IsoDate): OasysDateResult {
  const earliestAllowedExclusive = addMonths(today, -OASYS_DATE_MAX_AGE_MONTHS)
  const inputs = { oasysRiskAssessmentDate, today, earliestAllowedExclusive }
  const out = (valid: boolean, reason: OasysDateReason, explanation: string): OasysDateResult => ({
    valid,
    reason,
    trace: [{ rule: `earlyAllocation.oasysDate.${reason}`, explanation, inputs }],
  })
  if (oasysRiskAssessmentDate === null) return out(false, 'missing', 'no OASys risk assessment date: required')
  if (!isAfter(oasysRiskAssessmentDate, earliestAllowedExclusive)) {
    return out(
      false,
      'too_old',
      `OASys date ${oasysRiskAssessmentDate} is not after today − ${OASYS_DATE_MAX_AGE_MONTHS} months (${earliestAllowedExclusive}): too old`,
    )
  }
  if (!isBefore(oasysRiskAssessmentDate, today)) {
    return out(false, 'not_before_today', `OASys date ${oasysRiskAssessmentDate} is not before today ${today}`)
  }
  return out(
    true,
    'valid',
    `OASys date ${oasysRiskAssessmentDate} is after ${earliestAllowedExclusive} and before today ${today}: valid`,
  )
}

/** A discretionary assessment is complete only with a free-text reason and the HoMD approval tick. */
export function checkDiscretionaryCompletion(input: {
  outcome: EarlyAllocationOutcome
  reason: string | null
  approved: boolean | null
}): Result<true, RuleViolation> {
  if (input.outcome !== EARLY_ALLOCATION_OUTCOME.discretionary) return ok(true)
  if (input.reason === null || input.reason.trim() === '') {
    return fail({ field: 'reason', reason: 'a discretionary referral needs the reason for early allocation' })
  }
  if (input.approved !== true) {
    return fail({
      field: 'approved',
      reason: 'a discretionary referral needs the head of offender management delivery to approve it',
    })
  }
  return ok(true)
}

/** The part of a stored assessment the rules read. */
export interface EarlyAllocationAssessment {
  createdAt: IsoDate
  outcome: EarlyAllocationOutcome
  createdWithinReferralWindow: boolean
  /** The LDU's decision on a discretionary referral; `null` = not yet recorded. */
  communityDecision: boolean | null
}

/** In the referral window, discretionary, and no community decision yet. */
export function awaitingCommunityDecision(
  a: Pick<EarlyAllocationAssessment, 'outcome' | 'createdWithinReferralWindow' | 'communityDecision'>,
): boolean {
  return (
    a.createdWithinReferralWindow &&
    a.outcome === EARLY_ALLOCATION_OUTCOME.discretionary &&
    a.communityDecision === null
  )
}

/**
 * Records the LDU's yes/no on a discretionary referral made inside the referral window. Anything else (an automatic
 * outcome, an ineligible one, a referral saved outside the window, a decision already recorded) is rejected.
 */
export function recordCommunityDecision<A extends EarlyAllocationAssessment>(
  assessment: A,
  decision: boolean,
): Result<A, RuleViolation> {
  if (!awaitingCommunityDecision(assessment)) {
    const why =
      assessment.outcome !== EARLY_ALLOCATION_OUTCOME.discretionary
        ? `the outcome is ${assessment.outcome}, not discretionary`
        : !assessment.createdWithinReferralWindow
          ? 'the assessment was saved outside the referral window (a new assessment is needed)'
          : 'a community decision is already recorded'
    return fail({ field: 'communityDecision', reason: `no community decision is awaited: ${why}` })
  }
  return ok({ ...assessment, communityDecision: decision })
}
