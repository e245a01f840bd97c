/**
 * POM workload — a model Manage POM Cases lacks (it only counts cases). Each case adds points by tier and by the
 * role the POM holds it in; a POM's target scales with their working pattern; probation-officer POMs hold at most
 * 80 cases (seed 003). Weights are configuration (config.ts) with documented defaults.
 */
import { z } from 'zod'
import type { Result, RuleViolation, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import { capacityPercent } from './com-workload'
import type { PomWorkloadConfig } from './config'
import { DEFAULT_POM_WORKLOAD_CONFIG, POM_FULL_TIME_HOURS_PER_WEEK } from './config'
import type { PomRole } from './vocabulary'
import { POM_ROLE, pomPositionSchema, pomRoleSchema, pomTierSchema } from './vocabulary'

export const pomCaseSchema = z.object({
  /** `null` = not tiered yet (weighed as `config.untieredAs`). */
  tier: pomTierSchema.nullable(),
  role: pomRoleSchema,
})
export type PomCase = z.infer<typeof pomCaseSchema>

export const pomWorkloadInputSchema = z.object({
  position: pomPositionSchema,
  /** FTE 0.1–1.0 in steps of 0.1. */
  workingPattern: z.number(),
  cases: z.array(pomCaseSchema),
})
export type PomWorkloadInput = z.infer<typeof pomWorkloadInputSchema>

export interface PomWorkload {
  points: number
  /** Full-time target × working pattern, rounded down. */
  availablePoints: number
  /** Percentage, one decimal, as for COMs. */
  capacity: number
  overCapacity: boolean
  /** Cases counted towards the cap. */
  caseCount: number
  /** `null` when the position has no cap. */
  caseCap: number | null
  /** At or above the cap: no further case may be allocated. */
  atCaseCap: boolean
  overCaseCap: boolean
  byRole: Readonly<Record<PomRole, { cases: number; points: number }>>
  trace: TraceStep[]
}

/** Working pattern in tenths (1–10), or `null` when it is not one of 0.1, 0.2 … 1.0. */
function workingPatternTenths(fte: number): number | null {
  const tenths = Math.round(fte * 10)
  return Math.abs(fte * 10 - tenths) < 1e-9 && tenths >= 1 && tenths <= 10 ? tenths : null
}

/** Weekly hours → working pattern: ⌊hours ÷ 37.5⌋ to one decimal, at most 1.0 (30 h → 0.8; 40 h → 1.0). */
export function workingPatternFromHours(hours: number): number {
  const hundredths = Math.max(0, Math.round(hours * 100))
  const tenths = Math.floor((hundredths * 10) / (POM_FULL_TIME_HOURS_PER_WEEK * 100))
  return Math.min(tenths, 10) / 10
}

/** Working pattern → weekly hours (0.8 → 30). */
export function hoursFromWorkingPattern(workingPattern: number): number {
  return (Math.round(workingPattern * 10) * POM_FULL_TIME_HOURS_PER_WEEK) / 10
}

/**
 * A POM's workload: Σ points of their cases (tier × role), their available points (full-time target × working
 * pattern), capacity % (over 100 % is flagged) and the case cap for their position (scaled by working pattern).
 */
export function pomWorkload(
  input: PomWorkloadInput,
  config: Readonly<PomWorkloadConfig> = DEFAULT_POM_WORKLOAD_CONFIG,
): Result<PomWorkload> {
  const tenths = workingPatternTenths(input.workingPattern)
  if (tenths === null)
    return fail(violation('workingPattern', 'The working pattern must be 0.1 to 1.0 in steps of 0.1'))
  const trace: TraceStep[] = []
  const byRole: Record<PomRole, { cases: number; points: number }> = {
    responsible: { cases: 0, points: 0 },
    supporting: { cases: 0, points: 0 },
    co_working: { cases: 0, points: 0 },
  }
  let untiered = 0
  for (const c of input.cases) {
    const tier = c.tier ?? config.untieredAs
    if (c.tier === null) untiered += 1
    byRole[c.role].cases += 1
    byRole[c.role].points += config.pointsPerCase[tier][c.role]
  }
  const points = byRole.responsible.points + byRole.supporting.points + byRole.co_working.points
  trace.push({
    rule: 'pomWorkload.points',
    explanation: `${byRole.responsible.cases} responsible (${byRole.responsible.points} points), ${byRole.supporting.cases} supporting (${byRole.supporting.points}) and ${byRole.co_working.cases} co-working (${byRole.co_working.points}) cases: ${points} points${untiered > 0 ? `; ${untiered} untiered case${untiered > 1 ? 's' : ''} weighed as tier ${config.untieredAs}` : ''}.`,
    inputs: { cases: input.cases.length },
  })

  const availablePoints = Math.floor((config.fullTimeTargetPoints * tenths) / 10)
  trace.push({
    rule: 'pomWorkload.availablePoints',
    explanation: `Working pattern ${tenths / 10}: ⌊${config.fullTimeTargetPoints} × ${tenths / 10}⌋ = ${availablePoints} available points.`,
    inputs: { workingPattern: input.workingPattern, fullTimeTargetPoints: config.fullTimeTargetPoints },
  })
  const capacity = capacityPercent({ totalPoints: points, availablePoints })
  if (!capacity.ok) return capacity
  trace.push(...capacity.value.trace)

  const fullCap = config.caseCapByPosition[input.position]
  const caseCap =
    fullCap === null ? null : config.scaleCaseCapByWorkingPattern ? Math.floor((fullCap * tenths) / 10) : fullCap
  const caseCount = input.cases.filter(c => config.rolesCountedTowardsCap.includes(c.role)).length
  const atCaseCap = caseCap !== null && caseCount >= caseCap
  const overCaseCap = caseCap !== null && caseCount > caseCap
  trace.push({
    rule: caseCap === null ? 'pomWorkload.noCaseCap' : atCaseCap ? 'pomWorkload.atCaseCap' : 'pomWorkload.caseCap',
    explanation:
      caseCap === null
        ? `A ${input.position} POM has no case cap; holds ${caseCount} cases.`
        : `A ${input.position} POM at ${tenths / 10} FTE may hold ${caseCap} cases and holds ${caseCount}${
            overCaseCap ? ': over the cap' : atCaseCap ? ': at the cap, no more cases' : ''
          }.`,
    inputs: { position: input.position, caseCount, caseCap },
  })

  return ok({
    points,
    availablePoints,
    capacity: capacity.value.capacity,
    overCapacity: capacity.value.overCapacity,
    caseCount,
    caseCap,
    atCaseCap,
    overCaseCap,
    byRole,
    trace,
  })
}

/** The role a primary POM holds: responsible when the POM is responsible, else supporting. */
export function primaryPomRole(pomResponsible: boolean): PomRole {
  return pomResponsible ? POM_ROLE.RESPONSIBLE : POM_ROLE.SUPPORTING
}

function violation(field: string, reason: string): RuleViolation {
  return { field, reason }
}
