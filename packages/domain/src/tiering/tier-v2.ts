/**
 * Tier v2 (two axes): protect level A–D × change level 0–3, plus `S` when the case is unsupervised (a PRC
 * registration), e.g. `B2`, `A1S` (spec tiering.md §2). The suffix changes no numbers.
 */
import type { TraceStep } from '../shared/result'
import { type ChangeBreakdown, changeLevel } from './change-level'
import { hasNoMandate } from './mandate'
import { type ProtectBreakdown, protectLevel } from './protect-level'
import { readRegistrations } from './registrations'
import { StepCache } from './trace-cache'
import type {
  ChangeLevel,
  NeedsAssessment,
  ProtectLevel,
  RegistrationSummary,
  TierConviction,
  TierRegistration,
} from './types'
import { additionalFactorsForWomen } from './women-factors'

export type TierV2Label = `${ProtectLevel}${ChangeLevel}` | `${ProtectLevel}${ChangeLevel}S`

/** The `tier.v2` input: raw registrations and convictions. */
export interface TierV2Input {
  readonly isFemale: boolean
  /** null counts as 0. */
  readonly rsrScore: number | null
  /** null counts as 0. */
  readonly ogrsScore: number | null
  readonly registrations: readonly TierRegistration[]
  readonly convictions: readonly TierConviction[]
  readonly previousEnforcementActivity: boolean
  /** null = no assessment. */
  readonly assessment: NeedsAssessment | null
}

/** The v2 input with registrations and convictions already read (shared with v3 by `calculateTiers`). */
export interface TierV2Facts {
  readonly isFemale: boolean
  readonly rsrScore: number | null
  readonly ogrsScore: number | null
  readonly registrations: RegistrationSummary
  readonly hasNoMandate: boolean
  readonly previousEnforcementActivity: boolean
  readonly assessment: NeedsAssessment | null
}

export interface TierV2Result {
  readonly tier: TierV2Label
  readonly protectLevel: ProtectLevel
  readonly changeLevel: ChangeLevel
  readonly unsupervised: boolean
  readonly protectPoints: number
  readonly changePoints: number
  readonly protectBreakdown: ProtectBreakdown
  readonly changeBreakdown: ChangeBreakdown
  /** Points per rule, thresholds crossed, one sentence per step. */
  readonly trace: readonly TraceStep[]
}

const PROTECT_INDEX: Readonly<Record<ProtectLevel, number>> = { A: 0, B: 1, C: 2, D: 3 }

const TIER_STEPS = new StepCache((tier: TierV2Label) => ({
  rule: 'TIER_V2',
  explanation:
    tier.length === 3
      ? `Protect level ${tier[0]}, change level ${tier[1]}, PRC registration (unsupervised) adds S: tier ${tier}`
      : `Protect level ${tier[0]}, change level ${tier[1]}: tier ${tier}`,
  inputs: { tier },
}))

export function tierV2Label(protect: ProtectLevel, change: ChangeLevel, unsupervised: boolean): TierV2Label {
  return unsupervised ? `${protect}${change}S` : `${protect}${change}`
}

export function tierV2FromFacts(facts: TierV2Facts): TierV2Result {
  const trace: TraceStep[] = []
  const registrations = facts.registrations
  const protect = protectLevel(
    {
      rsrScore: facts.rsrScore,
      rosh: registrations.rosh,
      mappaLevel: registrations.mappaLevel,
      complexityFactors: registrations.complexityFactors,
      womenFactors: additionalFactorsForWomen(facts),
    },
    trace,
  )
  const change = changeLevel(
    {
      hasNoMandate: facts.hasNoMandate,
      assessment: facts.assessment,
      ogrsScore: facts.ogrsScore,
      hasIomNominal: registrations.hasIomNominal,
    },
    trace,
  )
  const tier = tierV2Label(protect.level, change.level, registrations.unsupervised)
  trace.push(
    TIER_STEPS.get(PROTECT_INDEX[protect.level] * 8 + change.level * 2 + (registrations.unsupervised ? 1 : 0), tier),
  )
  return {
    tier,
    protectLevel: protect.level,
    changeLevel: change.level,
    unsupervised: registrations.unsupervised,
    protectPoints: protect.points,
    changePoints: change.points,
    protectBreakdown: protect.breakdown,
    changeBreakdown: change.breakdown,
    trace,
  }
}

/** Tier v2 from raw registrations and convictions. */
export function calculateTierV2(input: TierV2Input): TierV2Result {
  return tierV2FromFacts({
    isFemale: input.isFemale,
    rsrScore: input.rsrScore,
    ogrsScore: input.ogrsScore,
    registrations: readRegistrations(input.registrations),
    hasNoMandate: hasNoMandate(input.convictions),
    previousEnforcementActivity: input.previousEnforcementActivity,
    assessment: input.assessment,
  })
}
