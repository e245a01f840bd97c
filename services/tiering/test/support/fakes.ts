/**
 * In-memory stand-ins for the tiering ports, for unit tests of the use cases. The case store keeps the same
 * contract as the DynamoDB one (a write succeeds only if the case is as the writer read it); the integration tests
 * run the same use cases on DynamoDB Local.
 */
import { tierCalculationCompleteInfoSchema } from '@omic/contracts'
import { londonDateOf } from '@omic/domain'
import type { Clock, OutgoingEvent, PendingOutbox } from '@omic/lambda-kit'
import { outboxEntriesOf, TIER_CALCULATION_COMPLETE } from '../../src/events/published'
import type { SegmentCursor } from '../../src/model/recalculation-job'
import type { CalculationRecord, CaseRecord, Deletion, TierEventEntry } from '../../src/model/records'
import { TIER_INPUT_PARTS, type TierInputParts } from '../../src/model/tier-inputs'
import type {
  CalculationPage,
  CaseExpectation,
  CaseStore,
  CaseWrite,
  CommitOutcome,
  EventPublisherPort,
  IdGenerator,
  OutboxLog,
  RejectedEvent,
  RejectedEvents,
  SegmentDispatcher,
  SegmentRequest,
  ThinEvent,
} from '../../src/ports'

const clone = <T>(v: T): T => structuredClone(v)

function matches(stored: CaseRecord | undefined, expected: CaseExpectation): boolean {
  if (!expected.exists) return stored === undefined
  if (stored === undefined) return false
  return (
    stored.inputsVersion === expected.inputsVersion &&
    (stored.current?.resultDigest ?? null) === expected.currentDigest &&
    (expected.hasOutbox || stored.outbox === null)
  )
}

function emptyCase(crn: string): CaseRecord {
  return {
    crn,
    inputsVersion: 0,
    parts: {},
    current: null,
    outbox: null,
    mergedInto: null,
    mergedFrom: [],
    calculationError: null,
    thinEvents: 0,
    deleted: null,
  }
}

