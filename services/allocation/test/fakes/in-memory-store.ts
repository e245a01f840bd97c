/**
 * The AllocationStore port in memory, for unit tests of the use cases: the same versioned commits (a stale
 * `before` is a conflict), the same derived index entries (model/index-entries.ts), offset paging.
 */
import { InvalidCursorError, type OutboxEntry, type PendingOutbox } from '@omic/lambda-kit'
import {
  BUCKET_OF_LIST,
  type CaseloadEntry,
  type CaseRecord,
  type CaseStatus,
  type ComCaseloadEntry,
  type ComDemandEntry,
  type ComRecord,
  type HistoryEntry,
  indexEntriesOf,
  type ListQuery,
  type Page,
  type PomRecord,
} from '../../src/model'
import type { AllocationStore, CaseCommit, CommitOutcome, PutOutcome } from '../../src/ports'

const clone = <T>(v: T): T => structuredClone(v)

function page<T>(items: T[], limit: number, cursor: string | undefined): Page<T> {
  const start = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString())
  if (!Number.isInteger(start) || start < 0) throw new InvalidCursorError()
  const end = start + limit
  return {
    items: items.slice(start, end),
    cursor: end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined,
  }
}

export class InMemoryStore implements AllocationStore {
  readonly cases = new Map<string, { record: CaseRecord; status: CaseStatus }>()
  readonly histories = new Map<string, HistoryEntry[]>()
  readonly poms = new Map<string, PomRecord>()
  readonly coms = new Map<string, ComRecord>()
  /** Each case's unpublished events, by NOMS number. */
  readonly outbox = new Map<string, OutboxEntry[]>()
  /** Called before each commit (tests use it to slip in a concurrent write). */
  beforeCommit: ((change: CaseCommit) => Promise<void>) | undefined

  async getCase(nomsNumber: string): Promise<CaseRecord | undefined> {
    const stored = this.cases.get(nomsNumber)
    return stored && clone(stored.record)
  }

  async caseWithHistory(nomsNumber: string): Promise<{ record: CaseRecord | undefined; history: HistoryEntry[] }> {
    const stored = this.cases.get(nomsNumber)
    return { record: stored && clone(stored.record), history: clone(this.histories.get(nomsNumber) ?? []) }
  }

  async commit(change: CaseCommit): Promise<CommitOutcome> {
    const hook = this.beforeCommit
    this.beforeCommit = undefined
    if (hook) await hook(change)
    const stored = this.cases.get(change.before.nomsNumber)
    if ((stored?.record.version ?? 0) !== change.before.version) return { committed: false }
    this.cases.set(change.after.nomsNumber, {
      record: clone({ ...change.after, version: change.before.version + 1 }),
      status: change.status,
    })
    for (const h of change.history)
      this.histories.set(h.nomsNumber, [...(this.histories.get(h.nomsNumber) ?? []), clone(h)])
    const noms = change.after.nomsNumber
    if (change.events.length > 0) this.outbox.set(noms, [...(this.outbox.get(noms) ?? []), ...clone(change.events)])
    return { committed: true }
  }

  async removeMergedCase(record: CaseRecord): Promise<boolean> {
    if (this.cases.get(record.nomsNumber)?.record.version !== record.version) return false
    this.cases.delete(record.nomsNumber)
    return true
  }

  async history(nomsNumber: string): Promise<HistoryEntry[]> {
    return clone(this.histories.get(nomsNumber) ?? [])
  }

  async moveHistory(from: string, to: string): Promise<void> {
    const moved = (this.histories.get(from) ?? []).map(h => ({ ...h, nomsNumber: to }))
    this.histories.set(to, [...(this.histories.get(to) ?? []), ...moved])
    this.histories.delete(from)
  }

  private entries() {
    return [...this.cases.values()].map(c => ({ record: c.record, index: indexEntriesOf(c.record, c.status) }))
  }

