/**
 * What the tiering use cases need from the outside world. DynamoDB, EventBridge and the dead-letter store implement
 * these in ./adapters; the composition root wires them. The clock is lambda-kit's `Clock`; the outbox is lambda-kit's
 * convention (docs/decisions/0005-outbox.md): the case store is its `OutboxStore`, keyed by CRN.
 */
import type { OutboxDeps, OutboxStore } from '@omic/lambda-kit'
import type { RecalculationJob, SegmentCursor, SegmentProgress } from './model/recalculation-job'
import type {
  CalculationError,
  CalculationRecord,
  CaseRecord,
  CurrentTier,
  Deletion,
  TierEventEntry,
} from './model/records'
import type { StoredPart, TierInputPart } from './model/tier-inputs'

export interface IdGenerator {
  /** A new time-ordered UUID (v7). */
  next(): string
}

/** One change of a case, written at once (the calculation, if any, in the same transaction). */
export interface CaseWrite {
  readonly crn: string
  /** What the writer read: the write fails with `conflict` if the case changed since. */
  readonly expected: CaseExpectation
  readonly now: string
  /** Parts to store (their snapshot, occurredAt and event). */
  readonly parts?: { readonly [P in TierInputPart]?: StoredPart<unknown> }
  /** Inputs version to store (expected + 1 when parts change). */
  readonly inputsVersion: number
  readonly calculation?: CalculationRecord
  /** The new current calculation (only when the result changed); null removes it (the case is no longer tierable). */
  readonly current?: CurrentTier | null
  /** The event to publish after the commit, kept with the case until it is on the bus. */
  readonly outbox?: { readonly id: string; readonly entry: TierEventEntry }
  /** undefined leaves it, null clears it. */
  readonly calculationError?: CalculationError | null
  /** A CRN merged into this case. */
  readonly mergedFrom?: string
  /** Unmerge: parts to remove (they go back to the CRN they came from). */
  readonly removeParts?: readonly TierInputPart[]
  /** Unmerge: the case's `mergedFrom` list as it is to be (replaces it). */
  readonly mergedFromList?: readonly string[]
  /** Unmerge: the case is no longer a pointer to another. */
  readonly clearMergedInto?: boolean
  /** The case holds no part any more: it leaves the case listing. */
  readonly unlist?: boolean
}

export interface CaseExpectation {
  readonly exists: boolean
  readonly inputsVersion: number
  readonly currentDigest: string | null
  readonly hasOutbox: boolean
}

export interface ThinEvent {
  readonly crn: string
  readonly eventType: string
  readonly eventId: string
  readonly occurredAt: string
}

/** A page of calculations, newest first. */
export interface CalculationPage {
  readonly items: readonly CalculationRecord[]
  readonly cursor: string | null
}

/** Adds up the capacity units DynamoDB reports consumed (ReturnConsumedCapacity), for a job's cost. */
export interface CapacityMeter {
  read: number
  write: number
}

export type CommitOutcome = 'committed' | 'conflict'

/**
 * The cases, their calculations and their outbox. A case's outbox entries are written with the change that caused
 * them (`CaseWrite.outbox`) and marked for the drain (`pendingBefore`); `clear` removes published ones by id.
 */
