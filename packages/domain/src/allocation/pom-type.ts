/**
 * Recommended POM type (allocation.md §1) and the reason required when an allocation goes against it (§3.2).
 */
import { z } from 'zod'
import type { Result, RuleViolation, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import { OVERRIDE_DETAIL_MAX_LENGTH } from './config'
import type { AllocationRoshLevel, PomPosition, PomTier } from './vocabulary'
import { allocationRoshSchema, POM_POSITION, pomTierSchema } from './vocabulary'

export const POM_TYPE = { PROBATION: 'PROBATION', PRISON: 'PRISON' } as const
export type PomType = (typeof POM_TYPE)[keyof typeof POM_TYPE]
export const pomTypeSchema = z.enum([POM_TYPE.PROBATION, POM_TYPE.PRISON])

/** NOMIS position of each POM type, and the code used when there is no recommendation. */
export const POM_TYPE_POSITION: Readonly<Record<PomType, PomPosition>> = { PROBATION: 'PO', PRISON: 'PRO' }
export const NO_RECOMMENDATION = 'NOREC'
/** Labels stored on the allocation (`recommended_pom_type`); no recommendation is stored as `null`. */
export const POM_TYPE_LABEL: Readonly<Record<PomType, string>> = { PROBATION: 'probation', PRISON: 'prison' }

/** `tier` = production (tier table); `rosh` = the RoSH table (feature flag `rosh_recommendations`). */
export const RECOMMENDATION_STRATEGY = { TIER: 'tier', ROSH: 'rosh' } as const
export type RecommendationStrategy = (typeof RECOMMENDATION_STRATEGY)[keyof typeof RECOMMENDATION_STRATEGY]
export const recommendationStrategySchema = z.enum([RECOMMENDATION_STRATEGY.TIER, RECOMMENDATION_STRATEGY.ROSH])

export const RECOMMENDATION_REASON = {
  IMMIGRATION_CASE: 'immigration_case',
  SUPPORTING_ROLE: 'supporting_role',
  TIER_BASED: 'tier_based',
  ROSH_BASED: 'rosh_based',
  MISSING_ROSH: 'missing_rosh',
} as const
export type RecommendationReason = (typeof RECOMMENDATION_REASON)[keyof typeof RECOMMENDATION_REASON]

export const pomTypeInputSchema = z.object({
  /** NOMIS imprisonment status `DET`. */
  isImmigrationCase: z.boolean(),
  /** Responsibility is CustodyOnly or CustodyWithCom. */
  pomResponsible: z.boolean(),
  tier: pomTierSchema.nullable(),
  rosh: allocationRoshSchema.nullable(),
  strategy: recommendationStrategySchema,
})
export type PomTypeInput = z.infer<typeof pomTypeInputSchema>

export interface PomTypeRecommendation {
  /** `null` = no recommendation (NOREC): an override reason is then always required. */
  pomType: PomType | null
  reason: RecommendationReason
  trace: TraceStep[]
}

/** Picks the strategy from the feature flag (`rosh_recommendations`, off in production). */
export function recommendationStrategyFor(flags: { roshRecommendations: boolean }): RecommendationStrategy {
  return flags.roshRecommendations ? RECOMMENDATION_STRATEGY.ROSH : RECOMMENDATION_STRATEGY.TIER
}

/** The POM type of a NOMIS position. */
export function pomTypeOfPosition(position: PomPosition): PomType {
  return position === POM_POSITION.PO ? POM_TYPE.PROBATION : POM_TYPE.PRISON
}

/** The recommendation code `PO`, `PRO` or `NOREC`. */
export function recommendationCode(pomType: PomType | null): PomPosition | typeof NO_RECOMMENDATION {
  return pomType === null ? NO_RECOMMENDATION : POM_TYPE_POSITION[pomType]
}

const typeWords = (t: PomType | null): string =>
  t === POM_TYPE.PROBATION ? 'a probation POM' : t === POM_TYPE.PRISON ? 'a prison POM' : 'no recommendation'

/**
 * Recommends a POM type. Both strategies: an immigration case, then a case where the POM only supports the COM,
 * get a prison POM. Tier strategy: tier A or B → probation POM, otherwise (C–G, or no tier) prison POM. RoSH
 * strategy: tier A → probation POM; RoSH high or very high → probation POM; RoSH unknown → no recommendation;
 * otherwise prison POM.
 */
export function recommendPomType(input: PomTypeInput): PomTypeRecommendation {
  const trace: TraceStep[] = []
  const decide = (pomType: PomType | null, reason: RecommendationReason, rule: string, why: string) => {
    trace.push({
      rule,
      explanation: `${why}: ${typeWords(pomType)}${pomType === null ? ' (an override reason will be required)' : ''}.`,
      inputs: { strategy: input.strategy, tier: input.tier, rosh: input.rosh },
    })
    return { pomType, reason, trace }
  }
  trace.push({
    rule: 'allocation.pomType.strategy',
    explanation:
      input.strategy === RECOMMENDATION_STRATEGY.ROSH
        ? 'Recommending by tier A and RoSH (the RoSH strategy).'
        : 'Recommending by tier (the tier strategy used in production).',
  })
  if (input.isImmigrationCase) {
    return decide(
      POM_TYPE.PRISON,
      RECOMMENDATION_REASON.IMMIGRATION_CASE,
      'allocation.pomType.immigration',
      'This is an immigration case',
    )
  }
  if (!input.pomResponsible) {
    return decide(
      POM_TYPE.PRISON,
      RECOMMENDATION_REASON.SUPPORTING_ROLE,
      'allocation.pomType.supporting',
      'The COM is responsible, so the case needs a POM in a supporting role',
    )
  }
  if (input.strategy === RECOMMENDATION_STRATEGY.TIER) {
    const high = input.tier === 'A' || input.tier === 'B'
    return decide(
      high ? POM_TYPE.PROBATION : POM_TYPE.PRISON,
      RECOMMENDATION_REASON.TIER_BASED,
      'allocation.pomType.tier',
      input.tier === null ? 'The case has no tier yet (not A or B)' : `The case is tier ${input.tier}`,
    )
  }
  if (input.tier === 'A') {
    return decide(
      POM_TYPE.PROBATION,
      RECOMMENDATION_REASON.TIER_BASED,
      'allocation.pomType.tierA',
      'The case is tier A',
    )
  }
  if (input.rosh === 'HIGH' || input.rosh === 'VERY_HIGH') {
    return decide(
      POM_TYPE.PROBATION,
      RECOMMENDATION_REASON.ROSH_BASED,
      'allocation.pomType.rosh',
      `The case has a ${roshWords(input.rosh)} RoSH`,
    )
  }
  if (input.rosh === null) {
    return decide(
      null,
      RECOMMENDATION_REASON.MISSING_ROSH,
      'allocation.pomType.missingRosh',
      'The RoSH level is missing (check their risk on NDelius and OASys)',
    )
  }
  return decide(
    POM_TYPE.PRISON,
    RECOMMENDATION_REASON.ROSH_BASED,
    'allocation.pomType.rosh',
    `The case has a ${roshWords(input.rosh)} RoSH`,
  )
}

function roshWords(rosh: AllocationRoshLevel): string {
  return rosh === 'VERY_HIGH' ? 'very high' : rosh.toLowerCase()
}

/** Tier letters as a type guard, for callers holding a free string. */
export function isPomTier(value: string): value is PomTier {
  return pomTierSchema.safeParse(value).success
}

// ---------------------------------------------------------------------------------------------------------------
// Reason against the recommendation

export const OVERRIDE_REASON = {
  /** The recommended type of POM is not suitable for this case; needs a detail. */
  SUITABILITY: 'suitability',
  /** No staff of the recommended type available. */
  NO_STAFF: 'no_staff',
  /** The chosen POM has worked with the prisoner before. */
  CONTINUITY: 'continuity',
  /** Another reason; needs a detail. */
  OTHER: 'other',
} as const
export type OverrideReason = (typeof OVERRIDE_REASON)[keyof typeof OVERRIDE_REASON]
export const overrideReasonSchema = z.enum([
  OVERRIDE_REASON.SUITABILITY,
  OVERRIDE_REASON.NO_STAFF,
  OVERRIDE_REASON.CONTINUITY,
  OVERRIDE_REASON.OTHER,
])

export const pomTypeOverrideSchema = z.object({
  reasons: z.array(overrideReasonSchema),
  suitabilityDetail: z.string().nullable().optional(),
  otherDetail: z.string().nullable().optional(),
})
export type PomTypeOverride = z.infer<typeof pomTypeOverrideSchema>

export interface PomTypeChoice {
  /** The recommendation (`null` = no recommendation). */
  recommended: PomType | null
  /** The type of the POM the SPO chose. */
  chosen: PomType
  override: PomTypeOverride | null
}

export interface ValidatedPomTypeChoice {
  overrideNeeded: boolean
  /** The override to store (reasons deduplicated in form order, details trimmed); `null` when none is needed. */
  override: { reasons: OverrideReason[]; suitabilityDetail: string | null; otherDetail: string | null } | null
  trace: TraceStep[]
}

/** An override is needed when the chosen type differs from the recommendation, or there is no recommendation. */
export function isOverrideNeeded(recommended: PomType | null, chosen: PomType): boolean {
  return recommended === null || recommended !== chosen
}

/**
 * Checks the reason given against the recommended POM type: when an override is needed at least one reason is
 * required; `suitability` needs a suitability detail and `other` needs its own detail, each non-blank and at most
 * 175 characters. When no override is needed the given reasons are not stored.
 */
export function validatePomTypeChoice(choice: PomTypeChoice): Result<ValidatedPomTypeChoice> {
  const trace: TraceStep[] = []
  const needed = isOverrideNeeded(choice.recommended, choice.chosen)
  trace.push({
    rule: 'allocation.override.needed',
    explanation: needed
      ? choice.recommended === null
        ? `There is no recommended POM type, so a reason for choosing ${typeWords(choice.chosen)} is required.`
        : `${cap(typeWords(choice.recommended))} was recommended but ${typeWords(choice.chosen)} was chosen, so a reason is required.`
      : `${cap(typeWords(choice.chosen))} was recommended and chosen; no reason is needed.`,
    inputs: { recommended: choice.recommended, chosen: choice.chosen },
  })
  if (!needed) return ok({ overrideNeeded: false, override: null, trace })

  const reasons = [...new Set(choice.override?.reasons ?? [])]
  if (reasons.length === 0) return fail(violation('override.reasons', 'Select at least one reason'))

  const suitabilityDetail = reasons.includes(OVERRIDE_REASON.SUITABILITY)
    ? checkDetail(choice.override?.suitabilityDetail, 'override.suitabilityDetail', 'why the POM type is not suitable')
    : ok(null)
  if (!suitabilityDetail.ok) return suitabilityDetail
  const otherDetail = reasons.includes(OVERRIDE_REASON.OTHER)
    ? checkDetail(choice.override?.otherDetail, 'override.otherDetail', 'the other reason')
    : ok(null)
  if (!otherDetail.ok) return otherDetail

  trace.push({
    rule: 'allocation.override.reasons',
    explanation: `Reason${reasons.length > 1 ? 's' : ''} against the recommendation: ${reasons.join(', ')}.`,
    inputs: { reasons },
  })
  return ok({
    overrideNeeded: true,
    override: { reasons, suitabilityDetail: suitabilityDetail.value, otherDetail: otherDetail.value },
    trace,
  })
}

function checkDetail(value: string | null | undefined, field: string, what: string): Result<string> {
  const text = (value ?? '').trim()
  if (text === '') return fail(violation(field, `Enter ${what}`))
  const length = Array.from(text).length
  if (length > OVERRIDE_DETAIL_MAX_LENGTH) {
    return fail(violation(field, `The detail for ${what} must be ${OVERRIDE_DETAIL_MAX_LENGTH} characters or fewer`))
  }
  return ok(text)
}

function violation(field: string, reason: string): RuleViolation {
  return { field, reason }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
