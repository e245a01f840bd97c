/** Reminders and the COM request: on or after their day, window open, once per episode. */
import { addDays, earlyAllocationWindow, type IsoDate, type TraceStep } from '@omic/domain'
import { paroleFactsOf, releaseDatesOf } from '../case-input'
import { reminderDue } from '../events'
import type { Calculation, CaseRecord, DomainEvent, SentKey, SentMarker } from '../records'
import { COM_REQUEST_KEY, isDueToday, type ReminderFacts, reminderPlans } from '../reminders'
import { hasCom, reissueComRequest, requestCom } from './com-request'
import type { ReconcileContext } from './context'

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

export interface DueReminders {
  events: DomainEvent[]
  /** One per reminder sent: written only if absent (never twice in an episode). */
  markers: SentMarker[]
  /** The reminder facts after sending (with what was sent), for the next due day; null when none can apply. */
  facts: ReminderFacts | null
}

/** Sends the reminders (and the COM request) due today, and re-issues a COM request whose details changed. */
export function sendDueReminders(
  record: CaseRecord,
  calc: Calculation,
  ctx: ReconcileContext,
  happened: TraceStep[],
): DueReminders {
  const { today } = ctx
  const events: DomainEvent[] = []
  const markers: SentMarker[] = []
  const facts = reminderFactsFor(record, today)
  if (!facts || !record.episode) return { events, markers, facts }
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
  if (!requested) events.push(...reissueComRequest(record, calc, plans, ctx, happened))
  return { events, markers, facts: { ...facts, sent: record.sent } }
}
