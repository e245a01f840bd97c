/**
 * Both tier models from one input, as the service computes them on every calculation (the anchor stores v2 and v3
 * side by side). Registrations and convictions are read once and shared.
 */
import type { IsoDate } from '../shared/dates'
import { fail, ok, type Result } from '../shared/result'
import { hasNoMandate } from './mandate'
import { readRegistrations } from './registrations'
import { type TierV2Result, tierV2FromFacts } from './tier-v2'
import { calculateTierV3, type TierV3Result } from './tier-v3'
import type { NeedsAssessment, Ogrs4Predictors, RegistrationSummary, TierConviction, TierRegistration } from './types'

/** Everything both models read: the Delius tier inputs, the ARNS needs assessment and the OGRS4 predictors. */
export interface TierCalculationInput {
  /** Delius gender; "female" in any case means female. */
  readonly gender: string | null
  /** null counts as 0. */
  readonly rsrScore: number | null
  /** null counts as 0. */
  readonly ogrsScore: number | null
  readonly registrations: readonly TierRegistration[]
  readonly convictions: readonly TierConviction[]
  readonly previousEnforcementActivity: boolean
  readonly hasActiveEvent: boolean
  readonly latestReleaseDate: IsoDate | null
  /** The v2 needs assessment; null = none. */
  readonly assessment: NeedsAssessment | null
  /** The v3 OGRS4 predictors; null = none (v3 MISSING). */
  readonly predictors: Ogrs4Predictors | null
  readonly everCommittedSexualOffence: boolean
}

export interface TierCalculationResult {
  readonly isFemale: boolean
  readonly hasNoMandate: boolean
  readonly registrations: RegistrationSummary
  readonly v2: TierV2Result
  readonly v3: TierV3Result
}

export function isFemaleGender(gender: string | null): boolean {
  return gender !== null && gender.length === 6 && gender.toLowerCase() === 'female'
}

/**
 * Calculates tier v2 and tier v3. Fails (as the anchor's whole calculation does) only when v3 rejects its
 * predictors; the error's field is relative to this input (e.g. `predictors.dcSrp.score`).
 */
export function calculateTiers(input: TierCalculationInput, today: IsoDate): Result<TierCalculationResult> {
  const registrations = readRegistrations(input.registrations)
  const noMandate = hasNoMandate(input.convictions)
  const isFemale = isFemaleGender(input.gender)
  const v2 = tierV2FromFacts({
    isFemale,
    rsrScore: input.rsrScore,
    ogrsScore: input.ogrsScore,
    registrations,
    hasNoMandate: noMandate,
    previousEnforcementActivity: input.previousEnforcementActivity,
    assessment: input.assessment,
  })
  const predictors = input.predictors
  const v3 = calculateTierV3(
    {
      hasActiveEvent: input.hasActiveEvent,
      rosh: registrations.rosh,
      mappaCategory: registrations.mappaCategory,
      hasLiferIpp: registrations.hasLiferIpp,
      hasDomesticAbuse: registrations.hasDomesticAbuse,
      hasStalking: registrations.hasStalking,
      hasChildProtection: registrations.hasChildProtection,
      latestReleaseDate: input.latestReleaseDate,
      arp: predictors === null ? null : predictors.arp,
      csrp: predictors === null ? null : predictors.csrp,
      dcSrp: predictors === null ? null : predictors.dcSrp,
      everCommittedSexualOffence: input.everCommittedSexualOffence,
    },
    today,
  )
  if (!v3.ok) return fail({ field: `predictors.${v3.error.field}`, reason: v3.error.reason })
  return ok({ isFemale, hasNoMandate: noMandate, registrations, v2, v3: v3.value })
}
