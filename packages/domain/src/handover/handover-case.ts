/**
 * A whole prisoner case: special cases first, then the general rules and responsibility from the dates
 * (handover.md §c.1; CONFORMANCE.md §5.1 handover.case). The prisoner is inside OMiC policy (omicPolicy).
 */
import { z } from 'zod'
import { addMonths, type IsoDate, isAfter, isoDateSchema } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import { type EarliestRelease, earliestReleaseForHandover, releaseDatesSchema } from './earliest-release'
import { handoverDates } from './handover-dates'
import { IMMIGRATION_STATUS } from './omic-policy'
import { DEFAULT_HANDOVER_OPTIONS, type HandoverOptions } from './options'
import { applyParoleRefusalExtension } from './parole-refusal'
import { openConditions } from './prison-estate'
import { responsibilityOn } from './responsibility'
import {
  HANDOVER_REASON,
  type HandoverExplained,
  type HandoverMappaLevel,
  type HandoverReason,
  type NamedDate,
  PAROLE_OUTCOME,
  RESPONSIBILITY,
  type Responsibility,
} from './types'

/** "THD more than 12 months away" = THD strictly after today + 12 months. */
export const THD_FAR_AWAY_MONTHS = 12

export const handoverCaseInputSchema = releaseDatesSchema.extend({
  sentenceStartDate: isoDateSchema,
  isIndeterminate: z.boolean(),
  isRecall: z.boolean(),
  /** NOMIS imprisonment status code; `DET` = immigration case. */
  imprisonmentStatus: z.string().nullable().default(null),
  hasAdditionalFutureIsp: z.boolean(),
  lastParoleOutcome: z.enum(PAROLE_OUTCOME).nullable().default(null),
  mappaLevel: z
    .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)])
    .nullable()
    .default(null),
  earlyAllocationActive: z.boolean(),
  prisonId: z.string(),
  inWomensPrison: z.boolean(),
  isOpenPrison: z.boolean(),
  prisonArrivalDate: isoDateSchema.nullable().default(null),
  category: z.string().nullable().default(null),
  categoryActiveSinceDate: isoDateSchema.nullable().default(null),
  probationService: z.enum(['England', 'Wales']).nullable().default(null),
})
export type HandoverCaseInput = z.output<typeof handoverCaseInputSchema>

export interface HandoverCaseResult extends HandoverExplained<HandoverReason> {
  responsibility: Responsibility
  handoverDate: IsoDate | null
  handoverStartDate: IsoDate | null
  /** The release date the calculation used (after our extension, when it applied). */
  earliestRelease: NamedDate | null
  inOpenConditions: boolean
  openPrisonRulesApply: boolean
}

/** The earliest release date for this case, with our parole-refusal extension applied when switched on. */
export function caseEarliestRelease(
  input: HandoverCaseInput,
  today: IsoDate,
  options: Readonly<HandoverOptions> = DEFAULT_HANDOVER_OPTIONS,
): EarliestRelease {
  const anchor = earliestReleaseForHandover(input, today)
  return options.determinateParoleRefusalExtension ? applyParoleRefusalExtension(input, anchor, today) : anchor
}

/**
 * First match: additional future ISP; ISP + THD > 12 months away + recalled + MAPPA null/0/1; ISP + THD > 12 months
 * + parole not release + MAPPA 2/3; ISP + THD > 12 months + parole not release; recalled; immigration (`DET`); no
 * ERD; otherwise the general rules (handoverDates) and responsibility from the dates (responsibilityOn).
 */
