/** What the use cases need from the outside world; adapters implement these, tests pass in-memory fakes. */
import type { OutgoingEvent } from '@omic/lambda-kit'
import type { CaseStatus } from './case-status'
import type { ComDemandEntry, ListQuery, Page } from './index-entries'
import type {
  CaseloadEntry,
  CaseRecord,
  ComCaseloadEntry,
  ComRecord,
  ComState,
  HistoryEntry,
  PomRecord,
  TierState,
} from './model'

/** One atomic change to a case: the record, the history it adds and the events it publishes. */
export interface CaseCommit {
  /** The record as read (version 0 when new); the write fails with `conflict` if it changed meanwhile. */
  before: CaseRecord
  after: CaseRecord
  /** The status of `before` as stored (null when new), to know which derived entries to replace. */
  beforeStatus: CaseStatus | null
  /** The status of `after` (its list, roles and tiers decide the index entries written with it). */
  status: CaseStatus
  history: readonly HistoryEntry[]
  events: readonly OutgoingEvent[]
}

/** What waits by CRN until the CRN is linked to a NOMS number: the newest tier per version and the newest COM. */
export interface ParkedParts {
  tiers: { version: 2 | 3; at: string; tier: TierState }[]
  com: { at: string; value: ComState } | null
}

/** The outbox keys of the committed events (to confirm once published), or `conflict`. */
export type CommitOutcome = { committed: true; outboxKeys: string[] } | { committed: false }
export type PutOutcome = 'written' | 'conflict'

export interface AllocationStore {
  getCase(nomsNumber: string): Promise<CaseRecord | undefined>
  /** Writes the case, its index entries, history and outbox atomically; `conflict` when `before` is stale. */
  commit(change: CaseCommit): Promise<CommitOutcome>
  /** Removes a case merged into another (conditional on its version). */
  removeMergedCase(record: CaseRecord, status: CaseStatus): Promise<boolean>
  history(nomsNumber: string): Promise<HistoryEntry[]>
  /** Copies every history entry of one NOMS number onto another, then deletes the originals. */
  moveHistory(from: string, to: string): Promise<void>

  nomsForCrn(crn: string): Promise<string | undefined>
  linkCrn(crn: string, nomsNumber: string): Promise<void>
  /** A tier that arrived before the CRN was linked to a prisoner waits here (newest per version). */
  parkTier(crn: string, version: 2 | 3, at: string, tier: TierState): Promise<void>
  /** A COM allocated in nDelius before the CRN was linked to a prisoner waits here (the newest). */
  parkCom(crn: string, at: string, com: ComState): Promise<void>
  /** Everything parked by a CRN (applied with the first event that finds the CRN linked). */
  parked(crn: string): Promise<ParkedParts>

  listCases(query: ListQuery): Promise<Page<CaseRecord>>
  /** POM roles held at a prison (all POMs, or one). */
  caseload(prisonId: string, staffId?: number): Promise<CaseloadEntry[]>
  /** COM roles held in a PDU (all COMs, or one). */
  comCaseload(pduCode: string, staffCode?: string): Promise<ComCaseloadEntry[]>
  /** Cases in a PDU that need a COM, soonest needed first. */
  comDemand(pduCode: string, page: { limit: number; cursor?: string | undefined }): Promise<Page<ComDemandEntry>>

  getPom(prisonId: string, staffId: number): Promise<PomRecord | undefined>
  /** Writes a POM record if the stored version is still `expectedVersion` (0 = must not exist). */
  putPom(pom: PomRecord, expectedVersion: number): Promise<PutOutcome>
  listPoms(prisonId: string): Promise<PomRecord[]>
  getCom(pduCode: string, staffCode: string): Promise<ComRecord | undefined>
  putCom(com: ComRecord, expectedVersion: number): Promise<PutOutcome>
  listComs(pduCode: string): Promise<ComRecord[]>

  /** Events committed but not yet confirmed published, oldest first. */
  pendingEvents(limit: number): Promise<{ key: string; event: OutgoingEvent }[]>
  confirmPublished(keys: readonly string[]): Promise<void>
}

export interface EventSink {
  publish(events: readonly OutgoingEvent[]): Promise<void>
}

export interface Clock {
  /** Now, as an ISO instant. */
  now(): string
  /** Today in Europe/London, `YYYY-MM-DD`. */
  today(): string
}

export interface Ids {
  next(): string
}