  async listCases(query: ListQuery): Promise<Page<CaseRecord>> {
    const buckets = query.list === 'new-arrivals' ? ['UNALLOCATED', 'MISSING_INFO'] : [BUCKET_OF_LIST[query.list]]
    const key = query.sort === 'name' && query.list !== 'new-arrivals' ? 'nameKey' : 'dateKey'
    const listed = this.entries()
      .filter(e => e.index.list?.prisonId === query.prisonId && buckets.includes(e.index.list.bucket))
      .filter(e => query.list !== 'new-arrivals' || (e.record.arrivedOn ?? '') >= (query.arrivedOnOrAfter ?? ''))
      .sort(
        (a, b) =>
          ((a.index.list?.[key] ?? '') < (b.index.list?.[key] ?? '') ? -1 : 1) * (query.order === 'asc' ? 1 : -1),
      )
      .map(e => clone(e.record))
    return page(listed, query.limit, query.cursor)
  }

  async caseload(prisonId: string, staffId?: number): Promise<CaseloadEntry[]> {
    return this.entries()
      .flatMap(e => e.index.caseload)
      .filter(e => e.prisonId === prisonId && (staffId === undefined || e.staffId === staffId))
  }

  async comCaseload(pduCode: string, staffCode?: string): Promise<ComCaseloadEntry[]> {
    return this.entries()
      .map(e => e.index.comLoad)
      .filter((e): e is ComCaseloadEntry => e !== null && e.pduCode === pduCode)
      .filter(e => staffCode === undefined || e.staffCode === staffCode)
  }

  async comDemand(pduCode: string, p: { limit: number; cursor?: string | undefined }): Promise<Page<ComDemandEntry>> {
    const items = this.entries()
      .map(e => e.index.comDemand)
      .filter((e): e is ComDemandEntry => e !== null && e.pduCode === pduCode)
      .sort((a, b) => (`${a.neededBy}#${a.nomsNumber}` < `${b.neededBy}#${b.nomsNumber}` ? -1 : 1))
    return page(items, p.limit, p.cursor)
  }

  async getPom(prisonId: string, staffId: number): Promise<PomRecord | undefined> {
    return clone(this.poms.get(`${prisonId}#${staffId}`))
  }

  async putPom(pom: PomRecord, expectedVersion: number): Promise<PutOutcome> {
    const key = `${pom.prisonId}#${pom.staffId}`
    if ((this.poms.get(key)?.version ?? 0) !== expectedVersion) return 'conflict'
    this.poms.set(key, clone(pom))
    return 'written'
  }

  async listPoms(prisonId: string): Promise<PomRecord[]> {
    return [...this.poms.values()].filter(p => p.prisonId === prisonId).map(clone)
  }

  async getCom(pduCode: string, staffCode: string): Promise<ComRecord | undefined> {
    return clone(this.coms.get(`${pduCode}#${staffCode}`))
  }

  async putCom(com: ComRecord, expectedVersion: number): Promise<PutOutcome> {
    const key = `${com.pduCode}#${com.staffCode}`
    if ((this.coms.get(key)?.version ?? 0) !== expectedVersion) return 'conflict'
    this.coms.set(key, clone(com))
    return 'written'
  }

  async listComs(pduCode: string): Promise<ComRecord[]> {
    return [...this.coms.values()].filter(c => c.pduCode === pduCode).map(clone)
  }

  async pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<string>[]> {
    return [...this.outbox]
      .map(([ref, entries]) => ({ ref, entries: clone(entries.filter(e => e.savedAt < before)) }))
      .filter(p => p.entries.length > 0)
      .sort((a, b) => (a.entries[0]!.savedAt < b.entries[0]!.savedAt ? -1 : 1))
      .slice(0, limit)
  }

  async clear(ref: string, ids: readonly string[]): Promise<void> {
    const left = (this.outbox.get(ref) ?? []).filter(e => !ids.includes(e.id))
    if (left.length > 0) this.outbox.set(ref, left)
    else this.outbox.delete(ref)
  }
}
