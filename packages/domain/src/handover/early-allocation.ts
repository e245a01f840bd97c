/**
 * Early allocation over time: the 18-month referral window, when an assessment is active, the UI state and what a
 * new assessment triggers (handover.md §e.2–§e.4; CONFORMANCE.md §5.3).
 */
import { z } from 'zod'
import { addDays, addMonths, type IsoDate, isOnOrAfter, isOnOrBefore, isoDateSchema } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import { effectiveReleaseDates, type ReleaseDates, releaseDatesSchema } from './earliest-release'
import {
  awaitingCommunityDecision,
  EARLY_ALLOCATION_OUTCOME,
  type EarlyAllocationAssessment,
  type EarlyAllocationOutcome,
} from './early-allocation-assessment'
import { type HandoverExplained, type NamedDate, RELEASE_DATE_TYPE } from './types'

/** A case is in the referral window when its earliest release-type date is on or before today + 18 months. */
export const REFERRAL_WINDOW_MONTHS = 18

const outcomeSchema = z.enum(EARLY_ALLOCATION_OUTCOME)

export const earlyAllocationAssessmentSchema = z.object({
  createdAt: isoDateSchema,
  outcome: outcomeSchema,
  createdWithinReferralWindow: z.boolean(),
  communityDecision: z.boolean().nullable().default(null),
})

export const earlyAllocationWindowInputSchema = releaseDatesSchema.extend({
  assessments: z.array(z.object({ outcome: outcomeSchema, createdWithinReferralWindow: z.boolean() })).default([]),
})
export type EarlyAllocationWindowInput = z.output<typeof earlyAllocationWindowInputSchema>

export const earlyAllocationActiveInputSchema = z.object({
  sentenceStartDate: isoDateSchema,
  licenceExpiryDate: isoDateSchema.nullable().default(null),
  /** In creation order. */
  assessments: z.array(earlyAllocationAssessmentSchema),
})
export type EarlyAllocationActiveInput = z.output<typeof earlyAllocationActiveInputSchema>

/** The earliest of TED, PED, THD, ARD, CRD (override dates applied), past dates included (quirk j.12, kept). */
export function earlyAllocationEarliestDate(dates: ReleaseDates): NamedDate | null {
  const full = dates
  const { crd, ard } = effectiveReleaseDates(full)
  const candidates: [IsoDate | null, NamedDate['type']][] = [
    [full.tariffDate, RELEASE_DATE_TYPE.ted],
    [full.paroleEligibilityDate, RELEASE_DATE_TYPE.ped],
    [full.targetHearingDate, RELEASE_DATE_TYPE.thd],
    [ard, RELEASE_DATE_TYPE.ard],
    [crd, RELEASE_DATE_TYPE.crd],
  ]
  let best: NamedDate | null = null
  for (const [date, type] of candidates) if (date !== null && (best === null || date < best.date)) best = { date, type }
  return best
}

/**
 * The first day on which a case with this earliest date is inside the referral window: the smallest d with
 * d + 18 months ≥ earliest. Usually earliest − 18 months, but month-end clamping can push it a few days later
 * (earliest 2027-08-31 → 2026-03-01, because 2026-02-28 + 18 months = 2027-08-28).
 */
export function referralWindowEntryDate(earliest: IsoDate): IsoDate {
  let d = addMonths(earliest, -REFERRAL_WINDOW_MONTHS)
  while (addMonths(d, REFERRAL_WINDOW_MONTHS) < earliest) d = addDays(d, 1)
  return d
}

export interface EarlyAllocationWindowResult
  extends HandoverExplained<'within_window' | 'outside_window' | 'no_release_dates'> {
  withinWindow: boolean
  /** The POM should be reminded to re-assess (daily suitability email). */
  needsEarlyAllocationNotify: boolean
  earliestDate: NamedDate | null
  /** First day inside the window (may be in the past); `null` without release dates. */
  windowEntryDate: IsoDate | null
}

/**
 * withinWindow = earliest non-null of TED, PED, THD, ARD, CRD (past included) ≤ today + 18 months.
 * needsEarlyAllocationNotify = within the window, some assessment created outside the window is not ineligible,
 * and no assessment was created within the window.
 */
