import { identifierOf } from '@omic/contracts'
import { RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import type { DeletionEvent } from '../events/subscriptions'
import { expectationOf } from './case-access'
import { caseRetry, type TieringDeps } from './deps'

export const DELETE_OUTCOMES = {
  /** The case became a tombstone; its calculations and dead letters were deleted. */
  deleted: 'deleted',
  /** The case was a tombstone already (a retry or a second erasure): whatever was left was deleted. */
  alreadyDeleted: 'already-deleted',
} as const
export type DeleteOutcome = (typeof DELETE_OUTCOMES)[keyof typeof DELETE_OUTCOMES]

export interface DeleteResult {
  readonly outcome: DeleteOutcome
  readonly calculationsDeleted: number
  readonly deadLettersDeleted: number
}

/**
 * `probation-case.deleted.gdpr`: erases everything we hold for the CRN. First the case item becomes a tombstone (the
 * CRN as its key, when and by which event it was erased, nothing else): from then on every event for the CRN is
 * ignored, whatever its `occurredAt`, so nothing can be brought back. Then its calculations go, batch by batch, and
 * the dead letters that name it. A crash in between leaves the tombstone; the retry finishes the deletion. Events
 * left unpublished in the outbox are dropped, and nothing is published.
 */
export async function deleteCase(deps: TieringDeps, event: DeletionEvent): Promise<DeleteResult> {
  const crn = identifierOf(event.detail, 'CRN')
  if (crn === undefined) throw new Error('A deletion event without a CRN passed validation')
  const outcome = await withOptimisticRetry<DeleteOutcome>(async () => {
    const record = await deps.cases.get(crn)
    if (record?.deleted) return DELETE_OUTCOMES.alreadyDeleted
    const deletion = { at: deps.clock.now().toISOString(), occurredAt: event.detail.occurredAt, eventId: event.id }
    if ((await deps.cases.erase(crn, expectationOf(record), deletion)) === 'conflict') return RETRY
    return DELETE_OUTCOMES.deleted
  }, caseRetry(crn))
  const calculationsDeleted = await deleteAllCalculations(deps, crn)
  const deadLettersDeleted = await deps.rejected.purge(crn)
  return { outcome, calculationsDeleted, deadLettersDeleted }
}

/** Deletes the CRN's calculations batch by batch until none is left; returns how many. */
export async function deleteAllCalculations(deps: Pick<TieringDeps, 'cases'>, crn: string): Promise<number> {
  let total = 0
  for (
    let batch = await deps.cases.deleteCalculations(crn);
    batch > 0;
    batch = await deps.cases.deleteCalculations(crn)
  ) {
    total += batch
  }
  return total
}
