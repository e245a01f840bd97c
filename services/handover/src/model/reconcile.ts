/**
 * The heart of the service, pure: given a case record whose inputs were just updated (by an event, the API or the
 * passing of time) and `today`, recalculate the handover, apply an override, decide the lists, what changed and must
 * be published, which reminders are due now, and the next day the sweep must look at the case.
 */
import {
  addDays,
  addYears,
  ageOn,
  COM_ALLOCATION_OVERDUE_LIST_DAYS,
  currentSentenceAssessments,
  DEFAULT_HANDOVER_OPTIONS,
  earlyAllocationWindow,
  HANDOVER_REASON,
  type HandoverCaseInput,
  type HandoverCaseResult,
  type HandoverOptions,
  type HandoverReason,
  handoverCase,
  handoverLists,
  handoverTransitions,
  handoverType,
  IMMIGRATION_STATUS,
  type IsoDate,
  minDate,
  OMIC_MINIMUM_AGE,
  OMIC_POLICY_REASON,
  omicPolicy,
  RESPONSIBILITY,
  type TraceStep,
  UPCOMING_WINDOW_DAYS,
} from '@omic/domain'
import { earlyAllocationFor, handoverCaseInput, paroleFactsOf, policyInput, releaseDatesOf } from './case-input'
import {
  comAllocationRequested,
  type EligibilityBasis,
  earlyAllocationEligibilityChanged,
  handoverChanged,
  type OverriddenBy,
  reminderDue,
} from './events'
import {
  type Calculation,
  type CaseRecord,
  type ComRequestState,
  type DomainEvent,
  type EarlyAllocationRecord,
  EMPTY_CHECKLIST,
  type HistoryEntry,
  type PublishedState,
  type SentKey,
  type SentMarker,
  type StoredList,
} from './records'
import { COM_REQUEST_KEY, isDueToday, nextPlanDate, type ReminderFacts, reminderPlans } from './reminders'

export interface ServiceOptions {
  handover: HandoverOptions
  /** The simplified enhanced handover (2 checklist tasks from 2026-09-01) is switched on. */
  simplifiedEnhancedHandover: boolean
  upcomingWindowDays: number
}

export const DEFAULT_SERVICE_OPTIONS: ServiceOptions = {
  handover: DEFAULT_HANDOVER_OPTIONS,
  simplifiedEnhancedHandover: true,
  upcomingWindowDays: UPCOMING_WINDOW_DAYS,
}

export type CalculationSource = 'calculation' | 'sweep' | 'override'

export interface ReconcileContext {
  today: IsoDate
  /** The instant of this calculation (ISO-8601). */
  now: string
  source: CalculationSource
  /** What caused it: an event type, an API action or `daily-sweep`. */
  trigger: string
  options?: ServiceOptions
  /** Steps to add to the trace (e.g. why an override was removed). */
  notes?: readonly TraceStep[]
  /** Keys whose sent-marker already exists in this episode (found by a refused conditional write). */
  alreadySent?: readonly string[]
  /** The SPO who set or removed an override (source `override`): published as `overriddenBy`. */
  actor?: OverriddenBy
}

/** Writes that save an assessment: a new in-window referral is published even when the status does not flip. */
export const ASSESSMENT_TRIGGERS: ReadonlySet<string> = new Set([
  'early-allocation.assessed',
  'early-allocation.reassessed',
])

export interface ReconcileOutcome {
  /** The record to save (its `version` is still the one read). */
  record: CaseRecord
  events: DomainEvent[]
  markers: SentMarker[]
  history: HistoryEntry | null
  changes: string[]
}

const COMPARED = [
  'status',
  'responsibility',
  'handoverDate',
  'handoverStartDate',
  'reason',
  'list',
  'comAllocationOverdue',
  'earlyAllocationActive',
  'handoverType',
] as const

export function hasCom(record: CaseRecord): boolean {
  return record.com !== null
}

