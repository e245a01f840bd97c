/**
 * Configuration of the allocation and workload rules, with the documented defaults (docs/allocation-rules.md).
 * Every rule takes its configuration as a parameter defaulting to the values here; nothing is read at run time.
 */
import type { AllocationRoshLevel, ComCaseType, PomPosition, PomRole, PomTier, StaffGrade, WmtTier } from './vocabulary'
import { WMT_BASE_TIERS, WMT_S_TIERS } from './vocabulary'

/** Longest free-text detail on a reason against the recommended POM type (Manage POM Cases override form). */
export const OVERRIDE_DETAIL_MAX_LENGTH = 175

/** Longest reason a line manager may record when authorising a reallocation. */
export const LINE_MANAGER_REASON_MAX_LENGTH = 3500

/** POM full-time hours per week; working pattern = hours ÷ 37.5, floored to one decimal, at most 1.0. */
export const POM_FULL_TIME_HOURS_PER_WEEK = 37.5

// ---------------------------------------------------------------------------------------------------------------
// COM workload (WMT) — workload.md §c

/** Points per case for each case type and WMT tier. */
export type WmtTierPoints = Readonly<Record<ComCaseType, Readonly<Record<WmtTier, number>>>>

export interface WmtWeights {
  /** Normal weight row (`is_t2a = false`). */
  tierPoints: WmtTierPoints
  /** Transition-to-adulthood row (`is_t2a = true`). */
  t2aTierPoints: WmtTierPoints
  /** `sdr`: points per standard delivery report in the last 30 days. */
  standardDeliveryReport: number
  /** `sdr_conversion`: points per fast delivery report in the last 30 days. */
  fastDeliveryReport: number
  /** `nominal_target_po`: used for every grade except SPO. */
  nominalTargetPo: number
  /** `nominal_target_spo`. */
  nominalTargetSpo: number
  /** `default_contracted_hours_po`: PO and PQiP. */
  defaultContractedHoursPo: number
  /** `default_contracted_hours_pso`. */
  defaultContractedHoursPso: number
  /** `default_contracted_hours_spo`: SPO and every other grade (DMY). */
  defaultContractedHoursSpo: number
}

function tierRow(base: readonly number[], s: readonly number[] = []): Readonly<Record<WmtTier, number>> {
  const row: Partial<Record<WmtTier, number>> = {}
  WMT_BASE_TIERS.forEach((tier, i) => {
    row[tier] = base[i] ?? 0
  })
  WMT_S_TIERS.forEach((tier, i) => {
    row[tier] = s[i] ?? 0
  })
  return row as Record<WmtTier, number>
}

//                           A3   A2   A1   A0   B3   B2   B1  B0  C3  C2  C1  C0  D3  D2  D1  D0
const COMMUNITY_SEED = [206, 158, 146, 110, 146, 115, 102, 72, 79, 63, 50, 35, 51, 41, 29, 29]
const LICENSE_SEED = [219, 175, 163, 0, 161, 132, 119, 0, 77, 65, 52, 0, 51, 43, 31, 0]
const CUSTODY_SEED = [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]
const T2A_SEED = [75, 60, 59, 0, 59, 48, 47, 0, 30, 24, 23, 0, 17, 14, 13, 0]

/**
 * The WMT seed weights (hmpps-workload `V1_1__SEED_REF_DATA.sql`). Live weights are admin-maintained; pass them in.
 * S tiers weigh 0; the T2A row is the same for all three case types.
 */
export const DEFAULT_WMT_WEIGHTS: Readonly<WmtWeights> = {
  tierPoints: {
    COMMUNITY: tierRow(COMMUNITY_SEED),
    LICENSE: tierRow(LICENSE_SEED),
    CUSTODY: tierRow(CUSTODY_SEED),
  },
  t2aTierPoints: { COMMUNITY: tierRow(T2A_SEED), LICENSE: tierRow(T2A_SEED), CUSTODY: tierRow(T2A_SEED) },
  standardDeliveryReport: 138,
  fastDeliveryReport: 65,
  nominalTargetPo: 2176,
  nominalTargetSpo: 2176,
  defaultContractedHoursPo: 37,
  defaultContractedHoursPso: 37,
  defaultContractedHoursSpo: 0,
}

