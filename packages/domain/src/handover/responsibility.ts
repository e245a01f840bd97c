/** Who is responsible on a given day, from the handover dates (handover.md §c.4; CONFORMANCE.md §5.1). */
import { z } from 'zod'
import { type IsoDate, isBefore, isoDateSchema } from '../shared/dates'
import { type HandoverExplained, RESPONSIBILITY, type Responsibility } from './types'

export const responsibilityInputSchema = z.object({
  handoverDate: isoDateSchema.nullable().default(null),
  handoverStartDate: isoDateSchema.nullable().default(null),
})
export type ResponsibilityInput = z.output<typeof responsibilityInputSchema>

export const RESPONSIBILITY_REASON = {
  noHandoverDate: 'no_handover_date',
  beforeStartDate: 'before_start_date',
  inHandoverPeriod: 'in_handover_period',
  onOrAfterHandoverDate: 'on_or_after_handover_date',
} as const
export type ResponsibilityReason = (typeof RESPONSIBILITY_REASON)[keyof typeof RESPONSIBILITY_REASON]

export interface ResponsibilityResult extends HandoverExplained<ResponsibilityReason> {
  responsibility: Responsibility
}

/**
 * No handover date → Community; today < start → CustodyOnly; start ≤ today < handover → CustodyWithCom;
 * today ≥ handover → Community (the handover date itself is already COM-responsible). A missing start date is read
 * as the handover date.
 */
export function responsibilityOn(input: ResponsibilityInput, today: IsoDate): ResponsibilityResult {
  const { handoverDate } = input
  const inputs = { handoverDate, handoverStartDate: input.handoverStartDate, today }
  const out = (responsibility: Responsibility, reason: ResponsibilityReason, explanation: string) => ({
    responsibility,
    reason,
    trace: [{ rule: `handover.responsibility.${reason}`, explanation, inputs }],
  })
  if (handoverDate === null) {
    return out(RESPONSIBILITY.community, 'no_handover_date', 'no handover date: the COM is responsible')
  }
  const start = input.handoverStartDate ?? handoverDate
  if (isBefore(today, start)) {
    return out(
      RESPONSIBILITY.custodyOnly,
      'before_start_date',
      `today ${today} is before the handover start date ${start}: the POM is responsible, no COM involvement yet`,
    )
  }
  if (isBefore(today, handoverDate)) {
    return out(
      RESPONSIBILITY.custodyWithCom,
      'in_handover_period',
      `today ${today} is on or after the start date ${start} and before the handover date ${handoverDate}: the POM is responsible, the COM supports`,
    )
  }
  return out(
    RESPONSIBILITY.community,
    'on_or_after_handover_date',
    `today ${today} is on or after the handover date ${handoverDate}: the COM is responsible`,
  )
}