function samePublished(a: PublishedState | null, b: PublishedState): boolean {
  return (
    a !== null &&
    a.responsibility === b.responsibility &&
    a.handoverDate === b.handoverDate &&
    a.handoverStartDate === b.handoverStartDate &&
    a.reason === b.reason
  )
}

/** An immigration detainee without a sentence is in policy but has no sentence start date for the full rules. */
function immigrationWithoutSentence(): HandoverCaseResult {
  return {
    responsibility: RESPONSIBILITY.community,
    handoverDate: null,
    handoverStartDate: null,
    reason: HANDOVER_REASON.immigrationCase,
    earliestRelease: null,
    inOpenConditions: false,
    openPrisonRulesApply: false,
    trace: [
      {
        rule: 'handover.case.immigration_case',
        explanation: `immigration detainee (${IMMIGRATION_STATUS}) with no sentence: Community, no handover dates`,
      },
    ],
  }
}

function baseCalculation(ctx: ReconcileContext, prev: Calculation | null): Calculation {
  return {
    today: ctx.today,
    calculatedAt: ctx.now,
    source: ctx.source,
    trigger: ctx.trigger,
    status: 'calculated',
    policyReason: OMIC_POLICY_REASON.inPolicy,
    responsibility: prev?.responsibility ?? null,
    handoverDate: prev?.handoverDate ?? null,
    handoverStartDate: prev?.handoverStartDate ?? null,
    reason: prev?.reason ?? 'not_calculated',
    earliestRelease: prev?.earliestRelease ?? null,
    inOpenConditions: prev?.inOpenConditions ?? false,
    openPrisonRulesApply: prev?.openPrisonRulesApply ?? false,
    isIndeterminate: prev?.isIndeterminate ?? false,
    earlyAllocationActive: false,
    handoverType: prev?.handoverType ?? 'missing',
    effective: prev?.effective ?? { responsibility: null, reason: 'not_calculated', overridden: false },
    list: 'none',
    comAllocationOverdue: false,
    daysOverdue: null,
    trace: [],
  }
}

/** Opens a new handover episode for a new sentence, or after a release and a new admission. */
function updateEpisode(record: CaseRecord, ctx: ReconcileContext, inCustody: boolean, happened: TraceStep[]): boolean {
  const ssd = record.prisoner?.snapshot.sentenceStartDate ?? null
  const ep = record.episode
  if (ep !== null && !inCustody) {
    if (!ep.closed) record.episode = { ...ep, closed: true }
    return false
  }
  if (ep !== null && ep.sentenceStartDate === ssd && !ep.closed) return false
  const seq = (ep?.seq ?? 0) + 1
  record.episode = {
    id: `E${seq}-${ssd ?? 'unsentenced'}`,
    seq,
    sentenceStartDate: ssd,
    startedOn: ctx.today,
    closed: !inCustody,
  }
  record.sent = {}
  if (ep === null) return false
  happened.push({
    rule: 'handover.service.newEpisode',
    explanation: ep.closed
      ? `back in custody after a release: handover episode ${record.episode.id} starts (reminders may be sent again)`
      : `sentence start date changed from ${ep.sentenceStartDate ?? 'none'} to ${ssd ?? 'none'}: new handover episode ${record.episode.id}`,
  })
  return true
}