export function handoverCase(
  input: HandoverCaseInput,
  today: IsoDate,
  options: Readonly<HandoverOptions> = DEFAULT_HANDOVER_OPTIONS,
): HandoverCaseResult {
  const trace: TraceStep[] = []
  const open = openConditions(input)
  const erd = caseEarliestRelease(input, today, options)
  const earliestRelease = erd.date !== null && erd.type !== null ? { date: erd.date, type: erd.type } : null
  const special = (reason: HandoverReason, responsibility: Responsibility, explanation: string): HandoverCaseResult => {
    trace.push({
      rule: `handover.case.${reason}`,
      explanation: `${explanation}: ${responsibility}, no handover dates`,
      inputs: specialInputs(input, today),
    })
    return {
      responsibility,
      handoverDate: null,
      handoverStartDate: null,
      reason,
      earliestRelease,
      inOpenConditions: open.inOpenConditions,
      openPrisonRulesApply: open.openPrisonRulesApply,
      trace,
    }
  }

  const isp = input.isIndeterminate
  if (isp && input.hasAdditionalFutureIsp) {
    return special(
      HANDOVER_REASON.additionalIsp,
      RESPONSIBILITY.custodyOnly,
      'ISP sentenced to an additional future ISP',
    )
  }
  const thd = input.targetHearingDate
  const thdLimit = addMonths(today, THD_FAR_AWAY_MONTHS)
  const thdFarAway = thd !== null && isAfter(thd, thdLimit)
  const thdText = `THD ${thd} is after today + ${THD_FAR_AWAY_MONTHS} months (${thdLimit})`
  const mappa: HandoverMappaLevel | null = input.mappaLevel
  const refused = input.lastParoleOutcome === PAROLE_OUTCOME.notRelease
  if (isp && thdFarAway) {
    if (input.isRecall && (mappa === null || mappa === 0 || mappa === 1)) {
      return special(
        HANDOVER_REASON.recallThdOver12Months,
        RESPONSIBILITY.custodyWithCom,
        `recalled ISP, ${thdText}, MAPPA ${mappa ?? 'unknown'}`,
      )
    }
    if (refused && (mappa === 2 || mappa === 3)) {
      return special(
        HANDOVER_REASON.paroleMappa23,
        RESPONSIBILITY.community,
        `ISP, ${thdText}, last parole outcome not release, MAPPA ${mappa}`,
      )
    }
    if (refused) {
      return special(
        HANDOVER_REASON.thdOver12Months,
        RESPONSIBILITY.custodyWithCom,
        `ISP, ${thdText}, last parole outcome not release, MAPPA ${mappa ?? 'unknown'}`,
      )
    }
  }
  if (input.isRecall) return special(HANDOVER_REASON.recallCase, RESPONSIBILITY.community, 'recalled')
  if (input.imprisonmentStatus === IMMIGRATION_STATUS) {
    return special(
      HANDOVER_REASON.immigrationCase,
      RESPONSIBILITY.community,
      `immigration case (${IMMIGRATION_STATUS})`,
    )
  }

  trace.push(...erd.trace)
  if (erd.date === null) {
    return special(HANDOVER_REASON.releaseDateUnknown, RESPONSIBILITY.custodyOnly, 'no earliest release date')
  }
  trace.push(...open.trace)
  const dates = handoverDates({
    sentenceStartDate: input.sentenceStartDate,
    earliestReleaseDate: erd.date,
    earliestReleaseType: erd.type,
    isIndeterminate: isp,
    isDeterminateParole: input.paroleEligibilityDate !== null,
    isEarlyAllocation: input.earlyAllocationActive,
    inOpenConditions: open.inOpenConditions,
    openPrisonRulesApply: open.openPrisonRulesApply,
    inWomensPrison: input.inWomensPrison,
    prisonArrivalDate: input.prisonArrivalDate,
    categoryActiveSinceDate: input.categoryActiveSinceDate,
  })
  trace.push(...dates.trace)
  const responsibility = responsibilityOn(dates, today)
  trace.push(...responsibility.trace)
  return {
    responsibility: responsibility.responsibility,
    handoverDate: dates.handoverDate,
    handoverStartDate: dates.handoverStartDate,
    reason: dates.reason,
    earliestRelease,
    inOpenConditions: open.inOpenConditions,
    openPrisonRulesApply: open.openPrisonRulesApply,
    trace,
  }
}

function specialInputs(input: HandoverCaseInput, today: IsoDate): Record<string, unknown> {
  return {
    today,
    isIndeterminate: input.isIndeterminate,
    hasAdditionalFutureIsp: input.hasAdditionalFutureIsp,
    isRecall: input.isRecall,
    targetHearingDate: input.targetHearingDate,
    lastParoleOutcome: input.lastParoleOutcome,
    mappaLevel: input.mappaLevel,
    imprisonmentStatus: input.imprisonmentStatus,
  }
}
