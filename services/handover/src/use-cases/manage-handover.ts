/**
 * The API's writes: responsibility override to community and its removal (SPO), the handover checklist (allocated
 * POM), early allocation assessments and the community decision. Each goes through updateCase, so it is recalculated,
 * published and written conditionally on the version the client read (409 when stale).
 */
import { randomUUID } from 'node:crypto'
import {
  checkDiscretionaryCompletion,
  type EarlyAllocationAnswers,
  earlyAllocationOutcome,
  earlyAllocationReferral,
  earlyAllocationWindow,
  handoverChecklist,
  type IsoDate,
  londonDateOf,
  RESPONSIBILITY,
  recordCommunityDecision,
  validateOasysDate,
} from '@omic/domain'
import { actingStaffOf } from '@omic/lambda-kit'
import { AccessDeniedError, CaseNotFoundError, RuleRejectedError, StateConflictError } from '../errors'
import { type Actor, canSeeCase, isAdmin, isAllocatedPom } from '../model/access'
import { paroleFactsOf, releaseDatesOf } from '../model/case-input'
import type { CaseRecord, ChecklistState, EarlyAllocationRecord, OverrideReason } from '../model/records'
import { type HandoverDeps, type UpdateResult, updateCase } from './update-case'

function assertCanSee(actor: Actor, record: CaseRecord): void {
  if (!record.prisoner) throw new CaseNotFoundError(record.nomsNumber)
  if (!canSeeCase(actor, record)) throw new AccessDeniedError(`No access to the case of ${record.nomsNumber}`)
}

function assertCalculated(record: CaseRecord): NonNullable<CaseRecord['calculation']> {
  const calc = record.calculation
  if (calc?.status !== 'calculated') {
    throw new StateConflictError(
      `The case has no current handover (${calc?.status ?? 'not calculated'}${calc ? `: ${calc.reason}` : ''})`,
    )
  }
  return calc
}

// ---------------------------------------------------------------------------------------------------------------
// Responsibility override (handover.md §f)

export interface OverrideRequest {
  reason: OverrideReason
  reasonText: string | null
  message: string | null
  version: number | undefined
}

/** SPO only (checked at the edge): moves responsibility to the community now, whatever the calculation says. */
export function overrideResponsibility(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  req: OverrideRequest,
): Promise<UpdateResult> {
  const at = deps.clock.now().toISOString()
  return updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: req.version,
    source: 'override',
    trigger: 'override.created',
    actor: actingStaffOf(actor),
    mutate: record => {
      assertCanSee(actor, record)
      assertCalculated(record)
      if (record.override) {
        throw new StateConflictError('Responsibility is already overridden; remove the override first')
      }
      record.override = {
        reason: req.reason,
        reasonText: req.reasonText,
        message: req.message,
        by: actor.subject,
        at,
        episodeId: record.episode?.id ?? null,
      }
      return 'changed'
    },
    // judged on today's calculation, not the stored one
    verify: record => {
      if (assertCalculated(record).responsibility === RESPONSIBILITY.community) {
        throw new StateConflictError('The community is already responsible for this case')
      }
    },
  })
}

