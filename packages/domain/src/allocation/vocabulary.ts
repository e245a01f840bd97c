/**
 * Shared words of the allocation and workload rules: RoSH levels, tiers, staff grades and how grades rank.
 * Names carry an allocation-specific prefix so the domain barrel never exports two members with one name.
 */
import { z } from 'zod'

/** Risk of serious harm levels, lowest first. */
export const ALLOCATION_ROSH_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const
export type AllocationRoshLevel = (typeof ALLOCATION_ROSH_LEVELS)[number]
export const allocationRoshSchema = z.enum(ALLOCATION_ROSH_LEVELS)

/** The case-information tier a POM-type recommendation reads: A–D, or A–G with the extended (v3) tiers. */
export const POM_TIERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const
export type PomTier = (typeof POM_TIERS)[number]
export const pomTierSchema = z.enum(POM_TIERS)

/**
 * Staff grades across custody and community. `PRO` = prison-officer POM, `PO` = probation officer (also a
 * probation-officer POM), `PQiP` = trainee PO, `PSO` = probation services officer, `SPO` = senior probation officer,
 * `DMY` = no grade recorded.
 */
export const STAFF_GRADE = {
  DMY: 'DMY',
  PRO: 'PRO',
  PSO: 'PSO',
  PQiP: 'PQiP',
  PO: 'PO',
  SPO: 'SPO',
} as const
export type StaffGrade = (typeof STAFF_GRADE)[keyof typeof STAFF_GRADE]
export const staffGradeSchema = z.enum([
  STAFF_GRADE.DMY,
  STAFF_GRADE.PRO,
  STAFF_GRADE.PSO,
  STAFF_GRADE.PQiP,
  STAFF_GRADE.PO,
  STAFF_GRADE.SPO,
])

/**
 * How senior a grade is, for "the case needs at least grade X" checks. A prison-officer POM and a PSO sit on the
 * same step (both may hold lower-risk work); a trainee PO is above a PSO; `DMY` (no grade) qualifies for nothing.
 */
export const STAFF_GRADE_RANK: Readonly<Record<StaffGrade, number>> = {
  DMY: 0,
  PRO: 1,
  PSO: 1,
  PQiP: 2,
  PO: 3,
  SPO: 4,
}

/** True when `grade` is at least as senior as `minimum`. */
export function gradeMeets(grade: StaffGrade, minimum: StaffGrade): boolean {
  return STAFF_GRADE_RANK[grade] >= STAFF_GRADE_RANK[minimum]
}

/** WMT (Workload Measurement Tool) tiers in weight-column order: `*_tier_1..16` = A3 … D0. */
export const WMT_BASE_TIERS = [
  'A3',
  'A2',
  'A1',
  'A0',
  'B3',
  'B2',
  'B1',
  'B0',
  'C3',
  'C2',
  'C1',
  'C0',
  'D3',
  'D2',
  'D1',
  'D0',
] as const
/** Probation-reset "S" tiers, `*_tier_1_s..16_s` = A3S … D0S. */
export const WMT_S_TIERS = [
  'A3S',
  'A2S',
  'A1S',
  'A0S',
  'B3S',
  'B2S',
  'B1S',
  'B0S',
  'C3S',
  'C2S',
  'C1S',
  'C0S',
  'D3S',
  'D2S',
  'D1S',
  'D0S',
] as const
export const WMT_TIERS = [...WMT_BASE_TIERS, ...WMT_S_TIERS] as const
export type WmtTier = (typeof WMT_TIERS)[number]
export const wmtTierSchema = z.enum(WMT_TIERS)

/** Probation case types that carry WMT weights. (`UNKNOWN` has none and is rejected.) */
export const COM_CASE_TYPE = { COMMUNITY: 'COMMUNITY', LICENSE: 'LICENSE', CUSTODY: 'CUSTODY' } as const
export type ComCaseType = (typeof COM_CASE_TYPE)[keyof typeof COM_CASE_TYPE]
export const comCaseTypeSchema = z.enum([COM_CASE_TYPE.COMMUNITY, COM_CASE_TYPE.LICENSE, COM_CASE_TYPE.CUSTODY])

/** Probation (COM) grades as Manage a Workforce knows them; a missing grade is `DMY`. */
export const COM_GRADES = [STAFF_GRADE.PO, STAFF_GRADE.PQiP, STAFF_GRADE.PSO, STAFF_GRADE.SPO, STAFF_GRADE.DMY] as const
export type ComGrade = (typeof COM_GRADES)[number]
export const comGradeSchema = z.enum(COM_GRADES)

/** NOMIS staff-role positions that make someone a POM. */
export const POM_POSITION = { PO: 'PO', PRO: 'PRO' } as const
export type PomPosition = (typeof POM_POSITION)[keyof typeof POM_POSITION]
export const pomPositionSchema = z.enum([POM_POSITION.PO, POM_POSITION.PRO])

/** The three ways a POM holds a case. */
export const POM_ROLE = { RESPONSIBLE: 'responsible', SUPPORTING: 'supporting', CO_WORKING: 'co_working' } as const
export type PomRole = (typeof POM_ROLE)[keyof typeof POM_ROLE]
export const pomRoleSchema = z.enum([POM_ROLE.RESPONSIBLE, POM_ROLE.SUPPORTING, POM_ROLE.CO_WORKING])