export function reconcile(input: CaseRecord, ctx: ReconcileContext): ReconcileOutcome {
  const options = ctx.options ?? DEFAULT_SERVICE_OPTIONS
  const record: CaseRecord = structuredClone(input)
  record.updatedAt = ctx.now
  const prisoner = record.prisoner?.snapshot
  if (!prisoner) {
    // probation or allocation facts may arrive before the prisoner: kept, nothing to calculate yet
    record.nextDueDate = null
    return { record, events: [], markers: [], history: null, changes: [] }
  }
  const { today } = ctx
  const prev = input.calculation
  const events: DomainEvent[] = []
  const markers: SentMarker[] = []
  const trace: TraceStep[] = []
  // what this calculation did on the way (kept in its history item): the trace itself states only what is true now,
  // so that the same facts give the same trace whatever order they arrived in
  const happened: TraceStep[] = []
  const inCustody = record.custody?.status !== 'released'
  const newEpisode = updateEpisode(record, ctx, inCustody, happened)
  for (const key of ctx.alreadySent ?? []) record.sent[key] ??= { dueDate: ctx.today, sentOn: ctx.today }
  if (newEpisode) {
    if (record.override && record.override.episodeId !== record.episode?.id) {
      happened.push({
        rule: 'handover.service.overrideEnded',
        explanation: 'the override belonged to the previous episode',
      })
      record.override = null
    }
  }

  const ea = earlyAllocationFor(record, today)
  const calc = baseCalculation(ctx, prev)
  calc.earlyAllocationActive = ea?.active ?? false
  let caseInput: ReturnType<typeof handoverCaseInput> = null

  if (!inCustody) {
    calc.status = 'released'
    trace.push({
      rule: 'handover.service.released',
      explanation: `released (${record.custody?.releaseReason ?? 'RELEASED'}): no lists, no reminders; the last calculation is kept`,
    })
  } else {
    const policy = omicPolicy(policyInput(prisoner), today)
    trace.push(...policy.trace)
    calc.policyReason = policy.reason
    if (!policy.inPolicy) {
      calc.status = 'out_of_policy'
      calc.responsibility = null
      calc.handoverDate = null
      calc.handoverStartDate = null
      calc.reason = policy.reason
      calc.earliestRelease = null
      calc.effective = { responsibility: null, reason: policy.reason, overridden: false }
    } else {
      const parole = paroleFactsOf(record, prisoner)
      trace.push(...parole.trace)
      if (ea) trace.push(...ea.trace)
      caseInput = handoverCaseInput(record, parole, calc.earlyAllocationActive)
      const result = caseInput ? handoverCase(caseInput, today, options.handover) : immigrationWithoutSentence()
      trace.push(...result.trace)
      calc.responsibility = result.responsibility
      calc.handoverDate = result.handoverDate
      calc.handoverStartDate = result.handoverStartDate
      calc.reason = result.reason
      calc.earliestRelease = result.earliestRelease
      calc.inOpenConditions = result.inOpenConditions
      calc.openPrisonRulesApply = result.openPrisonRulesApply
      calc.isIndeterminate = prisoner.indeterminateSentence
      const override = record.override
      calc.effective = override
        ? { responsibility: RESPONSIBILITY.community, reason: override.reason, overridden: true }
        : { responsibility: result.responsibility, reason: result.reason, overridden: false }
      if (override) {
        trace.push({
          rule: 'handover.service.override',
          explanation: `responsibility overridden to the community by an SPO (${override.reason}) on ${override.at.slice(0, 10)}: Community`,
          inputs: { calculatedResponsibility: result.responsibility },
        })
      }
      const type = handoverType({
        hasCaseInformation: record.probation !== null,
        enhancedResourcing: record.probation?.snapshot.enhancedResourcing ?? null,
        calculatedReason: result.reason,
      })
      calc.handoverType = type.handoverType
      trace.push(...type.trace)
      const effective = calc.effective.responsibility ?? result.responsibility
      const lists = handoverLists(
        {
          responsibility: effective,
          handoverDate: result.handoverDate,
          comName: record.com ? (record.com.name ?? record.com.staffCode) : null,
          comEmail: record.com?.email ?? null,
          upcomingWindowDays: options.upcomingWindowDays,
        },
        today,
      )
      const list: StoredList =
        effective === RESPONSIBILITY.custodyWithCom
          ? 'custody-with-com'
          : lists.upcoming
            ? 'upcoming'
            : lists.inProgress
              ? 'in-progress'
              : 'none'
      trace.push(...lists.trace)
      if (list === 'custody-with-com') {
        trace.push({
          rule: 'handover.service.custodyWithComList',
          explanation: 'CustodyWithCom: listed as "custody-with-com" (the anchor shows it in no list, quirk j.3)',
        })
      }
      calc.list = list
      calc.comAllocationOverdue = lists.comAllocationOverdue
      calc.daysOverdue = lists.daysOverdue
    }
  }
  calc.trace = trace
  record.calculation = calc

  // What consumers believe: handover.changed on any change of dates, responsibility or reason (quirks j.4, j.5)
  if (calc.status === 'calculated' && calc.effective.responsibility !== null) {
    const state: PublishedState = {
      responsibility: calc.effective.responsibility,
      handoverDate: calc.handoverDate,
      handoverStartDate: calc.handoverStartDate,
      reason: calc.effective.reason as HandoverReason,
    }
    if (!samePublished(record.published, state)) {
      events.push(handoverChanged(record, state, ctx.source, ctx.now, ctx.actor ?? null))
      record.published = state
    }
  }

  // Early allocation eligibility flips (incl. licence expiry and a new sentence: quirk j.13, j.24), and a new
  // in-window referral (automatic, or discretionary awaiting the community's decision: email #15)
  const latest = latestAssessment(record)
  const basis = eligibilityBasis(calc.earlyAllocationActive, latest)
  const referral = referralKey(latest)
  const flipped = calc.earlyAllocationActive !== record.earlyAllocationEligible
  const newReferral =
    referral !== null &&
    referral !== record.earlyAllocationReferral &&
    ASSESSMENT_TRIGGERS.has(ctx.trigger) &&
    (calc.earlyAllocationActive ? basis.assessmentOutcome === 'eligible' : basis.assessmentOutcome === 'discretionary')
  if (flipped || newReferral) {
    events.push(earlyAllocationEligibilityChanged(record, calc.earlyAllocationActive, ctx.now, basis))
    happened.push({
      rule: 'handover.service.earlyAllocationEvent',
      explanation: flipped
        ? `early allocation eligibility is now ${calc.earlyAllocationActive} (assessment ${basis.assessmentId ?? 'none'}, ${basis.assessmentOutcome ?? 'no active outcome'})`
        : `new ${basis.assessmentOutcome} early allocation referral inside the window (assessment ${basis.assessmentId ?? 'none'}): published for the LDU`,
    })
  }
  if (flipped) {
    record.earlyAllocationEligible = calc.earlyAllocationActive
    record.earlyAllocationStatusAt = ctx.now
  }
  if (referral !== null) record.earlyAllocationReferral = referral

  resetChecklistIfNeeded(record, prev, calc, newEpisode, ctx, happened)

  // A COM allocated (by nDelius or through the allocation service) withdraws the open request: the COM allocation
  // event itself tells the allocation service, which drops the request (no withdrawal event of our own)
  if (record.com !== null && record.comRequest !== null) {
    happened.push({
      rule: 'handover.service.comRequestWithdrawn',
      explanation: `COM ${record.com.staffCode} allocated: the COM request of ${record.comRequest.requestedAt.slice(0, 10)} is withdrawn`,
    })
    record.comRequest = null
  }

  // Reminders and the COM request: on or after their day, window open, once per episode
  let facts = reminderFactsFor(record, today)
  if (facts && record.episode) {
    const plans = reminderPlans(facts)
    let requested = false
    for (const plan of plans) {
      if (!isDueToday(plan, facts)) continue
      if (plan.key === COM_REQUEST_KEY) {
        events.push(requestCom(record, calc, ctx))
        requested = true
      } else {
        events.push(reminderDue(record, plan.key, plan.dueDate, ctx.now))
      }
      markers.push({
        episodeId: record.episode.id,
        key: plan.key as SentKey,
        dueDate: plan.dueDate,
        sentOn: today,
        repeatableOnOrBefore: plan.repeatDays === null ? null : addDays(today, -plan.repeatDays),
      })
      record.sent = { ...record.sent, [plan.key]: { dueDate: plan.dueDate, sentOn: today } }
    }
    // Sent earlier in this episode with other details than the case has now (the CRN, PDU or LDU arrived or changed,
    // or the date it is needed by moved): re-issued once with them while a COM is still needed and none is
    // allocated; a recalculation that learns nothing new sends nothing
    const open = plans.some(p => p.key === COM_REQUEST_KEY && p.open)
    if (!requested && open && record.sent[COM_REQUEST_KEY] !== undefined && !hasCom(record)) {
      const was = record.comRequest
      const target = { ...comRequestTarget(record), neededBy: neededByOf(record, calc, ctx) }
      const changed = (['crn', 'pduCode', 'lduCode', 'neededBy'] as const).filter(k => (was?.[k] ?? null) !== target[k])
      if (changed.length > 0) {
        events.push(requestCom(record, calc, ctx))
        happened.push({
          rule: 'handover.service.comRequestReissued',
          explanation: `the COM request is sent again with ${changed.map(k => `${k} ${target[k] ?? 'none'} (was ${was?.[k] ?? 'none'})`).join(', ')}`,
        })
      }
    }
    facts = { ...facts, sent: record.sent }
  }
  trace.push(comRequestStep(record), ...(ctx.notes ?? []))

  record.nextDueDate = nextDueDate(record, calc, caseInput, facts, ctx, options)

  const changes = prev === null ? ['first_calculation'] : COMPARED.filter(k => prev[k] !== calc[k])
  if (prev && prev.effective.responsibility !== calc.effective.responsibility) changes.push('effectiveResponsibility')
  if (prev && prev.effective.reason !== calc.effective.reason) changes.push('effectiveReason')
  const history: HistoryEntry = {
    nomsNumber: record.nomsNumber,
    version: input.version + 1,
    calculatedAt: ctx.now,
    today,
    source: ctx.source,
    trigger: ctx.trigger,
    status: calc.status,
    responsibility: calc.responsibility,
    effectiveResponsibility: calc.effective.responsibility,
    handoverDate: calc.handoverDate,
    handoverStartDate: calc.handoverStartDate,
    reason: calc.reason,
    effectiveReason: calc.effective.reason,
    episodeId: record.episode?.id ?? null,
    changes,
    published: events.map(e =>
      e.eventType.endsWith('reminder-due') ? `${e.eventType}:${String(e.additionalInformation.reminder)}` : e.eventType,
    ),
    trace: calc.trace,
    happened,
  }
  return { record, events, markers, history, changes }
}