/** SPO only: back to the calculated responsibility; the reason is kept in the calculation's trace and history. */
export function removeOverride(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  req: { reasonText: string; version: number | undefined },
): Promise<UpdateResult> {
  return updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: req.version,
    source: 'override',
    trigger: 'override.removed',
    actor: actingStaffOf(actor),
    notes: [
      {
        rule: 'handover.service.overrideRemoved',
        explanation: `override removed by ${actor.subject}: ${req.reasonText}`,
      },
    ],
    mutate: record => {
      assertCanSee(actor, record)
      if (!record.override) throw new StateConflictError('There is no override to remove')
      record.override = null
      return 'changed'
    },
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Handover checklist (handover.md §i)

const WORKING_LISTS = new Set(['upcoming', 'in-progress', 'custody-with-com'])

export function checklistFor(record: CaseRecord, simplifiedEnhancedHandover: boolean) {
  const calc = record.calculation
  const result = handoverChecklist({
    handoverType: calc?.handoverType ?? 'missing',
    handoverDate: calc?.handoverDate ?? null,
    simplifiedEnhancedHandoverEnabled: simplifiedEnhancedHandover,
    simplifiedHandoverCutoffDate: '2026-09-01',
    taskStates: {
      reviewedOasys: record.checklist.reviewedOasys,
      contactedCom: record.checklist.contactedCom,
      attendedHandoverMeeting: record.checklist.attendedHandoverMeeting,
      sentHandoverReport: record.checklist.sentHandoverReport,
    },
  })
  const editable = calc?.status === 'calculated' && WORKING_LISTS.has(calc.list)
  return { result, editable }
}

export async function readChecklist(deps: HandoverDeps, actor: Actor, nomsNumber: string) {
  const record = await deps.store.load(nomsNumber)
  if (!record?.prisoner) throw new CaseNotFoundError(nomsNumber)
  if (!isAllocatedPom(actor, record) && !isAdmin(actor)) {
    throw new AccessDeniedError('Only the POM allocated to this case can see its handover checklist')
  }
  return { record, ...checklistFor(record, deps.options.simplifiedEnhancedHandover) }
}

export type ChecklistChange = Partial<
  Pick<ChecklistState, 'reviewedOasys' | 'contactedCom' | 'attendedHandoverMeeting' | 'sentHandoverReport'>
>

/**
 * The allocated POM ticks tasks while the case is in a handover list (upcoming, in progress — or, unlike the
 * anchor, custody-with-com, quirk j.3).
 */
export function updateChecklist(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  change: ChecklistChange,
  version: number | undefined,
): Promise<UpdateResult> {
  const at = deps.clock.now().toISOString()
  return updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: version,
    source: 'calculation',
    trigger: 'checklist.updated',
    mutate: record => {
      if (!record.prisoner) throw new CaseNotFoundError(nomsNumber)
      if (!isAllocatedPom(actor, record)) {
        throw new AccessDeniedError('Only the POM allocated to this case can update its handover checklist')
      }
      record.checklist = { ...record.checklist, ...change, updatedAt: at, updatedBy: actor.subject }
      return 'changed'
    },
    // judged on today's calculation (the stored one may be from before today)
    verify: record => {
      if (!checklistFor(record, deps.options.simplifiedEnhancedHandover).editable) {
        throw new StateConflictError('The checklist can be changed only while the case is in a handover list')
      }
    },
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Early allocation (handover.md §e)

export interface AssessmentRequest {
  oasysRiskAssessmentDate: IsoDate
  answers: EarlyAllocationAnswers
  reason: string | null
  approved: boolean | null
  version: number | undefined
}

function assertMayAssess(actor: Actor, record: CaseRecord): void {
  assertCanSee(actor, record)
  if (actor.roles.includes('SPO') || isAdmin(actor) || isAllocatedPom(actor, record)) return
  throw new AccessDeniedError('Only the allocated POM or an SPO can assess early allocation')
}

/** Stage 1 (OASys date), stage 2/3 outcome, completeness of a discretionary referral; 400 naming the field. */
function assess(req: AssessmentRequest, today: IsoDate) {
  const oasys = validateOasysDate(req.oasysRiskAssessmentDate, today)
  if (!oasys.valid) {
    throw new RuleRejectedError('body.oasysRiskAssessmentDate', oasys.trace[0]?.explanation ?? oasys.reason)
  }
  const outcome = earlyAllocationOutcome(req.answers)
  const complete = checkDiscretionaryCompletion({
    outcome: outcome.outcome,
    reason: req.reason,
    approved: req.approved,
  })
  if (!complete.ok) throw new RuleRejectedError(`body.${complete.error.field}`, complete.error.reason)
  return outcome
}

function withinReferralWindow(record: CaseRecord, today: IsoDate): boolean {
  const p = record.prisoner?.snapshot
  if (!p) return false
  return earlyAllocationWindow(
    {
      ...releaseDatesOf(p, paroleFactsOf(record, p)),
      assessments: [],
    },
    today,
  ).withinWindow
}

export async function createEarlyAllocation(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  req: AssessmentRequest,
  newId: () => string = randomUUID,
): Promise<UpdateResult & { assessment: EarlyAllocationRecord; action: string }> {
  const now = deps.clock.now()
  const today = londonDateOf(now)
  const outcome = assess(req, today)
  let created: EarlyAllocationRecord | undefined
  const result = await updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: req.version,
    source: 'calculation',
    trigger: 'early-allocation.assessed',
    mutate: record => {
      assertMayAssess(actor, record)
      assertCalculated(record)
      created = {
        id: newId(),
        createdAt: today,
        createdAtInstant: now.toISOString(),
        createdBy: actor.subject,
        updatedAt: now.toISOString(),
        oasysRiskAssessmentDate: req.oasysRiskAssessmentDate,
        answers: req.answers,
        outcome: outcome.outcome,
        createdWithinReferralWindow: withinReferralWindow(record, today),
        reason: req.reason,
        approved: req.approved,
        communityDecision: null,
        communityDecisionAt: null,
      }
      record.earlyAllocations = [...record.earlyAllocations, created]
      return 'changed'
    },
  })
  if (!created) throw new Error('the assessment was not created')
  const referral = earlyAllocationReferral(created.outcome, created.createdWithinReferralWindow)
  return { ...result, assessment: created, action: referral.action }
}

