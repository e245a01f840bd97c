/**
 * What the use cases need from the outside world; adapters implement these, tests pass fakes the same way. The
 * clock is lambda-kit's `Clock`, the CRN links lambda-kit's `CrnLinks<ParkedParts>` (model/parked.ts).
 */
import type { OutboxStore } from '@omic/lambda-kit'
import type { CaseList, CaseRecord, DomainEvent, ForecastEntry, HistoryEntry, SentMarker } from './model/records'

/** Everything one calculation writes, atomically. */
export interface CaseWrite {
  /** The record to store, its `version` one above `expectedVersion`. */
  record: CaseRecord
  /** The version read (0 = not stored yet); the write fails with VersionConflictError otherwise. */
  expectedVersion: number
  history: HistoryEntry | null
  /** Written only if absent (or, for a repeating reminder, sent long enough ago): MarkerExistsError otherwise. */
  markers: readonly SentMarker[]
  forecast: { put: readonly ForecastEntry[]; remove: readonly { pdu: string; sk: string }[] }
}

/** A case outbox as the drain claimed it: where to find the entries again to clear them. */
export interface CaseOutboxRef {
  nomsNumber: string
  version: number
  saved: readonly DomainEvent[]
  /** That version's calculated due day (undefined: not recorded), restored when the last entry goes. */
  calculatedDueDate: string | null | undefined
}

/** Outbox events one writer saved (and now published or failed to publish), to find them again by id. */
export interface OutboxWrite {
  /** The version that writer saved. */
  version: number
  /** The outbox as it saved it (where the ids are, if nobody has written since). */
  saved: readonly DomainEvent[]
  ids: readonly string[]
}

export interface Page<T> {
  items: T[]
  cursor: string | undefined
  /** Read capacity units the query consumed (ReturnConsumedCapacity). */
  consumedReadUnits: number
}

export interface SweepState {
  lastRunDate: string
  lastRunAt: string
  lastRunStats: Record<string, number>
}

/** The case table; also the outbox drain's store (lambda-kit's OutboxStore over the cases' outboxes). */
export interface CaseStore extends OutboxStore<CaseOutboxRef> {
  load(nomsNumber: string): Promise<CaseRecord | undefined>
  save(write: CaseWrite): Promise<void>
  /**
   * After publishing: removes exactly these outbox events, whichever version now holds them; when the outbox is then
   * empty, puts the case under the real next due day of the version that holds it (`nextDueDate` when it is still
   * the version saved, else that version's `calculatedDueDate`). False when none was left.
   */
  clearPending(nomsNumber: string, outbox: OutboxWrite, nextDueDate: string | null): Promise<boolean>
  /** After a failed publish: ends the lease of these outbox events, so the next writer publishes them at once. */
  releasePending(nomsNumber: string, outbox: OutboxWrite): Promise<boolean>
  history(nomsNumber: string, limit: number): Promise<HistoryEntry[]>
  /** Every calculation of the case, oldest first, without traces (subject access requests). */
  allHistory(nomsNumber: string): Promise<HistoryEntry[]>
  sentMarkers(nomsNumber: string): Promise<SentMarker[]>
  /** Merge: moves the history and sent-markers of `from` under `to`, then deletes everything of `from`. */
  absorb(from: CaseRecord, to: string): Promise<void>
  listCases(prisonId: string, list: CaseList, page: { limit: number; cursor?: string }): Promise<Page<CaseRecord>>
  dueCases(date: string, page: { limit: number; cursor?: string }): Promise<Page<CaseRecord>>
  sweepState(): Promise<SweepState | undefined>
  saveSweepState(state: SweepState): Promise<void>
  forecast(pdu: string, from: string, toInclusive: string): Promise<ForecastEntry[]>
}

export interface EventSink {
  publish(events: readonly DomainEvent[]): Promise<void>
}