export interface CaseStore extends OutboxStore<string> {
  /** Strongly consistent read of one case item (null when none). */
  get(crn: string): Promise<CaseRecord | null>
  commit(write: CaseWrite, meter?: CapacityMeter): Promise<CommitOutcome>
  /** Removes published entries from a case's outbox (`clear`, with the write units counted). */
  clearOutbox(crn: string, ids: readonly string[], meter?: CapacityMeter): Promise<void>
  recordThinEvent(event: ThinEvent): Promise<void>
  /**
   * Merge: writes the target (as `commit`) and turns the source into a pointer to it (parts, current and listing
   * removed), in one transaction.
   */
  commitMerge(
    target: CaseWrite,
    source: { crn: string; expected: CaseExpectation; now: string },
  ): Promise<CommitOutcome>
  /**
   * Erasure: replaces the case item with a tombstone (only the CRN as its key and `deleted`), conditional on the case
   * being as read. Parts, current tier, outbox, merge links and the listing are gone with the old item.
   */
  erase(crn: string, expected: CaseExpectation, deletion: Deletion): Promise<CommitOutcome>
  /** Deletes a page (a batch) of the case's calculations; returns how many (0 = none left). */
  deleteCalculations(crn: string): Promise<number>
  /** Strongly consistent reads of several cases (at most 100); CRNs without an item are left out. */
  getMany(crns: readonly string[], meter?: CapacityMeter): Promise<CaseRecord[]>
  /** Several case writes (and their calculations) in one transaction: all or none. */
  commitTogether(writes: readonly CaseWrite[]): Promise<CommitOutcome>
  /** Unmerge: moves the calculations marked `movedFromCrn = to` from `from`'s history back to `to`; returns how many. */
  returnCalculations(from: string, to: string): Promise<number>
  /** Moves a page of the source's calculations onto the target; returns how many moved (0 = none left). */
  moveCalculations(sourceCrn: string, targetCrn: string): Promise<number>
  getCalculation(crn: string, calculationId: string): Promise<CalculationRecord | null>
  listCalculations(crn: string, page: { limit: number; cursor?: string }): Promise<CalculationPage>
  /**
   * A page of one segment of the case listing: segment `s` of `n` reads buckets s, s + n, s + 2n… in turn. The cursor
   * says where to continue (null when the segment is finished).
   */
  listCases(
    scan: { segment: number; totalSegments: number; cursor: SegmentCursor | null; limit: number },
    meter?: CapacityMeter,
  ): Promise<{ cases: CaseRecord[]; cursor: SegmentCursor | null }>
  /** Roughly how many cases are listed (the index's item count), or null when unknown. */
  estimateCaseCount(): Promise<number | null>
}

/** The bus (lambda-kit's EventPublisher): throws if it rejects any event. */
export type EventPublisherPort = OutboxDeps<string>['publisher']

/** Where a failed publish is reported (lambda-kit's logger). */
export type OutboxLog = OutboxDeps<string>['log']

/** An event whose snapshot could not be tiered, kept with the reason for inspection and redrive. */
export interface RejectedEvent {
  readonly id: string
  readonly source: string
  readonly detailType: string
  readonly detail: unknown
  readonly errors: readonly { field: string; reason: string }[]
}

export interface RejectedEvents {
  put(event: RejectedEvent): Promise<void>
  /** Deletes every dead letter (invalid or rejected) that names the CRN; returns how many. */
  purge(crn: string): Promise<number>
}

export interface SegmentRequest {
  readonly jobId: string
  readonly segment: number
  readonly totalSegments: number
  readonly leg: number
}

/** Starts work on recalculation segments (on AWS: an event per segment on the bus, handled by the worker). */
export interface SegmentDispatcher {
  dispatch(requests: readonly SegmentRequest[]): Promise<void>
}

export interface JobStore {
  create(job: RecalculationJob): Promise<void>
  get(jobId: string): Promise<RecalculationJob | null>
  /** The newest jobs first. */
  latest(limit: number): Promise<RecalculationJob[]>
  /**
   * Claims leg `leg` of a segment for one invocation (`claimant`) until `leaseUntil`; false if it is not that leg's
   * turn or another invocation holds an unexpired lease on it.
   */
  claimLeg(
    jobId: string,
    segment: number,
    leg: number,
    claimant: string,
    now: string,
    leaseUntil: string,
  ): Promise<boolean>
  /** Adds a page's counts, moves the cursor, renews the lease; false when the leg was handed over or taken over. */
  recordProgress(
    jobId: string,
    segment: number,
    lease: { leg: number; claimant: string; until: string },
    progress: SegmentProgress,
    now: string,
  ): Promise<boolean>
  /** Gives the lease up at once (an invocation that fails), so the retry can claim the leg. */
  releaseLeg(jobId: string, segment: number, leg: number, claimant: string): Promise<void>
  /** Hands the segment to leg + 1 (the continuation); false when it was not this leg's. */
  handOver(jobId: string, segment: number, leg: number, now: string): Promise<boolean>
  /** Marks the segment done and, when it was the last, the job completed. Returns the job after. */
  completeSegment(
    jobId: string,
    segment: number,
    leg: number,
    claimant: string,
    now: string,
  ): Promise<RecalculationJob | null>
  /** Counts a resume of a stalled job. */
  markResumed(jobId: string, now: string): Promise<void>
}
