import type { Clock, OptimisticRetryOptions, OutboxDeps } from '@omic/lambda-kit'
import { ConcurrentChangeError } from '../errors'
import type { TierVersion } from '../model/tier-summary'
import type {
  CaseStore,
  EventPublisherPort,
  IdGenerator,
  JobStore,
  OutboxLog,
  RejectedEvents,
  SegmentDispatcher,
} from '../ports'

/** What the event use cases need. */
export interface TieringDeps {
  readonly cases: CaseStore
  /** The bus: `tier.calculation.complete` leaves through the outbox (stored with the case, published after commit). */
  readonly publisher: EventPublisherPort
  /** Where a failed publish is reported (the event stays in the outbox for the drain). */
  readonly log: OutboxLog
  readonly rejected: RejectedEvents
  readonly clock: Clock
  readonly ids: IdGenerator
  /** Which model gives *the* tier (configuration). */
  readonly version: TierVersion
}

/** What a full recalculation needs besides. */
export interface RecalculationDeps extends TieringDeps {
  readonly jobs: JobStore
  readonly dispatcher: SegmentDispatcher
}

/** The outbox's view of the use cases' dependencies (lambda-kit's `publishCommitted` and drain). */
export function outboxDeps(deps: Pick<TieringDeps, 'cases' | 'publisher' | 'log'>): OutboxDeps<string> {
  return { store: deps.cases, publisher: deps.publisher, log: deps.log }
}

/** A case changed under us this many times in a row: give up and let the event be retried. */
export const MAX_WRITE_ATTEMPTS = 6

/** The optimistic retry of a write to the case of `crn` (read → decide → conditional write, again on a conflict). */
export function caseRetry(crn: string): OptimisticRetryOptions {
  return { what: 'case', attempts: MAX_WRITE_ATTEMPTS, exhausted: () => new ConcurrentChangeError(crn) }
}