/**
 * The COM request as it stands, in one trace step: open (with what it carries) or not (and why). What happened to
 * it on the way (requested, re-issued, withdrawn) depends on the order of the facts and is in the history.
 */
export function comRequestStep(record: CaseRecord): TraceStep {
  const rule = 'handover.service.comRequest'
  if (record.com !== null) {
    return { rule, explanation: `no COM request open: COM ${record.com.staffCode} allocated` }
  }
  const open = record.comRequest
  if (open === null) return { rule, explanation: 'no COM request open: none due yet' }
  return {
    rule,
    explanation: `COM request open: needed by ${open.neededBy}, CRN ${open.crn ?? 'not known'}, PDU ${open.pduCode ?? 'not known'}, LDU ${open.lduCode ?? 'not known'}`,
  }
}

/** Who a COM request is for, as far as the case knows it now (the CRN, and the PDU and LDU from nDelius). */
export function comRequestTarget(record: CaseRecord): Pick<ComRequestState, 'crn' | 'pduCode' | 'lduCode'> {
  const probation = record.probation?.snapshot
  return { crn: record.crn, pduCode: probation?.pduCode ?? null, lduCode: probation?.lduCode ?? null }
}

/** When the COM is needed: the handover start (or handover) date; without dates, since the request first said so. */
function neededByOf(record: CaseRecord, calc: Calculation, ctx: ReconcileContext): IsoDate {
  const open = record.comRequest?.episodeId === record.episode?.id ? record.comRequest : null
  return calc.handoverStartDate ?? calc.handoverDate ?? open?.neededBy ?? ctx.today
}

