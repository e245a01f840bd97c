/**
 * Reminders (notifications.md #8–#13, #16) and the COM request, as dated plans: each has the day it becomes due and
 * whether its window is still open today. A reminder is sent on or after its due day while its window is open and it
 * was not sent in this handover episode — so a missed sweep or a date moved across the trigger day is caught up
 * (quirk j.6), instead of the anchor's exact-date match.
 */
import type { HANDOVER_REMINDERS } from '@omic/contracts'
import {
  addDays,
  COM_ALLOCATION_OVERDUE_EMAIL_DAYS,
  HANDOVER_REASON,
  type IsoDate,
  minDate,
  RESPONSIBILITY,
  type Responsibility,
  UPCOMING_WINDOW_DAYS,
} from '@omic/domain'
import type { SentKey } from './records'

export type Reminder = (typeof HANDOVER_REMINDERS)[number]
export const COM_REQUEST_KEY = 'com-allocation-requested' as const

/** The LDU is chased when the handover start was this many days ago and there is still no COM (§g.3). */
export const URGENT_PIPELINE_DAYS = 7
/** A short-sentence COM chase is not repeated within this many days (§g.1). */
export const SHORT_SENTENCE_CHASE_REPEAT_DAYS = 2

export interface ReminderFacts {
  today: IsoDate
  handoverDate: IsoDate | null
  handoverStartDate: IsoDate | null
  /** Calculated responsibility today. */
  responsibility: Responsibility
  /** Override > calculation. */
  effectiveResponsibility: Responsibility
  overridden: boolean
  reason: string
  hasCom: boolean
  isIndeterminate: boolean
  openPrisonRulesApply: boolean
  /** An eligible/discretionary assessment saved before the window, and none made inside it (§e.2). */
  earlyAllocationReassessmentPending: boolean
  /** First day inside the 18-month window, if any. */
  earlyAllocationWindowEntryDate: IsoDate | null
  /** When each key was last sent in this episode. */
  sent: Readonly<Partial<Record<SentKey, { sentOn: IsoDate }>>>
}

export interface ReminderPlan {
  key: Reminder | typeof COM_REQUEST_KEY
  dueDate: IsoDate
  /** Its window is open today (the conditions hold). */
  open: boolean
  /** Repeats this many days after it was last sent (the short-sentence chase); otherwise once per episode. */
  repeatDays: number | null
  explanation: string
}

/** Every reminder that applies to the case, with its due day (past or future) and whether it may go out today. */
export function reminderPlans(f: ReminderFacts): ReminderPlan[] {
  const plans: ReminderPlan[] = []
  const { today } = f
  const hd = f.handoverDate
  const start = f.handoverStartDate ?? hd
  const noCom = !f.hasCom
  const plan = (key: ReminderPlan['key'], dueDate: IsoDate, open: boolean, explanation: string, repeatDays = null) =>
    plans.push({ key, dueDate, open, repeatDays, explanation })

  if (hd !== null) {
    const overdueOn = addDays(hd, COM_ALLOCATION_OVERDUE_EMAIL_DAYS)
    plan(
      'upcoming-window',
      addDays(hd, -UPCOMING_WINDOW_DAYS),
      today < hd && !f.overridden && f.effectiveResponsibility !== RESPONSIBILITY.community,
      `handover date ${hd} − ${UPCOMING_WINDOW_DAYS} days; open until the handover date while the POM is responsible`,
    )
    plan(
      'handover-date-reached',
      hd,
      f.hasCom && f.responsibility === RESPONSIBILITY.community && today < overdueOn,
      `handover date ${hd}; sent once a COM is allocated, until ${overdueOn}`,
    )
    plan(
      'com-allocation-overdue',
      overdueOn,
      noCom && f.effectiveResponsibility === RESPONSIBILITY.community,
      `handover date ${hd} + ${COM_ALLOCATION_OVERDUE_EMAIL_DAYS} days with no COM`,
    )
    if (start !== null) {
      plan(
        'urgent-pipeline',
        addDays(start, URGENT_PIPELINE_DAYS),
        noCom && f.responsibility !== RESPONSIBILITY.custodyOnly && today < overdueOn,
        `handover start ${start} + ${URGENT_PIPELINE_DAYS} days with no COM (until the overdue reminder on ${overdueOn})`,
      )
    }
    if (f.isIndeterminate && f.openPrisonRulesApply && start !== null && start < hd) {
      plan(
        'open-prison-supporting-com',
        start,
        noCom && f.responsibility === RESPONSIBILITY.custodyWithCom,
        `ISP under open-prison rules: a supporting COM is needed from the start date ${start}`,
      )
    }
  }

  if (
    f.reason === HANDOVER_REASON.determinateShort &&
    f.effectiveResponsibility === RESPONSIBILITY.community &&
    noCom
  ) {
    const last = f.sent['short-sentence-com-chase']?.sentOn
    const due = last ? addDays(last, SHORT_SENTENCE_CHASE_REPEAT_DAYS) : today
    plans.push({
      key: 'short-sentence-com-chase',
      dueDate: due,
      open: true,
      repeatDays: SHORT_SENTENCE_CHASE_REPEAT_DAYS,
      explanation: `10 months or less to serve and no COM: the LDU is chased, not more often than every ${SHORT_SENTENCE_CHASE_REPEAT_DAYS} days`,
    })
  }

  if (f.earlyAllocationWindowEntryDate !== null && f.earlyAllocationReassessmentPending) {
    plan(
      'early-allocation-window-entered',
      f.earlyAllocationWindowEntryDate,
      today >= f.earlyAllocationWindowEntryDate,
      `the case enters the 18-month early allocation window on ${f.earlyAllocationWindowEntryDate}; the POM should re-assess`,
    )
  }

  // A COM is needed once the case is in the upcoming window or the COM is supporting or responsible
  const comNeededFrom = hd !== null ? minDate(addDays(hd, -UPCOMING_WINDOW_DAYS), start) : null
  if (comNeededFrom !== null || f.effectiveResponsibility !== RESPONSIBILITY.custodyOnly) {
    plan(
      COM_REQUEST_KEY,
      comNeededFrom ?? today,
      noCom &&
        (f.effectiveResponsibility !== RESPONSIBILITY.custodyOnly ||
          (comNeededFrom !== null && today >= comNeededFrom)),
      comNeededFrom !== null
        ? `a COM is needed from ${comNeededFrom} (the upcoming window or the start date, whichever is first)`
        : `${f.effectiveResponsibility} without handover dates: a COM is needed now`,
    )
  }
  return plans
}

/** Due today: on or after the due day, window open, and not sent in this episode (or, repeating, long enough ago). */
export function isDueToday(p: ReminderPlan, f: Pick<ReminderFacts, 'today' | 'sent'>): boolean {
  if (!p.open || p.dueDate > f.today) return false
  const last = f.sent[p.key]
  if (!last) return true
  return p.repeatDays !== null && addDays(last.sentOn, p.repeatDays) <= f.today
}

/** The next future day a plan could fire (for the sweep's due index); `null` when it never will. */
export function nextPlanDate(p: ReminderPlan, f: Pick<ReminderFacts, 'today' | 'sent'>): IsoDate | null {
  const last = f.sent[p.key]
  if (last && p.repeatDays === null) return null
  return p.dueDate > f.today ? p.dueDate : null
}
