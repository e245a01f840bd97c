/** What the use cases need from the outside world; adapters implement these, tests pass in-memory fakes. */
import type { CrnLinks, OutboxEntry, OutboxStore, OutgoingEvent } from '@omic/lambda-kit'
import type {
  CaseloadEntry,
  CaseRecord,
  CaseStatus,
  ComCaseloadEntry,
  ComDemandEntry,
  ComRecord,
  HistoryEntry,
  ListQuery,
  Page,
  ParkedParts,
  PomRecord,
} from './model'

export type { Clock } from '@omic/lambda-kit'

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
  /** The events the change publishes, stored in its outbox in the same write (decision 0005). */
  events: readonly OutboxEntry[]
}

/** `committed: false` when `before` was stale (someone else wrote the case first). */
export type CommitOutcome = { committed: boolean }
export type PutOutcome = 'written' | 'conflict'

/**
 * The allocation table. Its outbox (`OutboxStore`, by NOMS number) holds each case's unpublished events with the
 * case; the drain finds them by a sparse index.
 */
export interface AllocationStore extends OutboxStore<string> {
  getCase(nomsNumber: string): Promise<CaseRecord | undefined>
  /** The case and its history in one read. */
  caseWithHistory(nomsNumber: string): Promise<{ record: CaseRecord | undefined; history: HistoryEntry[] }>
  /** Writes the case, its index entries, history and outbox atomically; `committed: false` when `before` is stale. */
  commit(change: CaseCommit): Promise<CommitOutcome>
  /** Removes a case merged into another (conditional on its version). */
  removeMergedCase(record: CaseRecord, status: CaseStatus): Promise<boolean>
  history(nomsNumber: string): Promise<HistoryEntry[]>
  /** Copies every history entry of one NOMS number onto another, then deletes the originals. */
  moveHistory(from: string, to: string): Promise<void>

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
}

/** Tiers and COMs waiting by CRN for the CRN to be linked to a prisoner (lambda-kit `DynamoCrnLinks`). */
export type CaseCrnLinks = CrnLinks<ParkedParts>

export interface EventSink {
  publish(events: readonly OutgoingEvent[]): Promise<void>
}

/** Where failures that must not fail the caller are reported (ids and names of things only, never personal data). */
export interface Log {
  warn(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
}

export interface Ids {
  next(): string
}