/** The COM request event, and the record keeps what it said (to re-issue it when the probation details change). */
function requestCom(record: CaseRecord, calc: Calculation, ctx: ReconcileContext): DomainEvent {
  const neededBy = neededByOf(record, calc, ctx)
  const target = comRequestTarget(record)
  record.comRequest = { ...target, neededBy, requestedAt: ctx.now, episodeId: record.episode?.id ?? 'none' }
  return comAllocationRequested(record, target, neededBy, ctx.now)
}

/** The latest assessment of the current sentence (the one that decides early allocation, handover.md §e.3). */
export function latestAssessment(record: CaseRecord): EarlyAllocationRecord | null {
  const ssd = record.prisoner?.snapshot.sentenceStartDate
  if (!ssd) return null
  return currentSentenceAssessments(record.earlyAllocations, ssd).at(-1) ?? null
}

/** An in-window automatic or discretionary referral still without a community decision: `<id>:<outcome>`. */
function referralKey(latest: EarlyAllocationRecord | null): string | null {
  if (!latest?.createdWithinReferralWindow || latest.communityDecision !== null) return null
  return latest.outcome === 'eligible' || latest.outcome === 'discretionary' ? `${latest.id}:${latest.outcome}` : null
}

/**
 * What an eligibility event says about the assessment behind it:
 * - eligible now: the active assessment, `eligible` (automatic) or `discretionary` (accepted by the community);
 * - not eligible, the latest is an in-window discretionary referral awaiting the community: `discretionary`
 *   (the LDU must decide, email #15) — eligibility stays false until the community accepts (handover.md §e.3);
 * - not eligible, the latest assessment is ineligible: `ineligible`;
 * - otherwise (no assessment, made outside the window, declined by the community, licence expired): null.
 */
