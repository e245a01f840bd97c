/**
 * What a calculation decided, in a few fields: both tiers, and the digest of everything that decides them (points,
 * breakdowns, steps; not the trace wording). The case keeps the summary of its current calculation, so a full
 * recalculation can tell "unchanged" from one read, and `changed` compares the tier the configuration selects.
 */
import type { TierCalculationCompleteEvent, TierMissingInput } from '@omic/contracts'
import type { ChangeLevel, ProtectLevel, TierCalculationResult, TierRosh, TierV2Label, TierV3 } from '@omic/domain'
import { digestOf } from './digest'

export const TIER_VERSIONS = ['v2', 'v3'] as const
/** Which model gives *the* tier (configuration `TIER_VERSION`); both are always calculated and stored. */
export type TierVersion = (typeof TIER_VERSIONS)[number]

/** `additionalInformation` of `tier.calculation.complete`. */
export type TierCalculationInfo = TierCalculationCompleteEvent['additionalInformation']

export interface TierSummary {
  readonly v2: {
    readonly tier: TierV2Label
    readonly protectLevel: ProtectLevel
    readonly changeLevel: ChangeLevel
    readonly unsupervised: boolean
    readonly protectPoints: number
    readonly changePoints: number
  }
  readonly v3: { readonly tier: TierV3; readonly provisional: boolean }
  /** RoSH from the registrations: the grade guidance reads it. */
  readonly rosh: TierRosh | null
}

export function summarise(result: TierCalculationResult): TierSummary {
  const { v2, v3 } = result
  return {
    v2: {
      tier: v2.tier,
      protectLevel: v2.protectLevel,
      changeLevel: v2.changeLevel,
      unsupervised: v2.unsupervised,
      protectPoints: v2.protectPoints,
      changePoints: v2.changePoints,
    },
    v3: { tier: v3.tier, provisional: v3.provisional },
    rosh: result.registrations.rosh,
  }
}

/** Digest of what decides the tiers; two calculations with the same digest have the same result. */
export function resultDigestOf(result: TierCalculationResult): string {
  const { v2, v3 } = result
  return digestOf({
    isFemale: result.isFemale,
    hasNoMandate: result.hasNoMandate,
    registrations: result.registrations,
    v2: {
      tier: v2.tier,
      protectPoints: v2.protectPoints,
      changePoints: v2.changePoints,
      protectBreakdown: v2.protectBreakdown,
      changeBreakdown: v2.changeBreakdown,
    },
    v3: {
      tier: v3.tier,
      provisional: v3.provisional,
      provisionalReasons: v3.provisionalReasons,
      steps: v3.steps,
      startingCell: v3.startingCell,
    },
  })
}

/** *The* tier under `version`: a v2 label (`B2`, `A1S`) or a v3 tier (`C`, `MISSING`). */
export function selectedTier(summary: TierSummary, version: TierVersion): string {
  return version === 'v2' ? summary.v2.tier : summary.v3.tier
}

/** The tier changed (for v3: the tier or its provisional flag); a first calculation is a change. */
export function tierChanged(previous: TierSummary | null, next: TierSummary, version: TierVersion): boolean {
  if (previous === null) return true
  if (version === 'v2') return previous.v2.tier !== next.v2.tier
  return previous.v3.tier !== next.v3.tier || previous.v3.provisional !== next.v3.provisional
}

/**
 * `additionalInformation` of `tier.calculation.complete`, on every calculation: the selected tier, the previous one,
 * `changed`, and the inputs the calculation lacked (`missingInputs`, empty when it had them all).
 */
export function tierCalculationCompleteInfo(args: {
  crn: string
  calculationId: string
  version: TierVersion
  summary: TierSummary
  previous: TierSummary | null
  changed: boolean
  /** The parts the calculation was made without (`toTierInput`'s `missing`): published as `missingInputs`. */
  missing: readonly TierMissingInput[]
}): TierCalculationInfo {
  const { crn, calculationId, summary, previous, changed } = args
  const missingInputs = [...args.missing]
  if (args.version === 'v2') {
    return {
      crn,
      calculationId,
      changed,
      version: 2,
      tier: summary.v2.tier,
      previousTier: previous?.v2.tier ?? null,
      missingInputs,
    }
  }
  return {
    crn,
    calculationId,
    changed,
    version: 3,
    tier: summary.v3.tier,
    previousTier: previous?.v3.tier ?? null,
    provisional: summary.v3.provisional,
    missingInputs,
  }
}
