import type { TierVersion } from '../model/tier-summary'
import type {
  CaseStore,
  Clock,
  IdGenerator,
  JobStore,
  RejectedEvents,
  SegmentDispatcher,
  TierEventPublisher,
} from '../ports'

/** What the event use cases need. */
export interface TieringDeps {
  readonly cases: CaseStore
  readonly publisher: TierEventPublisher
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

/** A case changed under us this many times in a row: give up and let the event be retried. */
export const MAX_WRITE_ATTEMPTS = 6
