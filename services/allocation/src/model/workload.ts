/**
 * Workload (pure): a POM's (our model, docs/allocation-rules.md §5) and a COM's (WMT points, workload.md §c) from
 * the caseload index entries, and the staff views that show it.
 */
import type { IsoDate, PomTier } from '@omic/domain'
import {
  capacityPercent,
  comAvailablePoints,
  comCasePoints,
  DEFAULT_POM_WORKLOAD_CONFIG,
  isPomTier,
  type PomWorkload,
  pomWorkload,
  type WmtTier,
  wmtTierSchema,
} from '@omic/domain'
import type { CaseloadEntry, ComCaseloadEntry } from './index-entries'
import type { ComRecord, ComStaffGrade, PomGrade, PomRecord, PomStatus, Reduction } from './staff'

// ---------------------------------------------------------------------------------------------------------------
// POMs

export interface PomView {
  staffId: number
  prisonId: string
  name: string
  email: string | null
  grade: PomGrade
  status: PomStatus
  workingPattern: number
  workload: PomWorkloadView | null
  updatedAt: string
}

/** The workload as the API shows it: the domain's figures without the trace, cases counted by role. */
export interface PomWorkloadView extends Omit<PomWorkload, 'byRole' | 'trace'> {
  responsible: number
  supporting: number
  coworking: number
  /** Roles taken on in the last 7 days. */
  newInLast7Days: number
}

export function pomCasesOf(entries: readonly CaseloadEntry[]): { tier: PomTier | null; role: CaseloadEntry['role'] }[] {
  return entries.map(e => ({ tier: e.tier !== null && isPomTier(e.tier) ? e.tier : null, role: e.role }))
}

/** The POM's workload (our model, docs/allocation-rules.md §5) with their current cases. */
export function workloadOf(pom: PomRecord, entries: readonly CaseloadEntry[]): PomWorkload | null {
  const result = pomWorkload(
    { position: pom.grade, workingPattern: pom.workingPattern, cases: pomCasesOf(entries) },
    DEFAULT_POM_WORKLOAD_CONFIG,
  )
  return result.ok ? result.value : null
}

export function pomView(pom: PomRecord, entries: readonly CaseloadEntry[], now: string): PomView {
  const w = workloadOf(pom, entries)
  const weekAgo = new Date(Date.parse(now) - 7 * 86_400_000).toISOString()
  return {
    staffId: pom.staffId,
    prisonId: pom.prisonId,
    name: pom.name,
    email: pom.email,
    grade: pom.grade,
    status: pom.status,
    workingPattern: pom.workingPattern,
    workload: w && {
      points: w.points,
      availablePoints: w.availablePoints,
      capacity: w.capacity,
      overCapacity: w.overCapacity,
      caseCount: w.caseCount,
      caseCap: w.caseCap,
      atCaseCap: w.atCaseCap,
      overCaseCap: w.overCaseCap,
      responsible: w.byRole.responsible.cases,
      supporting: w.byRole.supporting.cases,
      coworking: w.byRole.co_working.cases,
      newInLast7Days: entries.filter(e => e.allocatedAt >= weekAgo).length,
    },
    updatedAt: pom.updatedAt,
  }
}

export function groupByStaff<T extends { staffId: number }>(entries: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>()
  for (const e of entries) {
    const list = map.get(e.staffId)
    if (list) list.push(e)
    else map.set(e.staffId, [e])
  }
  return map
}
// ---------------------------------------------------------------------------------------------------------------
// COMs

/** Reductions in force on a day (start and end dates inclusive). */
export function activeReductionHours(reductions: readonly Reduction[], today: IsoDate): number {
  const hundredths = reductions
    .filter(r => r.startDate <= today && today <= r.endDate)
    .reduce((sum, r) => sum + Math.round(r.hours * 100), 0)
  return hundredths / 100
}

/** The WMT tier a custody case is weighed at: its v2 tier, else the configured stand-in. */
export function wmtTierOrDefault(tier: string | null, fallback: WmtTier): WmtTier {
  const parsed = wmtTierSchema.safeParse(tier)
  return parsed.success ? parsed.data : fallback
}

export interface ComWorkloadView {
  casePoints: number
  otherWorkloadPoints: number
  totalPoints: number
  contractedHours: number
  reductionHours: number
  availablePoints: number
  capacity: number
  overCapacity: boolean
  cases: number
  nextReductionChange: string | null
}

export interface ComView {
  staffCode: string
  pduCode: string
  teamCode: string
  name: string
  email: string | null
  grade: ComStaffGrade
  contractedHours: number | null
  reductions: Reduction[]
  workload: ComWorkloadView | null
  updatedAt: string
}

/** Σ WMT points of the custody cases held here (workload.md §c.2) plus the points held elsewhere. */
export function comWorkloadOf(
  com: ComRecord,
  entries: readonly ComCaseloadEntry[],
  today: IsoDate,
  untieredAs: WmtTier,
  extraCase?: { wmtTier: string | null },
): ComWorkloadView | null {
  const points = (t: string | null) =>
    comCasePoints({ tier: wmtTierOrDefault(t, untieredAs), caseType: 'CUSTODY', isT2A: false }).points
  const casePoints =
    entries.reduce((sum, e) => sum + points(e.wmtTier), 0) + (extraCase ? points(extraCase.wmtTier) : 0)
  const reductionHours = activeReductionHours(com.reductions, today)
  const available = comAvailablePoints({ grade: com.grade, contractedHours: com.contractedHours, reductionHours })
  if (!available.ok) return null
  const totalPoints = casePoints + com.otherWorkloadPoints
  const capacity = capacityPercent({ totalPoints, availablePoints: available.value.availablePoints })
  if (!capacity.ok) return null
  const changes = com.reductions
    .flatMap(r => [r.startDate, r.endDate])
    .filter(d => d > today)
    .sort()
  return {
    casePoints,
    otherWorkloadPoints: com.otherWorkloadPoints,
    totalPoints,
    contractedHours: available.value.contractedHours,
    reductionHours,
    availablePoints: available.value.availablePoints,
    capacity: capacity.value.capacity,
    overCapacity: capacity.value.overCapacity,
    cases: entries.length + (extraCase ? 1 : 0),
    nextReductionChange: changes[0] ?? null,
  }
}

export function comView(
  com: ComRecord,
  entries: readonly ComCaseloadEntry[],
  today: IsoDate,
  untieredAs: WmtTier,
): ComView {
  return {
    staffCode: com.staffCode,
    pduCode: com.pduCode,
    teamCode: com.teamCode,
    name: com.name,
    email: com.email,
    grade: com.grade,
    contractedHours: com.contractedHours,
    reductions: com.reductions,
    workload: comWorkloadOf(com, entries, today, untieredAs),
    updatedAt: com.updatedAt,
  }
}

/** A PDU's COM caseload entries by staff code. */
export function groupByStaffCode(entries: readonly ComCaseloadEntry[]): Map<string, ComCaseloadEntry[]> {
  const map = new Map<string, ComCaseloadEntry[]>()
  for (const e of entries) map.set(e.staffCode, [...(map.get(e.staffCode) ?? []), e])
  return map
}
