/**
 * Grade follows risk (seeds 001, 002; docs/tiering-rules.md "Grade guidance"): the minimum grade of offender
 * manager for a case. PSOs may hold lower tiers, medium-RoSH cases up to v2 tier C2 (E3 framework); higher tiers and
 * HIGH/VERY_HIGH RoSH need a qualified probation officer (PO). For v3, tiers A and B need a PO by default.
 * The table is configuration: allocation passes its own or uses DEFAULT_GRADE_GUIDANCE_CONFIG.
 * The grades are staff grades (`PSO`, `PO`), so a staff grade ranking can compare them directly.
 */
import type { TraceStep } from '../shared/result'
import type { TierV2Label } from './tier-v2'
import type { ChangeLevel, ProtectLevel, TierRosh, TierV3, TierV3Letter } from './types'

export const TIER_MINIMUM_GRADE = { PSO: 'PSO', PO: 'PO' } as const
export type TierMinimumGrade = (typeof TIER_MINIMUM_GRADE)[keyof typeof TIER_MINIMUM_GRADE]

export type TierV2BaseLabel = `${ProtectLevel}${ChangeLevel}`

export interface GradeGuidanceConfig {
  /** RoSH levels that need a PO whatever the tier. */
  readonly poRoshLevels: readonly TierRosh[]
  /** V2: the highest tier, in A3 … D0 order (the `S` suffix ignored), a PSO may hold; any tier above needs a PO. */
  readonly v2HighestPsoTier: TierV2BaseLabel
  /** V3: the tiers that need a PO. */
  readonly v3PoTiers: readonly TierV3Letter[]
  /** Minimum grade when no tier is known (no v2 tier, and v3 absent or MISSING). */
  readonly unknownTierGrade: TierMinimumGrade
  /** Minimum grade from the RoSH rule when RoSH is unknown (the tier rules still apply). */
  readonly unknownRoshGrade: TierMinimumGrade
}

export const DEFAULT_GRADE_GUIDANCE_CONFIG: GradeGuidanceConfig = Object.freeze({
  poRoshLevels: Object.freeze(['HIGH', 'VERY_HIGH'] as const),
  v2HighestPsoTier: 'C2',
  v3PoTiers: Object.freeze(['A', 'B'] as const),
  unknownTierGrade: 'PO',
  unknownRoshGrade: 'PSO',
})

export interface GradeGuidanceInput {
  readonly rosh: TierRosh | null
  /** e.g. `C2`, `B1S`; null = unknown. */
  readonly v2Tier: TierV2Label | null
  /** null = unknown. */
  readonly v3Tier: TierV3 | null
}

export const GRADE_GUIDANCE_REASON = {
  ROSH: 'ROSH',
  UNKNOWN_ROSH: 'UNKNOWN_ROSH',
  V2_TIER: 'V2_TIER',
  V3_TIER: 'V3_TIER',
  UNKNOWN_TIER: 'UNKNOWN_TIER',
} as const
export type GradeGuidanceReason = (typeof GRADE_GUIDANCE_REASON)[keyof typeof GRADE_GUIDANCE_REASON]

export interface GradeGuidance {
  readonly minimumGrade: TierMinimumGrade
  /** The rules that require a PO (empty when a PSO may hold the case). */
  readonly poReasons: readonly GradeGuidanceReason[]
  readonly trace: readonly TraceStep[]
}

const PROTECT_ORDER: readonly ProtectLevel[] = ['D', 'C', 'B', 'A']

/** Position of a v2 tier in the A3 (15) … D0 (0) order, ignoring `S`; null when it is not a v2 tier. */
export function v2TierRank(tier: string): number | null {
  const protect = PROTECT_ORDER.indexOf(tier.charAt(0) as ProtectLevel)
  const change = tier.charCodeAt(1) - 48
  const rest = tier.slice(2)
  if (protect < 0 || !(change >= 0 && change <= 3) || (rest !== '' && rest !== 'S')) return null
  return protect * 4 + change
}

/** The minimum grade for a case under `config`, with one trace step per rule. */
export function minimumGradeForCase(
  input: GradeGuidanceInput,
  config: GradeGuidanceConfig = DEFAULT_GRADE_GUIDANCE_CONFIG,
): GradeGuidance {
  const poReasons: GradeGuidanceReason[] = []
  const trace: TraceStep[] = []

  if (input.rosh === null) {
    const po = config.unknownRoshGrade === 'PO'
    if (po) poReasons.push('UNKNOWN_ROSH')
    trace.push({
      rule: 'ROSH',
      explanation: po ? 'RoSH is unknown: a PO until it is assessed' : 'RoSH is unknown: the tier decides',
    })
  } else if (config.poRoshLevels.includes(input.rosh)) {
    poReasons.push('ROSH')
    trace.push({ rule: 'ROSH', explanation: `RoSH ${input.rosh} needs a PO` })
  } else {
    trace.push({ rule: 'ROSH', explanation: `RoSH ${input.rosh}: a PSO may hold it` })
  }

  const v2Rank = input.v2Tier === null ? null : v2TierRank(input.v2Tier)
  const highestPso = v2TierRank(config.v2HighestPsoTier) ?? -1
  if (v2Rank !== null) {
    if (v2Rank > highestPso) {
      poReasons.push('V2_TIER')
      trace.push({
        rule: 'V2_TIER',
        explanation: `Tier ${input.v2Tier} is above ${config.v2HighestPsoTier}, the highest tier a PSO may hold: needs a PO`,
      })
    } else {
      trace.push({
        rule: 'V2_TIER',
        explanation: `Tier ${input.v2Tier} is not above ${config.v2HighestPsoTier}: a PSO may hold it`,
      })
    }
  }

  const v3 = input.v3Tier
  const v3Known = v3 !== null && v3 !== 'MISSING'
  if (v3Known) {
    if (v3 !== 'NOT_SUPERVISED' && config.v3PoTiers.includes(v3)) {
      poReasons.push('V3_TIER')
      trace.push({
        rule: 'V3_TIER',
        explanation: `Tier ${v3} needs a PO (PO tiers: ${config.v3PoTiers.join(', ')})`,
      })
    } else {
      trace.push({ rule: 'V3_TIER', explanation: `Tier ${v3}: a PSO may hold it` })
    }
  }

  if (v2Rank === null && !v3Known) {
    const po = config.unknownTierGrade === 'PO'
    if (po) poReasons.push('UNKNOWN_TIER')
    trace.push({
      rule: 'UNKNOWN_TIER',
      explanation: po ? 'No tier is known: a PO until the case is tiered' : 'No tier is known: the RoSH decides',
    })
  }

  const minimumGrade: TierMinimumGrade = poReasons.length > 0 ? 'PO' : 'PSO'
  trace.push({ rule: 'MINIMUM_GRADE', explanation: `Minimum grade ${minimumGrade}`, inputs: { minimumGrade } })
  return { minimumGrade, poReasons, trace }
}