export class InMemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, CaseRecord>()
  readonly calculations = new Map<string, CalculationRecord>()
  readonly thinCounts = new Map<string, number>()
  /** Called before each commit: lets a test change the case under the writer. */
  beforeCommit: ((write: CaseWrite) => void) | undefined

  async get(crn: string): Promise<CaseRecord | null> {
    const c = this.cases.get(crn)
    return c === undefined ? null : clone(c)
  }

  private apply(write: CaseWrite): void {
    const before = this.cases.get(write.crn) ?? emptyCase(write.crn)
    const outbox: Record<string, TierEventEntry> = { ...(before.outbox ?? {}) }
    if (write.outbox) outbox[write.outbox.id] = write.outbox.entry
    const parts: Record<string, unknown> = { ...before.parts, ...(write.parts as TierInputParts) }
    for (const part of write.removeParts ?? []) delete parts[part]
    this.cases.set(write.crn, {
      ...before,
      inputsVersion: write.inputsVersion,
      parts: parts as TierInputParts,
      current: write.current === undefined ? before.current : write.current,
      outbox,
      calculationError: write.calculationError === undefined ? before.calculationError : write.calculationError,
      mergedFrom:
        write.mergedFromList !== undefined
          ? [...write.mergedFromList]
          : write.mergedFrom
            ? [...before.mergedFrom, write.mergedFrom]
            : before.mergedFrom,
      mergedInto: write.clearMergedInto ? null : before.mergedInto,
    })
    if (write.calculation) {
      this.calculations.set(`${write.crn}#${write.calculation.calculationId}`, clone(write.calculation))
    }
  }

  async commit(write: CaseWrite): Promise<CommitOutcome> {
    this.beforeCommit?.(write)
    if (!matches(this.cases.get(write.crn), write.expected)) return 'conflict'
    this.apply(clone(write))
    return 'committed'
  }

  async commitMerge(
    target: CaseWrite,
    source: { crn: string; expected: CaseExpectation; now: string },
  ): Promise<CommitOutcome> {
    if (!matches(this.cases.get(target.crn), target.expected)) return 'conflict'
    if (!matches(this.cases.get(source.crn), source.expected)) return 'conflict'
    this.apply(clone(target))
    const s = this.cases.get(source.crn) ?? emptyCase(source.crn)
    this.cases.set(source.crn, {
      ...s,
      inputsVersion: source.expected.inputsVersion + 1,
      parts: {},
      current: null,
      outbox: s.outbox ?? {},
      calculationError: null,
      mergedInto: target.crn,
    })
    return 'committed'
  }

  async commitTogether(writes: readonly CaseWrite[]): Promise<CommitOutcome> {
    if (!writes.every(w => matches(this.cases.get(w.crn), w.expected))) return 'conflict'
    for (const write of writes) this.apply(clone(write))
    return 'committed'
  }

  async returnCalculations(from: string, to: string): Promise<number> {
    const returning = [...this.calculations.entries()].filter(
      ([key, c]) => key.startsWith(`${from}#`) && c.movedFromCrn === to,
    )
    for (const [key, { movedFromCrn: _moved, ...c }] of returning) {
      this.calculations.set(`${to}#${c.calculationId}`, { ...c, crn: to })
      this.calculations.delete(key)
    }
    return returning.length
  }

  async clearOutbox(crn: string, ids: readonly string[]): Promise<void> {
    const c = this.cases.get(crn)
    if (!c?.outbox) return
    const outbox = { ...c.outbox }
    for (const id of ids) delete outbox[id]
    this.cases.set(crn, { ...c, outbox })
  }

  async clear(crn: string, ids: readonly string[]): Promise<void> {
    await this.clearOutbox(crn, ids)
  }

  async pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<string>[]> {
    return [...this.cases.values()]
      .map(c => ({ ref: c.crn, entries: outboxEntriesOf(c.outbox).filter(e => e.savedAt < before) }))
      .filter(p => p.entries.length > 0)
      .sort((a, b) => (a.entries[0]?.savedAt ?? '').localeCompare(b.entries[0]?.savedAt ?? ''))
      .slice(0, limit)
  }

  async recordThinEvent(event: ThinEvent): Promise<void> {
    const c = this.cases.get(event.crn) ?? emptyCase(event.crn)
    this.cases.set(event.crn, { ...c, outbox: c.outbox ?? {}, thinEvents: c.thinEvents + 1 })
    this.thinCounts.set(event.eventType, (this.thinCounts.get(event.eventType) ?? 0) + 1)
  }

  async erase(crn: string, expected: CaseExpectation, deletion: Deletion): Promise<CommitOutcome> {
    if (!matches(this.cases.get(crn), expected)) return 'conflict'
    this.cases.set(crn, { ...emptyCase(crn), inputsVersion: expected.inputsVersion + 1, outbox: {}, deleted: deletion })
    return 'committed'
  }

  async deleteCalculations(crn: string): Promise<number> {
    const batch = [...this.calculations.keys()].filter(key => key.startsWith(`${crn}#`)).slice(0, 25)
    for (const key of batch) this.calculations.delete(key)
    return batch.length
  }

  async getMany(crns: readonly string[]): Promise<CaseRecord[]> {
    return crns.flatMap(crn => {
      const c = this.cases.get(crn)
      return c === undefined ? [] : [clone(c)]
    })
  }

  async moveCalculations(sourceCrn: string, targetCrn: string): Promise<number> {
    const moving = [...this.calculations.entries()].filter(([key]) => key.startsWith(`${sourceCrn}#`)).slice(0, 12)
    for (const [key, c] of moving) {
      this.calculations.set(`${targetCrn}#${c.calculationId}`, { ...c, crn: targetCrn, movedFromCrn: sourceCrn })
      this.calculations.delete(key)
    }
    return moving.length
  }

  async getCalculation(crn: string, calculationId: string): Promise<CalculationRecord | null> {
    return clone(this.calculations.get(`${crn}#${calculationId}`) ?? null)
  }

  async listCalculations(crn: string, page: { limit: number; cursor?: string }): Promise<CalculationPage> {
    const all = [...this.calculations.values()]
      .filter(c => c.crn === crn)
      .sort((a, b) => (a.calculationId < b.calculationId ? 1 : -1))
    const start = page.cursor ? all.findIndex(c => c.calculationId === page.cursor) + 1 : 0
    const items = all.slice(start, start + page.limit)
    const last = items.at(-1)
    return { items, cursor: start + page.limit < all.length && last ? last.calculationId : null }
  }

  async listCases(scan: { segment: number; totalSegments: number; cursor: SegmentCursor | null; limit: number }) {
    const listed = [...this.cases.values()]
      .filter(c => c.mergedInto === null && TIER_INPUT_PARTS.some(p => c.parts[p] !== undefined))
      .sort((a, b) => a.crn.localeCompare(b.crn))
      .filter((_, i) => i % scan.totalSegments === scan.segment)
    const start = scan.cursor?.after ? listed.findIndex(c => c.crn === scan.cursor?.after?.crn) + 1 : 0
    const page = listed.slice(start, start + scan.limit)
    const last = page.at(-1)
    return {
      cases: page.map(clone),
      cursor: start + scan.limit < listed.length && last ? { bucket: scan.segment, after: { crn: last.crn } } : null,
    }
  }

  async estimateCaseCount(): Promise<number | null> {
    return this.cases.size
  }
}

