/**
 * Handover date, handover start date and reason from the general rules (handover.md §c.2–§c.3, §e.4;
 * CONFORMANCE.md §5.1 handover.dates). Calendar arithmetic: months first (clamped to month end), then days.
 */
import { z } from 'zod'
import { addDays, addMonths, type IsoDate, isOnOrAfter, isoDateSchema, minDate } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import { type GeneralRuleReason, HANDOVER_REASON, type HandoverExplained, RELEASE_DATE_TYPE } from './types'

export const EARLY_ALLOCATION_HANDOVER_MONTHS = 15
export const INDETERMINATE_HANDOVER_MONTHS = 12
export const DETERMINATE_PAROLE_HANDOVER_MONTHS = 12
export const DETERMINATE_HANDOVER_MONTHS = 8
export const DETERMINATE_HANDOVER_EXTRA_DAYS = 14
/** A determinate sentence of this many months or less (SSD + 10 months ≥ ERD) has no handover. */
export const SHORT_SENTENCE_MONTHS = 10

export const handoverDatesInputSchema = z.object({
  sentenceStartDate: isoDateSchema,
  earliestReleaseDate: isoDateSchema,
  /** Only used to label the ERD in explanations. */
  earliestReleaseType: z.enum(RELEASE_DATE_TYPE).nullable().default(null),
  isIndeterminate: z.boolean(),
  isDeterminateParole: z.boolean(),
  isEarlyAllocation: z.boolean(),
  inOpenConditions: z.boolean(),
  openPrisonRulesApply: z.boolean(),
  inWomensPrison: z.boolean(),
  prisonArrivalDate: isoDateSchema.nullable().default(null),
  categoryActiveSinceDate: isoDateSchema.nullable().default(null),
})
export type HandoverDatesInput = z.output<typeof handoverDatesInputSchema>

export interface HandoverDates extends HandoverExplained<GeneralRuleReason> {
  handoverDate: IsoDate | null
  handoverStartDate: IsoDate | null
}

/**
 * First match: early allocation → ERD − 15 months; ISP → ERD − 12 months (`indeterminate_open` in open conditions);
 * determinate with SSD + 10 months ≥ ERD → no handover (`determinate_short`); PED → ERD − 12 months; otherwise
 * ERD − 8 months − 14 days. Start date = handover date, except for an ISP under open-prison rules (handoverStartDate).
 */