export function eligibilityBasis(active: boolean, latest: EarlyAllocationRecord | null): EligibilityBasis {
  if (latest === null) return { assessmentId: null, assessmentOutcome: null }
  if (active) return { assessmentId: latest.id, assessmentOutcome: latest.outcome }
  const awaitingCommunity =
    latest.outcome === 'discretionary' && latest.createdWithinReferralWindow && latest.communityDecision === null
  if (awaitingCommunity) return { assessmentId: latest.id, assessmentOutcome: 'discretionary' }
  return { assessmentId: latest.id, assessmentOutcome: latest.outcome === 'ineligible' ? 'ineligible' : null }
}

/** The facts the reminder plans need, from a calculated record; `null` when no reminder can apply. */
export function reminderFactsFor(record: CaseRecord, today: IsoDate): ReminderFacts | null {
  const calc = record.calculation
  if (calc?.status !== 'calculated' || calc.responsibility === null) return null
  const window = earlyAllocationWindowFacts(record, today)
  return {
    today,
    handoverDate: calc.handoverDate,
    handoverStartDate: calc.handoverStartDate,
    responsibility: calc.responsibility,
    effectiveResponsibility: calc.effective.responsibility ?? calc.responsibility,
    overridden: calc.effective.overridden,
    reason: calc.reason,
    hasCom: hasCom(record),
    isIndeterminate: calc.isIndeterminate,
    openPrisonRulesApply: calc.openPrisonRulesApply,
    earlyAllocationReassessmentPending: window.pending,
    earlyAllocationWindowEntryDate: window.entryDate,
    sent: record.sent,
  }
}

/** The rules' input for a stored record (in custody, in policy, with a sentence start date), as of `today`. */
export function caseInputFor(record: CaseRecord, today: IsoDate): HandoverCaseInput | null {
  const p = record.prisoner?.snapshot
  if (!p) return null
  return handoverCaseInput(record, paroleFactsOf(record, p), earlyAllocationFor(record, today)?.active ?? false)
}