/** Case Management Support contact weights by contact code (`adjustment_reason.points`); unknown codes weigh 0. */
export type ContactWeights = Readonly<Record<string, number>>

// ---------------------------------------------------------------------------------------------------------------
// POM workload — our model (Manage POM Cases has none)

export interface PomWorkloadConfig {
  /** Points one case adds, by tier and by the role the POM holds it in. */
  pointsPerCase: Readonly<Record<PomTier, Readonly<Record<PomRole, number>>>>
  /** The tier an untiered case (tier not yet known) is weighed as. */
  untieredAs: PomTier
  /** Points a full-time (1.0) POM can carry before reaching 100 % capacity. */
  fullTimeTargetPoints: number
  /** Most cases a POM of the position may hold (`null` = no cap). Seed 003: prison-based POs at most 80. */
  caseCapByPosition: Readonly<Record<PomPosition, number | null>>
  /** Scale the cap by working pattern (0.5 FTE → 40 cases), rounding down. */
  scaleCaseCapByWorkingPattern: boolean
  /** Which roles count as a held case for the cap. */
  rolesCountedTowardsCap: readonly PomRole[]
}

export const DEFAULT_POM_WORKLOAD_CONFIG: Readonly<PomWorkloadConfig> = {
  pointsPerCase: {
    A: { responsible: 10, supporting: 5, co_working: 4 },
    B: { responsible: 8, supporting: 4, co_working: 3 },
    C: { responsible: 6, supporting: 3, co_working: 2 },
    D: { responsible: 4, supporting: 2, co_working: 2 },
    E: { responsible: 4, supporting: 2, co_working: 2 },
    F: { responsible: 3, supporting: 2, co_working: 1 },
    G: { responsible: 2, supporting: 1, co_working: 1 },
  },
  untieredAs: 'B',
  fullTimeTargetPoints: 640,
  caseCapByPosition: { PO: 80, PRO: null },
  scaleCaseCapByWorkingPattern: true,
  rolesCountedTowardsCap: ['responsible', 'supporting', 'co_working'],
}

// ---------------------------------------------------------------------------------------------------------------
// Continuity (seed 004) and ranking

export interface ContinuityConfig {
  /** Penalty for keeping the current offender manager. */
  currentOmPenalty: number
  /** Penalty for someone who managed the person before (a past relationship). */
  previousOmPenalty: number
  /** Penalty for someone new to the person. */
  newOmPenalty: number
  /** Each transfer the person already had in this period multiplies the penalty by (1 + this × transfers). */
  priorTransferMultiplier: number
}

export const DEFAULT_CONTINUITY_CONFIG: Readonly<ContinuityConfig> = {
  currentOmPenalty: 0,
  previousOmPenalty: 10,
  newOmPenalty: 20,
  priorTransferMultiplier: 1,
}

/** Lowest grade that may hold a case day to day at each RoSH level (seeds 001/002: high and very high need a PO). */
export const DEFAULT_MINIMUM_GRADE_FOR_ROSH: Readonly<Record<AllocationRoshLevel, StaffGrade>> = {
  LOW: 'PSO',
  MEDIUM: 'PSO',
  HIGH: 'PO',
  VERY_HIGH: 'PO',
}

export interface RankingConfig {
  /** Score points per capacity percentage point. */
  capacityWeight: number
  /** Extra score when the candidate is already over 100 % capacity. */
  overCapacityPenalty: number
  /** Extra score per grade step above the case's minimum grade (keep senior staff for the riskier work). */
  gradeHeadroomPenalty: number
  /** Extra score for a candidate outside the case's unit (team), when the caller says which unit they are in. */
  otherUnitPenalty?: number
  continuity: ContinuityConfig
}

export const DEFAULT_RANKING_CONFIG: Readonly<RankingConfig> = {
  capacityWeight: 1,
  overCapacityPenalty: 25,
  gradeHeadroomPenalty: 5,
  otherUnitPenalty: 5,
  continuity: DEFAULT_CONTINUITY_CONFIG,
}
