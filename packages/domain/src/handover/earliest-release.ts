/** The earliest release date (ERD) used for handover (handover.md §b; CONFORMANCE.md §5.1 handover.earliestRelease). */
import { z } from 'zod'
import { daysBetween, type IsoDate, isAfter, isoDateSchema } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import { type HandoverExplained, type NamedDate, RELEASE_DATE_TYPE, type ReleaseDateType } from './types'

export const releaseDatesSchema = z.object({
  tariffDate: isoDateSchema.nullable().default(null),
  targetHearingDate: isoDateSchema.nullable().default(null),
  paroleEligibilityDate: isoDateSchema.nullable().default(null),
  conditionalReleaseDate: isoDateSchema.nullable().default(null),
  automaticReleaseDate: isoDateSchema.nullable().default(null),
  /** When non-null it replaces CRD. */
  conditionalReleaseOverrideDate: isoDateSchema.nullable().default(null),
  /** When non-null it replaces ARD. */
  automaticReleaseOverrideDate: isoDateSchema.nullable().default(null),
})
export type ReleaseDates = z.output<typeof releaseDatesSchema>

export const earliestReleaseInputSchema = releaseDatesSchema.extend({ isIndeterminate: z.boolean() })
export type EarliestReleaseInput = z.output<typeof earliestReleaseInputSchema>

export const EARLIEST_RELEASE_REASON = {
  ispFutureTariff: 'isp_future_tariff',
  ispFutureTargetHearing: 'isp_future_target_hearing',
  ispNearestToToday: 'isp_nearest_to_today',
  determinateParoleEligibility: 'determinate_parole_eligibility',
  determinateEarlierOfArdCrd: 'determinate_earlier_of_ard_crd',
  determinateParoleRefusal: 'determinate_parole_refusal',
  noReleaseDate: 'no_release_date',
} as const
export type EarliestReleaseReason = (typeof EARLIEST_RELEASE_REASON)[keyof typeof EARLIEST_RELEASE_REASON]

export interface EarliestRelease extends HandoverExplained<EarliestReleaseReason> {
  date: IsoDate | null
  type: ReleaseDateType | null
}

/** CRD and ARD with their override dates applied; an override keeps the label of the date it replaces. */
export function effectiveReleaseDates(input: ReleaseDates): { crd: IsoDate | null; ard: IsoDate | null } {
  return {
    crd: input.conditionalReleaseOverrideDate ?? input.conditionalReleaseDate,
    ard: input.automaticReleaseOverrideDate ?? input.automaticReleaseDate,
  }
}

/** The earlier of ARD and CRD (override dates applied); a tie goes to ARD. */
export function earlierOfArdAndCrd(input: ReleaseDates): NamedDate | null {
  const { crd, ard } = effectiveReleaseDates(input)
  if (ard !== null && (crd === null || ard <= crd)) return { date: ard, type: RELEASE_DATE_TYPE.ard }
  if (crd !== null) return { date: crd, type: RELEASE_DATE_TYPE.crd }
  return null
}

function named(date: IsoDate | null, type: ReleaseDateType): NamedDate | null {
  return date === null ? null : { date, type }
}

function result(
  found: NamedDate | null,
  reason: EarliestReleaseReason,
  explanation: string,
  inputs: Record<string, unknown>,
): EarliestRelease {
  const trace: TraceStep[] = [{ rule: `handover.earliestRelease.${reason}`, explanation, inputs }]
  return { date: found?.date ?? null, type: found?.type ?? null, reason, trace }
}

/**
 * ISP: TED if after today; else THD if after today; else whichever of TED/THD is nearest to today (tie → TED).
 * PED, CRD, ARD are ignored. Determinate: PED if present (past or future); else the earlier of ARD and CRD
 * (tie → ARD). TED/THD are ignored. `today` is needed for an ISP only.
 */
export function earliestReleaseForHandover(input: EarliestReleaseInput, today: IsoDate | null): EarliestRelease {
  return input.isIndeterminate ? indeterminateRelease(input, today) : determinateRelease(input)
}

function indeterminateRelease(input: EarliestReleaseInput, today: IsoDate | null): EarliestRelease {
  if (today === null)
    throw new RangeError('today is required for the earliest release date of an indeterminate sentence')
  const ted = named(input.tariffDate, RELEASE_DATE_TYPE.ted)
  const thd = named(input.targetHearingDate, RELEASE_DATE_TYPE.thd)
  const inputs = { isIndeterminate: true, tariffDate: ted?.date ?? null, targetHearingDate: thd?.date ?? null, today }
  if (ted && isAfter(ted.date, today)) {
    return result(ted, 'isp_future_tariff', `ISP: tariff date ${ted.date} is after today ${today}: ERD = TED`, inputs)
  }
  if (thd && isAfter(thd.date, today)) {
    return result(
      thd,
      'isp_future_target_hearing',
      `ISP: no future tariff date; target hearing date ${thd.date} is after today ${today}: ERD = THD`,
      inputs,
    )
  }
  if (!ted && !thd)
    return result(null, 'no_release_date', 'ISP with neither a tariff date nor a target hearing date: no ERD', inputs)
  const distance = (d: NamedDate | null): number =>
    d ? Math.abs(daysBetween(today, d.date)) : Number.POSITIVE_INFINITY
  const nearest = distance(ted) <= distance(thd) ? ted : thd
  const parts = [ted, thd]
    .filter((d): d is NamedDate => d !== null)
    .map(d => `${d.type} ${d.date} (${distance(d)} days)`)
  return result(
    nearest,
    'isp_nearest_to_today',
    `ISP: neither date is after today ${today}; nearest to today of ${parts.join(', ')} is the ${nearest?.type} (a tie goes to TED)`,
    inputs,
  )
}

function determinateRelease(input: EarliestReleaseInput): EarliestRelease {
  const { crd, ard } = effectiveReleaseDates(input)
  const inputs = {
    isIndeterminate: false,
    paroleEligibilityDate: input.paroleEligibilityDate,
    conditionalReleaseDate: input.conditionalReleaseDate,
    conditionalReleaseOverrideDate: input.conditionalReleaseOverrideDate,
    automaticReleaseDate: input.automaticReleaseDate,
    automaticReleaseOverrideDate: input.automaticReleaseOverrideDate,
  }
  if (input.paroleEligibilityDate !== null) {
    return result(
      { date: input.paroleEligibilityDate, type: RELEASE_DATE_TYPE.ped },
      'determinate_parole_eligibility',
      `determinate with a parole eligibility date ${input.paroleEligibilityDate}: ERD = PED (past or future)`,
      inputs,
    )
  }
  const earlier = earlierOfArdAndCrd(input)
  if (!earlier) return result(null, 'no_release_date', 'determinate with no PED, ARD or CRD: no ERD', inputs)
  const overrides = [
    input.automaticReleaseOverrideDate !== null ? `ARD override ${input.automaticReleaseOverrideDate}` : null,
    input.conditionalReleaseOverrideDate !== null ? `CRD override ${input.conditionalReleaseOverrideDate}` : null,
  ].filter(s => s !== null)
  return result(
    earlier,
    'determinate_earlier_of_ard_crd',
    `determinate with no PED: ERD = earlier of ARD ${ard ?? 'none'} and CRD ${crd ?? 'none'} (a tie goes to ARD) = ${earlier.type} ${earlier.date}` +
      (overrides.length > 0 ? ` (using ${overrides.join(' and ')})` : ''),
    inputs,
  )
}
