import { identifierOf } from '@omic/contracts'
import { londonDateOf } from '@omic/domain'
import { RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import type { TierInputEvent } from '../events/subscriptions'
import { planCalculation } from '../model/plan-calculation'
import { isTierable, PART_OF_EVENT, type StoredPart, snapshotFieldOf, supersedes } from '../model/tier-inputs'
import type { CaseWrite } from '../ports'
import { expectationOf, publishOutbox, resolveCase } from './case-access'
import { caseRetry, type TieringDeps } from './deps'

export const RECORD_OUTCOMES = {
  /** No snapshot: recorded and counted, nothing recalculated. */
  thin: 'thin',
  /** Older than the stored part (or as old, with an event id sorting before its): ignored. */
  stale: 'stale',
  /** This event's part is already stored (a retry after a crash): only its pending event was published. */
  duplicate: 'duplicate',
  /** Stored; the case is not tiered until its convictions arrive. */
  awaitingConvictions: 'awaiting-convictions',
  /** Stored and tiered; the selected tier changed. */
  changed: 'changed',
  /** Stored and tiered; the selected tier did not change. */
  unchanged: 'unchanged',
  /** Stored, but the rules reject this snapshot (e.g. a Medium DC-SRP below 0.60): dead-lettered with the reason. */
  rejected: 'rejected',
  /** Stored, but another stored part makes the inputs invalid: the case keeps its calculation error. */
  notCalculated: 'not-calculated',
  /** The case was erased (`probation-case.deleted.gdpr`): nothing is kept, whatever the event's `occurredAt`. */
  deleted: 'deleted',
} as const
export type RecordOutcome = (typeof RECORD_OUTCOMES)[keyof typeof RECORD_OUTCOMES]

/**
 * Keeps the part the event carries (if it supersedes the stored one) and tiers the case again: both models, the
 * calculation stored, `tier.calculation.complete` published with `changed` and `previousTier`. The current tier moves
 * to the new calculation when its result or its inputs (digest, missing parts) differ from the current one's, so
 * the tier view always shows the stored inputs, also when the tier stays the same. Events for a merged CRN apply to
 * the case it was merged into.
 */
export async function recordTierInput(deps: TieringDeps, event: TierInputEvent): Promise<RecordOutcome> {
  const eventCrn = identifierOf(event.detail, 'CRN')
  if (eventCrn === undefined) throw new Error('A tiering input event without a CRN passed validation')
  const occurredAt = event.detail.occurredAt
  const snapshot = event.detail.additionalInformation.snapshot
  if (snapshot === undefined) {
    const { crn, record } = await resolveCase(deps.cases, eventCrn)
    if (record?.deleted) return RECORD_OUTCOMES.deleted
    await deps.cases.recordThinEvent({ crn, eventType: event.detailType, eventId: event.id, occurredAt })
    return RECORD_OUTCOMES.thin
  }
  const part = PART_OF_EVENT[event.detailType]
  const stored: StoredPart<unknown> = { value: snapshot, occurredAt, eventId: event.id, eventType: event.detailType }

  return withOptimisticRetry<RecordOutcome>(async () => {
    const { crn, record } = await resolveCase(deps.cases, eventCrn)
    if (record?.deleted) return RECORD_OUTCOMES.deleted
    await publishOutbox(deps, crn, record?.outbox ?? null)
    const previousPart = record?.parts[part]
    if (previousPart?.eventId === event.id) return RECORD_OUTCOMES.duplicate
    if (!supersedes(stored, previousPart)) return RECORD_OUTCOMES.stale

    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const expected = expectationOf(record)
    const parts = { ...record?.parts, [part]: stored }
    const base: CaseWrite = {
      crn,
      expected,
      now: nowIso,
      parts: { [part]: stored },
      inputsVersion: expected.inputsVersion + 1,
    }
    if (!isTierable(parts)) {
      if ((await deps.cases.commit(base)) === 'conflict') return RETRY
      return RECORD_OUTCOMES.awaitingConvictions
    }
    const plan = planCalculation({
      crn,
      parts,
      previous: record?.current ?? null,
      today: londonDateOf(now),
      now: nowIso,
      calculationId: deps.ids.next(),
      trigger: { kind: 'event', eventType: event.detailType, eventId: event.id },
      version: deps.version,
    })
    if (!plan.ok) {
      const calculationError = { ...plan.error, at: nowIso }
      if ((await deps.cases.commit({ ...base, calculationError })) === 'conflict') return RETRY
      const origin = snapshotFieldOf(plan.error.field)
      if (origin?.part !== part) return RECORD_OUTCOMES.notCalculated
      await deps.rejected.put({
        id: event.id,
        source: event.source,
        detailType: event.detailType,
        detail: event.detail,
        errors: [{ field: `detail.additionalInformation.snapshot.${origin.path}`, reason: plan.error.reason }],
      })
      return RECORD_OUTCOMES.rejected
    }
    const write: CaseWrite = {
      ...base,
      calculation: plan.calculation,
      ...(plan.current ? { current: plan.current } : {}),
      outbox: { id: plan.calculation.calculationId, entry: plan.event },
      ...(record?.calculationError ? { calculationError: null } : {}),
    }
    if ((await deps.cases.commit(write)) === 'conflict') return RETRY
    await publishOutbox(deps, crn, { [plan.calculation.calculationId]: plan.event })
    return plan.changed ? RECORD_OUTCOMES.changed : RECORD_OUTCOMES.unchanged
  }, caseRetry(eventCrn))
}