function findAssessment(record: CaseRecord, id: string): EarlyAllocationRecord {
  const found = record.earlyAllocations.find(a => a.id === id)
  if (!found) throw new CaseNotFoundError(`${record.nomsNumber} assessment ${id}`)
  return found
}

/** Re-answers the latest assessment while no community decision is recorded (its window fact stays as created). */
export async function updateEarlyAllocation(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  assessmentId: string,
  req: AssessmentRequest,
): Promise<UpdateResult & { assessment: EarlyAllocationRecord }> {
  const now = deps.clock.now()
  const outcome = assess(req, londonDateOf(now))
  let updated: EarlyAllocationRecord | undefined
  const result = await updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: req.version,
    source: 'calculation',
    trigger: 'early-allocation.reassessed',
    mutate: record => {
      assertMayAssess(actor, record)
      const current = findAssessment(record, assessmentId)
      if (record.earlyAllocations.at(-1)?.id !== assessmentId) {
        throw new StateConflictError('Only the latest assessment can be changed; make a new one')
      }
      if (current.communityDecision !== null) {
        throw new StateConflictError('The community decision is recorded; make a new assessment')
      }
      updated = {
        ...current,
        oasysRiskAssessmentDate: req.oasysRiskAssessmentDate,
        answers: req.answers,
        outcome: outcome.outcome,
        reason: req.reason,
        approved: req.approved,
        updatedAt: now.toISOString(),
      }
      record.earlyAllocations = record.earlyAllocations.map(a => (a.id === assessmentId ? (updated ?? a) : a))
      return 'changed'
    },
  })
  if (!updated) throw new Error('the assessment was not updated')
  return { ...result, assessment: updated }
}

/** The LDU's yes/no on an in-window discretionary referral, recorded by the POM or an SPO. */
export async function decideEarlyAllocation(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
  assessmentId: string,
  req: { communityDecision: boolean; version: number | undefined },
): Promise<UpdateResult & { assessment: EarlyAllocationRecord }> {
  const at = deps.clock.now().toISOString()
  let decided: EarlyAllocationRecord | undefined
  const result = await updateCase(deps, {
    nomsNumber,
    createIfMissing: false,
    expectedVersion: req.version,
    source: 'calculation',
    trigger: 'early-allocation.community-decision',
    mutate: record => {
      assertMayAssess(actor, record)
      const current = findAssessment(record, assessmentId)
      const outcome = recordCommunityDecision(current, req.communityDecision)
      if (!outcome.ok) throw new StateConflictError(outcome.error.reason)
      decided = { ...outcome.value, communityDecisionAt: at, updatedAt: at }
      record.earlyAllocations = record.earlyAllocations.map(a => (a.id === assessmentId ? (decided ?? a) : a))
      return 'changed'
    },
  })
  if (!decided) throw new Error('the decision was not recorded')
  return { ...result, assessment: decided }
}
