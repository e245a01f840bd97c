/** The handover lists: upcoming, in progress, COM allocation overdue (handover.md §i; CONFORMANCE.md §5.1). */
import { z } from 'zod'
import { addDays, daysBetween, type IsoDate, isBefore, isOnOrAfter, isOnOrBefore, isoDateSchema } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import { type HandoverExplained, RESPONSIBILITY } from './types'

/** Production length of the upcoming-handover window (and of the "upcoming" reminder email lead time). */
export const UPCOMING_WINDOW_DAYS = 56
/** The list/UI flags COM allocation as overdue from handover + 2 days (quirk j.7: the email uses 14). */
export const COM_ALLOCATION_OVERDUE_LIST_DAYS = 2
/** The `com_allocation_overdue` reminder email fires on handover + 14 days. */
export const COM_ALLOCATION_OVERDUE_EMAIL_DAYS = 14

export const handoverListsInputSchema = z.object({
  responsibility: z.enum(RESPONSIBILITY),
  handoverDate: isoDateSchema.nullable().default(null),
  comName: z.string().nullable().default(null),
  comEmail: z.string().nullable().default(null),
  upcomingWindowDays: z.number().int().nonnegative().default(UPCOMING_WINDOW_DAYS),
})
export type HandoverListsInput = z.output<typeof handoverListsInputSchema>

export const HANDOVER_LIST = {
  upcoming: 'upcoming',
  inProgress: 'in_progress',
  none: 'none',
} as const
export type HandoverList = (typeof HANDOVER_LIST)[keyof typeof HANDOVER_LIST]

export interface HandoverListsResult extends HandoverExplained<HandoverList> {
  upcoming: boolean
  inProgress: boolean
  comAllocationOverdue: boolean
  /** today − handover date in days (negative before it); `null` without a handover date. */
  daysOverdue: number | null
}

const present = (s: string | null): boolean => s !== null && s.trim() !== ''

/**
 * window = CustodyOnly, a handover date, and handover − window days ≤ today < handover. upcoming = window and no
 * COM name; in progress = (Community with a handover date) or (window and a COM name); COM allocation overdue =
 * Community with a handover date, no COM name or email, and today ≥ handover + 2 days. A blank name counts as none.
 */
export function handoverLists(input: HandoverListsInput, today: IsoDate): HandoverListsResult {
  const { handoverDate, responsibility } = input
  const trace: TraceStep[] = []
  const hasComName = present(input.comName)
  const hasCom = hasComName || present(input.comEmail)
  if (handoverDate === null) {
    trace.push({
      rule: 'handover.lists.noHandoverDate',
      explanation: `no handover date (${responsibility}): in no handover list`,
      inputs: { responsibility, handoverDate },
    })
    return { upcoming: false, inProgress: false, comAllocationOverdue: false, daysOverdue: null, reason: 'none', trace }
  }
  const windowStart = addDays(handoverDate, -input.upcomingWindowDays)
  const inWindow =
    responsibility === RESPONSIBILITY.custodyOnly && isOnOrBefore(windowStart, today) && isBefore(today, handoverDate)
  const community = responsibility === RESPONSIBILITY.community
  const upcoming = inWindow && !hasComName
  const inProgress = community || (inWindow && hasComName)
  const overdueFrom = addDays(handoverDate, COM_ALLOCATION_OVERDUE_LIST_DAYS)
  const comAllocationOverdue = community && !hasCom && isOnOrAfter(today, overdueFrom)
  const daysOverdue = daysBetween(handoverDate, today)

  trace.push({
    rule: 'handover.lists.window',
    explanation: inWindow
      ? `CustodyOnly and today ${today} is within ${input.upcomingWindowDays} days before the handover date ${handoverDate} (from ${windowStart})`
      : responsibility === RESPONSIBILITY.custodyOnly
        ? `CustodyOnly but today ${today} is outside the window ${windowStart} … day before ${handoverDate}`
        : `${responsibility}: not in the upcoming window (it needs CustodyOnly)`,
    inputs: { responsibility, handoverDate, today, upcomingWindowDays: input.upcomingWindowDays },
  })
  const list: HandoverList = upcoming ? 'upcoming' : inProgress ? 'in_progress' : 'none'
  trace.push({
    rule: `handover.lists.${list}`,
    explanation: upcoming
      ? 'in the window with no COM name: upcoming'
      : inProgress
        ? community
          ? 'Community with a handover date: in progress'
          : 'in the window and a COM name is recorded: in progress'
        : responsibility === RESPONSIBILITY.custodyWithCom
          ? 'CustodyWithCom: in neither list (anchor quirk j.3, kept)'
          : 'in neither list',
    inputs: { comName: input.comName },
  })
  trace.push({
    rule: 'handover.lists.comAllocationOverdue',
    explanation: comAllocationOverdue
      ? `Community, no COM name or email, and today ${today} is on or after handover + ${COM_ALLOCATION_OVERDUE_LIST_DAYS} days (${overdueFrom}): COM allocation overdue by ${daysOverdue} days`
      : !community
        ? `${responsibility}: COM allocation cannot be overdue`
        : hasCom
          ? 'a COM name or email is recorded: not overdue'
          : `today ${today} is before handover + ${COM_ALLOCATION_OVERDUE_LIST_DAYS} days (${overdueFrom}): not yet overdue`,
    inputs: { comName: input.comName, comEmail: input.comEmail, today, overdueFrom },
  })
  return { upcoming, inProgress, comAllocationOverdue, daysOverdue, reason: list, trace }
}
