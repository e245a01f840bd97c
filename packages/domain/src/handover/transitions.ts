/**
 * The future dates on which something about a case changes by itself, so a service can schedule a daily sweep
 * instead of recalculating every case every night. Pure: the caller reschedules after every recalculation.
 */
import { addDays, addMonths, type IsoDate, isAfter } from '../shared/dates'
import { earlyAllocationEarliestDate, referralWindowEntryDate } from './early-allocation'
import { type HandoverCaseInput, type HandoverCaseResult, handoverCase, THD_FAR_AWAY_MONTHS } from './handover-case'
import { COM_ALLOCATION_OVERDUE_EMAIL_DAYS, UPCOMING_WINDOW_DAYS } from './lists'
import { DEFAULT_HANDOVER_OPTIONS, type HandoverOptions } from './options'

export const TRANSITION_KIND = {
  /** Handover date − 56 days: enters the upcoming list; "upcoming handover window" email. */
  upcomingWindowStart: 'upcoming_window_start',
  /** Start date (only when before the handover date): CustodyOnly → CustodyWithCom. */
  handoverStart: 'handover_start',
  /** Handover date: → Community; "handover date" email. */
  handover: 'handover',
  /** Handover date + 14 days: "COM allocation overdue" email when still no COM. */
  comAllocationOverdue: 'com_allocation_overdue',
  /** Earliest of TED/PED/THD/ARD/CRD − 18 months: enters the early allocation referral window. */
  earlyAllocationWindowEntry: 'early_allocation_window_entry',
  /** A date-driven rule input flips (TED or THD passes, THD comes within 12 months): the result changes. */
  recalculationDue: 'recalculation_due',
} as const
export type TransitionKind = (typeof TRANSITION_KIND)[keyof typeof TRANSITION_KIND]

const KIND_ORDER: readonly TransitionKind[] = Object.values(TRANSITION_KIND)

export interface HandoverTransition {
  kind: TransitionKind
  date: IsoDate
  explanation: string
}

export interface TransitionOptions extends HandoverOptions {
  upcomingWindowDays: number
}

const DEFAULT_TRANSITION_OPTIONS: Readonly<TransitionOptions> = {
  ...DEFAULT_HANDOVER_OPTIONS,
  upcomingWindowDays: UPCOMING_WINDOW_DAYS,
}

/** The smallest d with d + n months ≥ date (month-end clamping can make it later than date − n months). */
function firstDayWithinMonths(date: IsoDate, months: number): IsoDate {
  let d = addMonths(date, -months)
  while (addMonths(d, months) < date) d = addDays(d, 1)
  return d
}

const summary = (r: HandoverCaseResult): string =>
  `${r.reason}, ${r.responsibility}, handover ${r.handoverDate ?? 'none'}, start ${r.handoverStartDate ?? 'none'}`

/**
 * The case's dated transitions and reminders strictly after `today`, sorted by date: upcoming-window start, handover
 * start (when earlier than the handover date), handover date, COM-allocation-overdue date (handover + 14 days),
 * early-allocation window entry, and the days a date-driven rule input flips (`recalculation_due`, verified by
 * recalculating the day before and the day itself). Dates on or before today are left out: today's sweep handles them.
 */
export function handoverTransitions(
  input: HandoverCaseInput,
  today: IsoDate,
  options: Readonly<Partial<TransitionOptions>> = {},
): HandoverTransition[] {
  const opts: TransitionOptions = { ...DEFAULT_TRANSITION_OPTIONS, ...options }
  const current = handoverCase(input, today, opts)
  const out: HandoverTransition[] = []
  const add = (kind: TransitionKind, date: IsoDate | null, explanation: string): void => {
    if (date !== null && isAfter(date, today) && !out.some(t => t.kind === kind && t.date === date)) {
      out.push({ kind, date, explanation })
    }
  }

  const hd = current.handoverDate
  if (hd !== null) {
    const windowStart = addDays(hd, -opts.upcomingWindowDays)
    add(
      'upcoming_window_start',
      windowStart,
      `handover date ${hd} − ${opts.upcomingWindowDays} days: the upcoming handover window opens`,
    )
    const start = current.handoverStartDate
    if (start !== null && start < hd) {
      add('handover_start', start, `handover start date: the COM starts supporting (CustodyOnly → CustodyWithCom)`)
    }
    add('handover', hd, 'handover date: the COM becomes responsible')
    add(
      'com_allocation_overdue',
      addDays(hd, COM_ALLOCATION_OVERDUE_EMAIL_DAYS),
      `handover date ${hd} + ${COM_ALLOCATION_OVERDUE_EMAIL_DAYS} days: COM allocation overdue reminder if there is still no COM`,
    )
  }

  const earliest = earlyAllocationEarliestDate(input)
  if (earliest !== null) {
    add(
      'early_allocation_window_entry',
      referralWindowEntryDate(earliest.date),
      `${earliest.type} ${earliest.date} − 18 months: the case enters the early allocation referral window`,
    )
  }

  const candidates = [input.tariffDate, input.targetHearingDate]
  if (input.targetHearingDate !== null)
    candidates.push(firstDayWithinMonths(input.targetHearingDate, THD_FAR_AWAY_MONTHS))
  for (const date of candidates) {
    if (date === null || !isAfter(date, today)) continue
    const before = handoverCase(input, addDays(date, -1), opts)
    const after = handoverCase(input, date, opts)
    if (
      before.reason !== after.reason ||
      before.handoverDate !== after.handoverDate ||
      before.handoverStartDate !== after.handoverStartDate
    ) {
      add('recalculation_due', date, `the rules change on this day: ${summary(before)} → ${summary(after)}`)
    }
  }

  return out.sort((a, b) =>
    a.date !== b.date ? (a.date < b.date ? -1 : 1) : KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind),
  )
}