export function earlyAllocationWindow(input: EarlyAllocationWindowInput, today: IsoDate): EarlyAllocationWindowResult {
  const trace: TraceStep[] = []
  const earliest = earlyAllocationEarliestDate(input)
  const limit = addMonths(today, REFERRAL_WINDOW_MONTHS)
  const withinWindow = earliest !== null && isOnOrBefore(earliest.date, limit)
  const reason = earliest === null ? 'no_release_dates' : withinWindow ? 'within_window' : 'outside_window'
  trace.push({
    rule: `earlyAllocation.window.${reason}`,
    explanation:
      earliest === null
        ? 'no TED, PED, THD, ARD or CRD: outside the referral window'
        : `earliest date ${earliest.type} ${earliest.date} is ${withinWindow ? 'on or before' : 'after'} today + ${REFERRAL_WINDOW_MONTHS} months (${limit}): ${withinWindow ? 'inside' : 'outside'} the referral window`,
    inputs: { earliestDate: earliest, today, limit },
  })
  const pendingOld = input.assessments.filter(a => !a.createdWithinReferralWindow && a.outcome !== 'ineligible')
  const anyInWindow = input.assessments.some(a => a.createdWithinReferralWindow)
  const needsEarlyAllocationNotify = withinWindow && pendingOld.length > 0 && !anyInWindow
  trace.push({
    rule: 'earlyAllocation.window.notify',
    explanation: needsEarlyAllocationNotify
      ? `inside the window, ${pendingOld.length} eligible/discretionary assessment(s) saved before the window and none since: remind the POM to re-assess`
      : !withinWindow
        ? 'outside the window: no reminder'
        : anyInWindow
          ? 'an assessment was already made inside the window: no reminder'
          : 'no eligible or discretionary assessment saved before the window: no reminder',
    inputs: { assessments: input.assessments.length },
  })
  return {
    withinWindow,
    needsEarlyAllocationNotify,
    earliestDate: earliest,
    windowEntryDate: earliest === null ? null : referralWindowEntryDate(earliest.date),
    reason,
    trace,
  }
}

export const ACTIVE_REASON = {
  noAssessment: 'no_assessment',
  notInWindow: 'latest_not_in_window',
  notEligible: 'latest_not_eligible',
  licenceExpired: 'licence_expired',
  active: 'active',
} as const
export type ActiveReason = (typeof ACTIVE_REASON)[keyof typeof ACTIVE_REASON]

export interface EarlyAllocationActiveResult extends HandoverExplained<ActiveReason> {
  active: boolean
  /** The assessment that decided (the latest one on or after the sentence start), if any. */
  latest: EarlyAllocationAssessment | null
}

/** Assessments created on or after the current sentence start, in creation order. */
export function currentSentenceAssessments<A extends { createdAt: IsoDate }>(
  assessments: readonly A[],
  sentenceStartDate: IsoDate,
): A[] {
  return assessments.filter(a => isOnOrAfter(a.createdAt, sentenceStartDate))
}

/**
 * Active iff, among assessments created on or after the sentence start, the latest was created within the referral
 * window and is eligible or has a community decision of yes, and the licence expiry date is not before today.
 */
export function earlyAllocationActive(input: EarlyAllocationActiveInput, today: IsoDate): EarlyAllocationActiveResult {
  const current = currentSentenceAssessments(input.assessments, input.sentenceStartDate)
  const ignored = input.assessments.length - current.length
  const latest = current[current.length - 1] ?? null
  const inputs = {
    sentenceStartDate: input.sentenceStartDate,
    licenceExpiryDate: input.licenceExpiryDate,
    today,
    latest,
    ignoredBeforeSentenceStart: ignored,
  }
  const out = (active: boolean, reason: ActiveReason, explanation: string): EarlyAllocationActiveResult => ({
    active,
    latest,
    reason,
    trace: [{ rule: `earlyAllocation.active.${reason}`, explanation, inputs }],
  })
  const ignoredText =
    ignored > 0 ? ` (${ignored} made before the sentence start ${input.sentenceStartDate} ignored)` : ''
  if (latest === null) {
    return out(false, 'no_assessment', `no assessment for the current sentence${ignoredText}: not active`)
  }
  if (!latest.createdWithinReferralWindow) {
    return out(
      false,
      'latest_not_in_window',
      `the latest assessment (${latest.createdAt}) was made outside the referral window${ignoredText}: not active`,
    )
  }
  if (latest.outcome !== 'eligible' && latest.communityDecision !== true) {
    return out(
      false,
      'latest_not_eligible',
      `the latest assessment (${latest.createdAt}) is ${latest.outcome}${latest.outcome === 'discretionary' ? ` with community decision ${latest.communityDecision ?? 'pending'}` : ''}${ignoredText}: not active`,
    )
  }
  if (input.licenceExpiryDate !== null && input.licenceExpiryDate < today) {
    return out(
      false,
      'licence_expired',
      `licence expired on ${input.licenceExpiryDate}, before today ${today}: not active`,
    )
  }
  return out(
    true,
    'active',
    `the latest assessment (${latest.createdAt}) was made inside the referral window and is ${latest.outcome === 'eligible' ? 'eligible' : 'accepted by the community'}${ignoredText}: active`,
  )
}