export function handoverDates(input: HandoverDatesInput): HandoverDates {
  const erd = input.earliestReleaseDate
  const erdLabel = `ERD ${erd}${input.earliestReleaseType ? ` (${input.earliestReleaseType})` : ''}`
  const trace: TraceStep[] = []
  const monthsBefore = (months: number, reason: GeneralRuleReason, why: string): HandoverDates => {
    const handoverDate = addMonths(erd, -months)
    trace.push({
      rule: `handover.dates.${reason}`,
      explanation: `${why}: handover date = ${erdLabel} − ${months} months = ${handoverDate}`,
      inputs: { earliestReleaseDate: erd, months },
    })
    return withStartDate(input, handoverDate, reason, trace)
  }

  if (input.isEarlyAllocation) {
    return monthsBefore(
      EARLY_ALLOCATION_HANDOVER_MONTHS,
      HANDOVER_REASON.earlyAllocation,
      'early allocation is active (beats every general rule, including short sentences)',
    )
  }
  if (input.isIndeterminate) {
    return monthsBefore(
      INDETERMINATE_HANDOVER_MONTHS,
      input.inOpenConditions ? HANDOVER_REASON.indeterminateOpen : HANDOVER_REASON.indeterminate,
      input.inOpenConditions ? 'indeterminate sentence in open conditions' : 'indeterminate sentence',
    )
  }
  const shortLimit = addMonths(input.sentenceStartDate, SHORT_SENTENCE_MONTHS)
  if (isOnOrAfter(shortLimit, erd)) {
    trace.push({
      rule: 'handover.dates.determinate_short',
      explanation: `determinate: SSD ${input.sentenceStartDate} + ${SHORT_SENTENCE_MONTHS} months = ${shortLimit} is on or after ${erdLabel}: ${SHORT_SENTENCE_MONTHS} months or less, no handover (COM responsible immediately)`,
      inputs: { sentenceStartDate: input.sentenceStartDate, earliestReleaseDate: erd, shortLimit },
    })
    return { handoverDate: null, handoverStartDate: null, reason: HANDOVER_REASON.determinateShort, trace }
  }
  trace.push({
    rule: 'handover.dates.notShort',
    explanation: `determinate: SSD ${input.sentenceStartDate} + ${SHORT_SENTENCE_MONTHS} months = ${shortLimit} is before ${erdLabel}: more than ${SHORT_SENTENCE_MONTHS} months`,
    inputs: { sentenceStartDate: input.sentenceStartDate, earliestReleaseDate: erd, shortLimit },
  })
  if (input.isDeterminateParole) {
    return monthsBefore(
      DETERMINATE_PAROLE_HANDOVER_MONTHS,
      HANDOVER_REASON.determinateParole,
      'determinate parole case (PED present)',
    )
  }
  const monthsEarlier = addMonths(erd, -DETERMINATE_HANDOVER_MONTHS)
  const handoverDate = addDays(monthsEarlier, -DETERMINATE_HANDOVER_EXTRA_DAYS)
  trace.push({
    rule: 'handover.dates.determinate',
    explanation: `determinate: handover date = ${erdLabel} − ${DETERMINATE_HANDOVER_MONTHS} months (${monthsEarlier}) − ${DETERMINATE_HANDOVER_EXTRA_DAYS} days = ${handoverDate}`,
    inputs: { earliestReleaseDate: erd, months: DETERMINATE_HANDOVER_MONTHS, days: DETERMINATE_HANDOVER_EXTRA_DAYS },
  })
  return withStartDate(input, handoverDate, HANDOVER_REASON.determinate, trace)
}

/**
 * Start date = handover date, except for an ISP under open-prison rules: the earlier of the handover date and the
 * candidate (women's estate: date the current category became active; men's: prison arrival). A null candidate is
 * ignored.
 */
function withStartDate(
  input: HandoverDatesInput,
  handoverDate: IsoDate,
  reason: GeneralRuleReason,
  trace: TraceStep[],
): HandoverDates {
  if (!input.isIndeterminate || !input.openPrisonRulesApply) {
    trace.push({
      rule: 'handover.startDate.sameAsHandover',
      explanation: input.isIndeterminate
        ? `open-prison rules do not apply: start date = handover date ${handoverDate}`
        : `determinate sentence: start date = handover date ${handoverDate}`,
      inputs: { isIndeterminate: input.isIndeterminate, openPrisonRulesApply: input.openPrisonRulesApply },
    })
    return { handoverDate, handoverStartDate: handoverDate, reason, trace }
  }
  const [candidate, label] = input.inWomensPrison
    ? [input.categoryActiveSinceDate, 'date the current category became active']
    : [input.prisonArrivalDate, 'prison arrival date']
  const handoverStartDate = minDate(candidate, handoverDate) ?? handoverDate
  trace.push({
    rule: 'handover.startDate.openPrisonRules',
    explanation:
      candidate === null
        ? `ISP under open-prison rules (${input.inWomensPrison ? "women's" : "men's"} estate) but no ${label}: start date = handover date ${handoverDate}`
        : `ISP under open-prison rules (${input.inWomensPrison ? "women's" : "men's"} estate): start date = earlier of ${label} ${candidate} and handover date ${handoverDate} = ${handoverStartDate}`,
    inputs: { inWomensPrison: input.inWomensPrison, candidate, handoverDate },
  })
  return { handoverDate, handoverStartDate, reason, trace }
}
