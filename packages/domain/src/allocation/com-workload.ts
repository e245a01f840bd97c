/**
 * Community offender manager (COM) workload as the Workload Measurement Tool counts it (workload.md §c):
 * points per case, court reports and contacts, available points from hours, and capacity.
 * All arithmetic is exact: hours are whole hundredths, ratios are integer divisions.
 */
import { z } from 'zod'
import type { Result, RuleViolation, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import type { ContactWeights, WmtWeights } from './config'
import { DEFAULT_WMT_WEIGHTS } from './config'
import type { ComGrade } from './vocabulary'
import { comCaseTypeSchema, comGradeSchema, STAFF_GRADE, wmtTierSchema } from './vocabulary'

export const comCaseSchema = z.object({
  tier: wmtTierSchema,
  caseType: comCaseTypeSchema,
  /** Transition to adulthood (young adult) case: weighed from the T2A row. */
  isT2A: z.boolean(),
})
export type ComCase = z.infer<typeof comCaseSchema>

export interface Points {
  points: number
  trace: TraceStep[]
}

/** Points one case adds: the weight for its tier and case type, from the T2A row when it is a T2A case. */
export function comCasePoints(c: ComCase, weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS): Points {
  const row = c.isT2A ? weights.t2aTierPoints : weights.tierPoints
  const points = row[c.caseType][c.tier]
  return {
    points,
    trace: [
      {
        rule: 'workload.casePoints',
        explanation: `A ${c.caseType.toLowerCase()} case at tier ${c.tier}${c.isT2A ? ' (T2A weights)' : ''} weighs ${points} points.`,
        inputs: { tier: c.tier, caseType: c.caseType, isT2A: c.isT2A },
      },
    ],
  }
}

export const courtReportsSchema = z.object({
  /** Standard delivery reports in the last 30 days. */
  standardLast30Days: z.number().int().nonnegative(),
  /** Fast delivery reports (SDR conversions) in the last 30 days. */
  fastLast30Days: z.number().int().nonnegative(),
})
export type CourtReports = z.infer<typeof courtReportsSchema>

/** Court-report points: standard reports × `sdr` + fast reports × `sdr_conversion`. */
export function courtReportPoints(reports: CourtReports, weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS): Points {
  const points =
    reports.standardLast30Days * weights.standardDeliveryReport + reports.fastLast30Days * weights.fastDeliveryReport
  return {
    points,
    trace: [
      {
        rule: 'workload.courtReports',
        explanation: `${reports.standardLast30Days} standard × ${weights.standardDeliveryReport} + ${reports.fastLast30Days} fast × ${weights.fastDeliveryReport} court reports = ${points} points.`,
        inputs: { ...reports },
      },
    ],
  }
}

export const contactCountSchema = z.object({ code: z.string(), count: z.number().int().nonnegative() })
export type ContactCount = z.infer<typeof contactCountSchema>

export const comWorkloadInputSchema = z.object({
  cases: z.array(comCaseSchema),
  courtReports: courtReportsSchema.optional(),
  /** Contacts this practitioner did on cases outside their caseload: add points. */
  contactsOnOthersCases: z.array(contactCountSchema).optional(),
  /** Contacts others did on this practitioner's caseload: subtract points. */
  contactsByOthersOnCaseload: z.array(contactCountSchema).optional(),
})
export type ComWorkloadInput = z.infer<typeof comWorkloadInputSchema>

export interface ComWorkloadPoints {
  totalPoints: number
  breakdown: { casePoints: number; courtReportPoints: number; contactPointsAdded: number; contactPointsRemoved: number }
  trace: TraceStep[]
}

/**
 * Workload points = Σ case points + court-report points + contacts outside the caseload − contacts by others on
 * the caseload. Contact weights come by contact code; an unknown code weighs 0.
 */
export function comWorkloadPoints(
  input: ComWorkloadInput,
  weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS,
  contactWeights: ContactWeights = {},
): ComWorkloadPoints {
  const casePoints = input.cases.reduce((sum, c) => sum + comCasePoints(c, weights).points, 0)
  const reports = courtReportPoints(input.courtReports ?? { standardLast30Days: 0, fastLast30Days: 0 }, weights)
  const contactPoints = (list: readonly ContactCount[] | undefined): number =>
    (list ?? []).reduce((sum, c) => sum + c.count * (contactWeights[c.code] ?? 0), 0)
  const added = contactPoints(input.contactsOnOthersCases)
  const removed = contactPoints(input.contactsByOthersOnCaseload)
  const totalPoints = casePoints + reports.points + added - removed
  return {
    totalPoints,
    breakdown: {
      casePoints,
      courtReportPoints: reports.points,
      contactPointsAdded: added,
      contactPointsRemoved: removed,
    },
    trace: [
      {
        rule: 'workload.cases',
        explanation: `${input.cases.length} case${input.cases.length === 1 ? '' : 's'} weigh ${casePoints} points.`,
      },
      ...reports.trace,
      {
        rule: 'workload.contacts',
        explanation: `Contacts on others' cases add ${added} points; contacts by others on this caseload remove ${removed}.`,
      },
      {
        rule: 'workload.total',
        explanation: `Workload ${casePoints} + ${reports.points} + ${added} − ${removed} = ${totalPoints} points.`,
      },
    ],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Available points

export const availablePointsInputSchema = z.object({
  nominalTarget: z.number().int().nonnegative(),
  /** The grade's default weekly hours. */
  defaultContractedHours: z.number().nonnegative(),
  contractedHours: z.number().nonnegative(),
  reductionHours: z.number().nonnegative(),
})
export type AvailablePointsInput = z.infer<typeof availablePointsInputSchema>

export interface AvailablePoints {
  availablePoints: number
  /** Contracted − reduction hours (may be negative). */
  availableHours: number
  trace: TraceStep[]
}

/**
 * Available points = ⌊nominal target × (contracted − reduction hours) ÷ default hours⌋ when the available hours are
 * above 0 and the default hours are not 0; otherwise 0. Hours must have at most two decimals: the sum is done in
 * whole hundredths of an hour and the quotient in integers, so it is exact.
 */
export function availablePoints(input: AvailablePointsInput): Result<AvailablePoints> {
  const parsed = availablePointsInputSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return fail(violation(issue?.path.join('.') ?? '', issue?.message ?? 'invalid input'))
  }
  const hundredths: Record<'defaultContractedHours' | 'contractedHours' | 'reductionHours', number> = {
    defaultContractedHours: 0,
    contractedHours: 0,
    reductionHours: 0,
  }
  for (const field of ['defaultContractedHours', 'contractedHours', 'reductionHours'] as const) {
    const h = toHundredths(input[field])
    if (h === null) return fail(violation(field, 'Hours must have at most two decimals'))
    hundredths[field] = h
  }
  const availableH = hundredths.contractedHours - hundredths.reductionHours
  const availableHours = availableH / 100
  if (availableH <= 0 || hundredths.defaultContractedHours === 0) {
    return ok({
      availablePoints: 0,
      availableHours,
      trace: [
        {
          rule: 'workload.availablePoints.none',
          explanation:
            availableH <= 0
              ? `${input.contractedHours} contracted − ${input.reductionHours} reduction hours leaves no available hours: 0 points.`
              : 'The grade has 0 default hours: 0 available points.',
          inputs: { ...input },
        },
      ],
    })
  }
  const points = Number((BigInt(input.nominalTarget) * BigInt(availableH)) / BigInt(hundredths.defaultContractedHours))
  return ok({
    availablePoints: points,
    availableHours,
    trace: [
      {
        rule: 'workload.availablePoints',
        explanation: `⌊${input.nominalTarget} × ${availableHours} available hours ÷ ${input.defaultContractedHours} default hours⌋ = ${points} points.`,
        inputs: { ...input },
      },
    ],
  })
}

/** `x` in whole hundredths, or `null` when it has more than two decimals. */
function toHundredths(x: number): number | null {
  const h = Math.round(x * 100)
  return Number.isSafeInteger(h) && Math.abs(x * 100 - h) < 1e-6 ? h : null
}

export const comStaffHoursSchema = z.object({
  /** `null` = no grade recorded (DMY). */
  grade: comGradeSchema.nullable(),
  /** Weekly contracted hours; `null` = none recorded (the grade's default is used). */
  contractedHours: z.number().nonnegative().nullable(),
  /** Σ hours of active reductions. */
  reductionHours: z.number().nonnegative(),
})
export type ComStaffHours = z.infer<typeof comStaffHoursSchema>

/** `nominal_target_spo` for SPO, `nominal_target_po` for every other grade. */
export function nominalTargetFor(grade: ComGrade | null, weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS): number {
  return grade === STAFF_GRADE.SPO ? weights.nominalTargetSpo : weights.nominalTargetPo
}

/** Default weekly hours: PO and PQiP → the PO default; PSO → the PSO default; any other grade → the SPO default. */
export function defaultContractedHoursFor(
  grade: ComGrade | null,
  weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS,
): number {
  if (grade === STAFF_GRADE.PO || grade === STAFF_GRADE.PQiP) return weights.defaultContractedHoursPo
  if (grade === STAFF_GRADE.PSO) return weights.defaultContractedHoursPso
  return weights.defaultContractedHoursSpo
}

/** A practitioner's available points from their grade, contracted hours (or the grade default) and reductions. */
export function comAvailablePoints(
  staff: ComStaffHours,
  weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS,
): Result<AvailablePoints & { grade: ComGrade; contractedHours: number }> {
  const grade: ComGrade = staff.grade ?? STAFF_GRADE.DMY
  const defaultContractedHours = defaultContractedHoursFor(grade, weights)
  const contractedHours = staff.contractedHours ?? defaultContractedHours
  const result = availablePoints({
    nominalTarget: nominalTargetFor(grade, weights),
    defaultContractedHours,
    contractedHours,
    reductionHours: staff.reductionHours,
  })
  if (!result.ok) return result
  const step: TraceStep = {
    rule: 'workload.grade',
    explanation: `Grade ${grade}${staff.grade === null ? ' (none recorded)' : ''}: nominal target ${nominalTargetFor(grade, weights)}, default ${defaultContractedHours} hours; contracted ${contractedHours} hours${staff.contractedHours === null ? ' (grade default)' : ''}.`,
  }
  return ok({ ...result.value, grade, contractedHours, trace: [step, ...result.value.trace] })
}

// ---------------------------------------------------------------------------------------------------------------
// Capacity

export const capacityInputSchema = z.object({
  totalPoints: z.number().int(),
  availablePoints: z.number().int().nonnegative(),
})
export type CapacityInput = z.infer<typeof capacityInputSchema>

export interface Capacity {
  /** Percentage with at most one decimal. */
  capacity: number
  /** Above 100 %. */
  overCapacity: boolean
  trace: TraceStep[]
}

/**
 * Capacity % = round(total ÷ available, 3 decimals, half away from zero) × 100, i.e.
 * round(total × 1000 ÷ available) ÷ 10; 0 when either is 0. Computed on integers, so it is exact.
 */
export function capacityPercent(input: CapacityInput): Result<Capacity> {
  const parsed = capacityInputSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return fail(violation(issue?.path.join('.') ?? '', issue?.message ?? 'invalid input'))
  }
  const { totalPoints, availablePoints: available } = input
  if (totalPoints === 0 || available === 0) {
    return ok({
      capacity: 0,
      overCapacity: false,
      trace: [
        {
          rule: 'workload.capacity.zero',
          explanation: `${totalPoints} of ${available} available points: capacity 0 %.`,
          inputs: { ...input },
        },
      ],
    })
  }
  const n = BigInt(totalPoints) * 1000n
  const d = BigInt(available)
  const abs = n < 0n ? -n : n
  const tenths = (2n * abs + d) / (2n * d)
  const capacity = Number(n < 0n ? -tenths : tenths) / 10
  const overCapacity = capacity > 100
  return ok({
    capacity,
    overCapacity,
    trace: [
      {
        rule: overCapacity ? 'workload.capacity.over' : 'workload.capacity',
        explanation: `${totalPoints} of ${available} available points: capacity ${capacity} %${overCapacity ? ', over capacity' : ''}.`,
        inputs: { ...input },
      },
    ],
  })
}

export const potentialCapacityInputSchema = z.object({
  totalPoints: z.number().int(),
  availablePoints: z.number().int().nonnegative(),
  proposedCase: comCaseSchema,
  /** Points the same case already adds to this caseload (0 when it is not on it). */
  existingCasePoints: z.number().int().nonnegative(),
})
export type PotentialCapacityInput = z.infer<typeof potentialCapacityInputSchema>

/**
 * Capacity if the case were allocated: (total − points the case already adds here + its points now) ÷ available.
 * Unlike the anchor, a case already held is discounted whatever record it came from (the caller says how much).
 */
export function potentialCapacity(
  input: PotentialCapacityInput,
  weights: Readonly<WmtWeights> = DEFAULT_WMT_WEIGHTS,
): Result<Capacity & { potentialTotalPoints: number }> {
  const added = comCasePoints(input.proposedCase, weights)
  const potentialTotalPoints = input.totalPoints - input.existingCasePoints + added.points
  const capacity = capacityPercent({ totalPoints: potentialTotalPoints, availablePoints: input.availablePoints })
  if (!capacity.ok) return capacity
  const step: TraceStep = {
    rule: 'workload.potentialCapacity',
    explanation: `${input.totalPoints} − ${input.existingCasePoints} already counted + ${added.points} for the case = ${potentialTotalPoints} points.`,
  }
  return ok({ ...capacity.value, potentialTotalPoints, trace: [...added.trace, step, ...capacity.value.trace] })
}

function violation(field: string, reason: string): RuleViolation {
  return { field, reason }
}