function earlyAllocationWindowFacts(
  record: CaseRecord,
  today: IsoDate,
): { pending: boolean; entryDate: IsoDate | null } {
  const p = record.prisoner?.snapshot
  if (!p?.sentenceStartDate) return { pending: false, entryDate: null }
  const ssd = p.sentenceStartDate
  const current = record.earlyAllocations.filter(a => a.createdAt >= ssd)
  const window = earlyAllocationWindow(
    {
      ...releaseDatesOf(p, paroleFactsOf(record, p)),
      assessments: current.map(a => ({
        outcome: a.outcome,
        createdWithinReferralWindow: a.createdWithinReferralWindow,
      })),
    },
    today,
  )
  const pendingOld = current.some(a => !a.createdWithinReferralWindow && a.outcome !== 'ineligible')
  const anyInWindow = current.some(a => a.createdWithinReferralWindow)
  return { pending: pendingOld && !anyInWindow, entryDate: window.windowEntryDate }
}

/** Checklist reset (handover.md §g.1): back to CustodyOnly, a moved date outside the lists, or a new episode. */
function resetChecklistIfNeeded(
  record: CaseRecord,
  prev: Calculation | null,
  calc: Calculation,
  newEpisode: boolean,
  ctx: ReconcileContext,
  happened: TraceStep[],
): void {
  const c = record.checklist
  if (!(c.reviewedOasys || c.contactedCom || c.attendedHandoverMeeting || c.sentHandoverReport)) return
  const toCustodyOnly =
    prev !== null &&
    prev.responsibility !== RESPONSIBILITY.custodyOnly &&
    calc.responsibility === RESPONSIBILITY.custodyOnly
  const movedOutside =
    prev !== null &&
    prev.handoverDate !== calc.handoverDate &&
    calc.responsibility === RESPONSIBILITY.custodyOnly &&
    calc.list === 'none'
  if (toCustodyOnly || movedOutside || newEpisode) {
    record.checklist = { ...EMPTY_CHECKLIST, updatedAt: ctx.now, updatedBy: 'system' }
    happened.push({
      rule: 'handover.service.checklistReset',
      explanation: newEpisode
        ? 'new handover episode: the checklist starts again'
        : toCustodyOnly
          ? 'responsibility moved back to CustodyOnly: the checklist is reset'
          : 'the handover date moved and the case left the handover lists: the checklist is reset',
    })
  }
}

/** The earliest future day on which something about the case changes by itself (the sweep's due index). */
function nextDueDate(
  record: CaseRecord,
  calc: Calculation,
  caseInput: ReturnType<typeof handoverCaseInput>,
  facts: ReminderFacts | null,
  ctx: ReconcileContext,
  options: ServiceOptions,
): IsoDate | null {
  const { today } = ctx
  const dates: (IsoDate | null)[] = []
  if (calc.status === 'calculated') {
    if (caseInput) {
      const transitions = handoverTransitions(caseInput, today, {
        ...options.handover,
        upcomingWindowDays: options.upcomingWindowDays,
      })
      // the early allocation window matters only with an assessment to redo: the reminder plan schedules that
      dates.push(...transitions.filter(t => t.kind !== 'early_allocation_window_entry').map(t => t.date))
    }
    if (calc.handoverDate !== null) dates.push(addDays(calc.handoverDate, COM_ALLOCATION_OVERDUE_LIST_DAYS))
    if (facts) for (const plan of reminderPlans(facts)) dates.push(nextPlanDate(plan, facts))
  }
  if (calc.status === 'out_of_policy' && calc.policyReason === OMIC_POLICY_REASON.under18 && record.prisoner) {
    const dob = record.prisoner.snapshot.dateOfBirth
    const birthday = addYears(dob, OMIC_MINIMUM_AGE)
    // a 29 February birthday clamps to 28 February, when the prisoner is still 17
    dates.push(ageOn(dob, birthday) < OMIC_MINIMUM_AGE ? addDays(birthday, 1) : birthday)
  }
  const led = record.prisoner?.snapshot.licenceExpiryDate ?? null
  if (calc.earlyAllocationActive && led !== null) dates.push(addDays(led, 1))
  return minDate(...dates.filter((d): d is IsoDate => d !== null && d > today))
}