export const EARLY_ALLOCATION_STATE = {
  eligible: 'eligible',
  decisionPending: 'decision_pending',
  callToAction: 'call_to_action',
  assessmentSaved: 'assessment_saved',
} as const
export type EarlyAllocationState = (typeof EARLY_ALLOCATION_STATE)[keyof typeof EARLY_ALLOCATION_STATE]

export const earlyAllocationStateInputSchema = earlyAllocationActiveInputSchema.extend(releaseDatesSchema.shape)
export type EarlyAllocationStateInput = z.output<typeof earlyAllocationStateInputSchema>

export interface EarlyAllocationStateResult extends HandoverExplained<EarlyAllocationState | 'no_state'> {
  state: EarlyAllocationState | null
}

/**
 * The case page state (handover.md §e.3): eligible (active); decision pending (latest in-window discretionary without
 * a community decision); call to action (inside the window now, and an older out-of-window eligible/discretionary
 * assessment exists); assessment saved (the latest is out of window or not accepted); otherwise none.
 */
export function earlyAllocationState(input: EarlyAllocationStateInput, today: IsoDate): EarlyAllocationStateResult {
  const active = earlyAllocationActive(input, today)
  const trace = [...active.trace]
  const out = (state: EarlyAllocationState | null, explanation: string): EarlyAllocationStateResult => {
    trace.push({ rule: `earlyAllocation.state.${state ?? 'none'}`, explanation })
    return { state, reason: state ?? 'no_state', trace }
  }
  if (active.active) return out('eligible', 'early allocation is active')
  const latest = active.latest
  if (latest !== null && awaitingCommunityDecision(latest)) {
    return out('decision_pending', 'the latest assessment is discretionary and waits for the community decision')
  }
  const current = currentSentenceAssessments(input.assessments, input.sentenceStartDate)
  const window = earlyAllocationWindow({ ...input, assessments: current }, today)
  trace.push(...window.trace.slice(0, 1))
  const oldReferral = current.some(a => !a.createdWithinReferralWindow && a.outcome !== 'ineligible')
  if (window.withinWindow && oldReferral) {
    return out(
      'call_to_action',
      'inside the window now, with an eligible/discretionary assessment saved before it: re-assess',
    )
  }
  if (latest !== null) {
    return out('assessment_saved', 'an assessment is saved but does not make early allocation active')
  }
  return out(null, 'no assessment for the current sentence')
}

export const REFERRAL_ACTION = {
  activateAndNotifyLdu: 'activate_and_notify_ldu',
  requestCommunityDecision: 'request_community_decision',
  saveOnly: 'save_only',
} as const
export type ReferralAction = (typeof REFERRAL_ACTION)[keyof typeof REFERRAL_ACTION]

/**
 * What saving a new assessment triggers (handover.md §e.2): inside the window, eligible → early allocation becomes
 * active (status event, handover recalculated, LDU emailed the PDF); discretionary → the LDU is asked for a community
 * decision; ineligible, or anything outside the window → saved only.
 */
export function earlyAllocationReferral(
  outcome: EarlyAllocationOutcome,
  createdWithinReferralWindow: boolean,
): HandoverExplained<ReferralAction> & { action: ReferralAction } {
  const out = (action: ReferralAction, explanation: string) => ({
    action,
    reason: action,
    trace: [
      { rule: `earlyAllocation.referral.${action}`, explanation, inputs: { outcome, createdWithinReferralWindow } },
    ],
  })
  if (!createdWithinReferralWindow) {
    return out(
      'save_only',
      'saved outside the referral window: nothing is sent; the POM is reminded to re-assess 18 months before release',
    )
  }
  if (outcome === 'eligible')
    return out(
      'activate_and_notify_ldu',
      'eligible inside the window: early allocation becomes active, the LDU is told',
    )
  if (outcome === 'discretionary')
    return out('request_community_decision', 'discretionary inside the window: the LDU is asked to decide')
  return out('save_only', 'ineligible: saved only')
}
