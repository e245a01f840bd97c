/**
 * Continuity of offender manager (seed 004, PC03/2009): when a case may change hands, how many changes a person
 * has had, how strongly to prefer continuity when ranking, and what a change of risk does (it does not move a case).
 */
import { z } from 'zod'
import type { IsoDate } from '../shared/dates'
import { isOnOrAfter, isOnOrBefore, isValidIsoDate } from '../shared/dates'
import type { Result, RuleViolation, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import type { ContinuityConfig } from './config'
import { DEFAULT_CONTINUITY_CONFIG, DEFAULT_MINIMUM_GRADE_FOR_ROSH, LINE_MANAGER_REASON_MAX_LENGTH } from './config'
import type { AllocationRoshLevel, StaffGrade } from './vocabulary'
import { ALLOCATION_ROSH_LEVELS, gradeMeets } from './vocabulary'

// ---------------------------------------------------------------------------------------------------------------
// Reasons for a change of offender manager

/**
 * Acceptable reasons for a reallocation. The first four are sound reasons in the relationship (PC03/2009 §4);
 * the last three are changes beyond the provider's control (§5).
 */
export const REALLOCATION_REASON = {
  RELATIONSHIP_INCOMPATIBLE: 'relationship_incompatible',
  OM_THREATENED_OR_INTIMIDATED: 'om_threatened_or_intimidated',
  COLLUSION_OR_LOSS_OF_OBJECTIVITY: 'collusion_or_loss_of_objectivity',
  LOSS_OF_MOMENTUM: 'loss_of_momentum',
  OM_LEFT: 'om_left',
  OM_ABSENT: 'om_absent',
  PRISONER_TRANSFERRED: 'prisoner_transferred',
} as const
export type ReallocationReason = (typeof REALLOCATION_REASON)[keyof typeof REALLOCATION_REASON]
export const reallocationReasonSchema = z.enum([
  REALLOCATION_REASON.RELATIONSHIP_INCOMPATIBLE,
  REALLOCATION_REASON.OM_THREATENED_OR_INTIMIDATED,
  REALLOCATION_REASON.COLLUSION_OR_LOSS_OF_OBJECTIVITY,
  REALLOCATION_REASON.LOSS_OF_MOMENTUM,
  REALLOCATION_REASON.OM_LEFT,
  REALLOCATION_REASON.OM_ABSENT,
  REALLOCATION_REASON.PRISONER_TRANSFERRED,
])

/** On what footing a reallocation stands. */
export const REALLOCATION_BASIS = {
  SOUND_REASON: 'sound_reason',
  BEYOND_PROVIDER_CONTROL: 'beyond_provider_control',
  LINE_MANAGER_AUTHORISED: 'line_manager_authorised',
} as const
export type ReallocationBasis = (typeof REALLOCATION_BASIS)[keyof typeof REALLOCATION_BASIS]

export const REALLOCATION_REASON_BASIS: Readonly<Record<ReallocationReason, ReallocationBasis>> = {
  relationship_incompatible: 'sound_reason',
  om_threatened_or_intimidated: 'sound_reason',
  collusion_or_loss_of_objectivity: 'sound_reason',
  loss_of_momentum: 'sound_reason',
  om_left: 'beyond_provider_control',
  om_absent: 'beyond_provider_control',
  prisoner_transferred: 'beyond_provider_control',
}

const REASON_WORDS: Readonly<Record<ReallocationReason, string>> = {
  relationship_incompatible: 'the relationship between the person and their offender manager is incompatible',
  om_threatened_or_intimidated: 'the offender manager has been threatened or intimidated',
  collusion_or_loss_of_objectivity: 'there is collusion or a loss of objectivity in a long relationship',
  loss_of_momentum: 'the case has lost momentum and needs a fresh approach',
  om_left: 'the offender manager has left',
  om_absent: 'the offender manager is absent for a long period',
  prisoner_transferred: 'the prisoner has been transferred',
}

export const lineManagerAuthorisationSchema = z.object({
  /** Who authorised it (staff id or name). */
  authorisedBy: z.string(),
  authorisedOn: z.string(),
  /** Why the change is in the interest of the effective and safe management of the case. */
  recordedReason: z.string(),
})
export type LineManagerAuthorisation = z.infer<typeof lineManagerAuthorisationSchema>

export const reallocationJustificationSchema = z.object({
  reason: reallocationReasonSchema.nullable(),
  lineManagerAuthorisation: lineManagerAuthorisationSchema.nullable(),
  /** The change was prompted by a change of risk level (which alone is never enough). */
  promptedByRiskChange: z.boolean().optional(),
})
export type ReallocationJustification = z.infer<typeof reallocationJustificationSchema>

export interface ValidatedReallocation {
  basis: ReallocationBasis
  reason: ReallocationReason | null
  lineManagerAuthorisation: LineManagerAuthorisation | null
  trace: TraceStep[]
}

/**
 * A reallocation (a change of offender manager for someone who already has one) must carry an acceptable reason, or
 * a line manager's authorisation with a recorded reason. A change of risk level is not a reason by itself.
 */
export function validateReallocation(justification: ReallocationJustification): Result<ValidatedReallocation> {
  const trace: TraceStep[] = []
  const auth = justification.lineManagerAuthorisation
  if (auth !== null) {
    const checked = checkAuthorisation(auth)
    if (!checked.ok) return checked
  }
  if (justification.reason !== null) {
    const basis = REALLOCATION_REASON_BASIS[justification.reason]
    trace.push({
      rule: `continuity.reason.${basis}`,
      explanation: `The offender manager may change because ${REASON_WORDS[justification.reason]} (${
        basis === REALLOCATION_BASIS.SOUND_REASON ? 'a sound reason' : "beyond the provider's control"
      }).`,
      inputs: { reason: justification.reason },
    })
    return ok({
      basis,
      reason: justification.reason,
      lineManagerAuthorisation: auth === null ? null : normaliseAuth(auth),
      trace,
    })
  }
  if (auth !== null) {
    const a = normaliseAuth(auth)
    trace.push({
      rule: 'continuity.lineManagerAuthorised',
      explanation: `${a.authorisedBy} authorised the change on ${a.authorisedOn} as in the interest of the case: ${a.recordedReason}`,
      inputs: { authorisedBy: a.authorisedBy, authorisedOn: a.authorisedOn },
    })
    return ok({ basis: REALLOCATION_BASIS.LINE_MANAGER_AUTHORISED, reason: null, lineManagerAuthorisation: a, trace })
  }
  return fail(
    justification.promptedByRiskChange
      ? violation(
          'reason',
          'A change of risk level does not by itself move a case: give an acceptable reason or a line manager authorisation',
        )
      : violation(
          'reason',
          'Give an acceptable reason for the change of offender manager or a line manager authorisation',
        ),
  )
}

function normaliseAuth(auth: LineManagerAuthorisation): LineManagerAuthorisation {
  return {
    authorisedBy: auth.authorisedBy.trim(),
    authorisedOn: auth.authorisedOn,
    recordedReason: auth.recordedReason.trim(),
  }
}

function checkAuthorisation(auth: LineManagerAuthorisation): Result<LineManagerAuthorisation> {
  if (auth.authorisedBy.trim() === '') {
    return fail(violation('lineManagerAuthorisation.authorisedBy', 'Record who authorised the change'))
  }
  if (!isValidIsoDate(auth.authorisedOn)) {
    return fail(violation('lineManagerAuthorisation.authorisedOn', 'Enter the date of the authorisation as YYYY-MM-DD'))
  }
  const reason = auth.recordedReason.trim()
  if (reason === '') {
    return fail(violation('lineManagerAuthorisation.recordedReason', 'Record the reason the line manager gave'))
  }
  if (Array.from(reason).length > LINE_MANAGER_REASON_MAX_LENGTH) {
    return fail(
      violation(
        'lineManagerAuthorisation.recordedReason',
        `The recorded reason must be ${LINE_MANAGER_REASON_MAX_LENGTH} characters or fewer`,
      ),
    )
  }
  return ok(auth)
}

// ---------------------------------------------------------------------------------------------------------------
// Counting transfers

/** One change of offender manager for a person (an initial allocation has `fromStaffId: null`). */
export interface OffenderManagerChange {
  personId: string
  date: IsoDate
  fromStaffId: string | null
  toStaffId: string
}

/** A period of continuous engagement, both ends inclusive. */
export interface EngagementPeriod {
  from: IsoDate
  to: IsoDate
}

/**
 * Transfers per person within the period: changes from one offender manager to a different one. An initial
 * allocation and a "change" to the same person do not count.
 */
export function countTransfers(
  changes: readonly OffenderManagerChange[],
  period: EngagementPeriod,
): Result<Readonly<Record<string, number>>> {
  if (!isValidIsoDate(period.from)) return fail(violation('period.from', 'Not a calendar date YYYY-MM-DD'))
  if (!isValidIsoDate(period.to)) return fail(violation('period.to', 'Not a calendar date YYYY-MM-DD'))
  if (period.to < period.from) return fail(violation('period.to', 'The period ends before it starts'))
  const counts: Record<string, number> = {}
  for (const [i, c] of changes.entries()) {
    if (!isValidIsoDate(c.date)) return fail(violation(`changes.${i}.date`, 'Not a calendar date YYYY-MM-DD'))
    const inPeriod = isOnOrAfter(c.date, period.from) && isOnOrBefore(c.date, period.to)
    const isTransfer = c.fromStaffId !== null && c.fromStaffId !== c.toStaffId
    counts[c.personId] = (counts[c.personId] ?? 0) + (inPeriod && isTransfer ? 1 : 0)
  }
  return ok(counts)
}

// ---------------------------------------------------------------------------------------------------------------
// Continuity in ranking

/** A candidate's past with the person: their current OM, someone who managed them before, or nobody yet. */
export const PAST_RELATIONSHIP = { CURRENT: 'current', PREVIOUS: 'previous', NONE: 'none' } as const
export type PastRelationship = (typeof PAST_RELATIONSHIP)[keyof typeof PAST_RELATIONSHIP]
export const pastRelationshipSchema = z.enum([
  PAST_RELATIONSHIP.CURRENT,
  PAST_RELATIONSHIP.PREVIOUS,
  PAST_RELATIONSHIP.NONE,
])

export interface ContinuityPenalty {
  /** Lower is better; 0 keeps the current offender manager. */
  penalty: number
  trace: TraceStep[]
}

/**
 * The continuity penalty of giving the case to a candidate: current OM < previous OM < someone new. The penalty
 * grows with each transfer the person already had in this period, so continuity weighs more for them.
 */
export function continuityPenalty(
  input: { relationship: PastRelationship; priorTransfers: number },
  config: ContinuityConfig = DEFAULT_CONTINUITY_CONFIG,
): ContinuityPenalty {
  const transfers = Math.max(0, Math.floor(input.priorTransfers))
  if (input.relationship === PAST_RELATIONSHIP.CURRENT) {
    return {
      penalty: config.currentOmPenalty,
      trace: [
        {
          rule: 'continuity.current',
          explanation: 'Already the offender manager: keeping them keeps continuity.',
          inputs: { relationship: input.relationship },
        },
      ],
    }
  }
  const base = input.relationship === PAST_RELATIONSHIP.PREVIOUS ? config.previousOmPenalty : config.newOmPenalty
  const penalty = base * (1 + config.priorTransferMultiplier * transfers)
  const who =
    input.relationship === PAST_RELATIONSHIP.PREVIOUS ? 'Has managed this person before' : 'New to this person'
  return {
    penalty,
    trace: [
      {
        rule: `continuity.${input.relationship}`,
        explanation:
          transfers === 0
            ? `${who}: continuity penalty ${penalty}.`
            : `${who}; the person has already had ${transfers} transfer${transfers > 1 ? 's' : ''} in this period, so continuity weighs more: penalty ${base} × (1 + ${config.priorTransferMultiplier} × ${transfers}) = ${penalty}.`,
        inputs: { relationship: input.relationship, priorTransfers: transfers },
      },
    ],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Change of risk (seed 004 §7)

export interface RiskChangeInput {
  /** Grade of the offender manager holding the case. */
  holderGrade: StaffGrade
  previousRosh: AllocationRoshLevel | null
  newRosh: AllocationRoshLevel | null
}

export interface RiskChangeOutcome {
  /** A change of risk never moves a case by itself. */
  caseMoves: false
  /** The holder's grade is below what the new risk needs: they keep day-to-day work under oversight. */
  oversightRequired: boolean
  /** The grade that must oversee (e.g. a PO over a PSO), or `null`. */
  oversightGrade: StaffGrade | null
  trace: TraceStep[]
}

/**
 * What a change of RoSH level does to who holds the case: nothing moves. When the risk rises beyond what the
 * holder's grade may carry (e.g. a PSO's case becomes high risk), the holder keeps the day-to-day work, acting as
 * offender supervisor, with oversight from the required grade. When it falls, a PO may keep the case.
 */
export function riskChangeOutcome(
  input: RiskChangeInput,
  minimumGradeForRosh: Readonly<Record<AllocationRoshLevel, StaffGrade>> = DEFAULT_MINIMUM_GRADE_FOR_ROSH,
): RiskChangeOutcome {
  const rank = (r: AllocationRoshLevel | null): number => (r === null ? -1 : ALLOCATION_ROSH_LEVELS.indexOf(r))
  const direction =
    rank(input.newRosh) > rank(input.previousRosh)
      ? 'rose'
      : rank(input.newRosh) < rank(input.previousRosh)
        ? 'fell'
        : 'unchanged'
  const trace: TraceStep[] = [
    {
      rule: 'continuity.riskChange.noMove',
      explanation: `RoSH ${direction === 'unchanged' ? 'is unchanged' : direction} (${input.previousRosh ?? 'unknown'} → ${
        input.newRosh ?? 'unknown'
      }); a change of risk does not by itself move the case.`,
      inputs: { previousRosh: input.previousRosh, newRosh: input.newRosh, holderGrade: input.holderGrade },
    },
  ]
  const required = input.newRosh === null ? null : minimumGradeForRosh[input.newRosh]
  if (required !== null && !gradeMeets(input.holderGrade, required)) {
    trace.push({
      rule: 'continuity.riskChange.oversight',
      explanation: `A ${input.holderGrade} may not hold a ${input.newRosh} RoSH case alone: they keep the day-to-day work as offender supervisor under the oversight of a ${required}.`,
      inputs: { required },
    })
    return { caseMoves: false, oversightRequired: true, oversightGrade: required, trace }
  }
  if (direction === 'fell') {
    trace.push({
      rule: 'continuity.riskChange.retain',
      explanation: `The ${input.holderGrade} keeps the case and may scale down their involvement to suit the lower risk.`,
    })
  }
  return { caseMoves: false, oversightRequired: false, oversightGrade: null, trace }
}

function violation(field: string, reason: string): RuleViolation {
  return { field, reason }
}