/** Records what reaches the bus: each `tier.calculation.complete` as the entry it was made from. */
export class RecordingPublisher implements EventPublisherPort {
  readonly published: TierEventEntry[] = []
  readonly events: OutgoingEvent[] = []
  /** Fail the next n publishes (a bus outage). */
  failNext = 0

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('EventBridge rejected 1 event(s)')
    }
    this.events.push(...events)
    for (const event of events) {
      if (event.eventType !== TIER_CALCULATION_COMPLETE) continue
      const info = tierCalculationCompleteInfoSchema.parse(event.additionalInformation)
      this.published.push({ occurredAt: event.occurredAt, info })
    }
  }
}

/** Keeps what the outbox logs (a failed publish is a warning). */
export class RecordingLog implements OutboxLog {
  readonly warnings: { message: string; data: Record<string, unknown> }[] = []
  readonly infos: { message: string; data: Record<string, unknown> }[] = []
  warn(message: string, data: Record<string, unknown>): void {
    this.warnings.push({ message, data })
  }
  info(message: string, data: Record<string, unknown>): void {
    this.infos.push({ message, data })
  }
}

export class RecordingRejectedEvents implements RejectedEvents {
  rejected: RejectedEvent[] = []
  async put(event: RejectedEvent): Promise<void> {
    this.rejected.push(event)
  }
  async purge(crn: string): Promise<number> {
    const before = this.rejected.length
    this.rejected = this.rejected.filter(r => !JSON.stringify(r.detail).includes(`"${crn}"`))
    return before - this.rejected.length
  }
}

export class RecordingDispatcher implements SegmentDispatcher {
  readonly requests: SegmentRequest[] = []
  async dispatch(requests: readonly SegmentRequest[]): Promise<void> {
    this.requests.push(...requests)
  }
}

/** A clock that moves only when told to. */
export class TestClock implements Clock {
  constructor(private instant: Date = new Date('2026-11-23T10:00:00Z')) {}
  now(): Date {
    return new Date(this.instant)
  }
  today() {
    return londonDateOf(this.instant)
  }
  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms)
  }
}

/** Time-ordered ids like UUID v7: `00000000-0000-7000-8000-<12 hex digits of a counter>`. */
export class SequentialIds implements IdGenerator {
  private n = 0
  next(): string {
    this.n++
    return `00000000-0000-7000-8000-${this.n.toString(16).padStart(12, '0')}`
  }
}
