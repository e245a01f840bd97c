/**
 * The AllocationStore port in memory, for unit tests of the use cases: the same versioned commits (a stale
 * `before` is a conflict), the same derived index entries (index-entries.ts), offset paging.
 */
import type { OutgoingEvent } from '@omic/lambda-kit'
import type { CaseStatus } from '../../src/case-status'
import { InvalidCursorError } from '../../src/errors'
import { BUCKET_OF_LIST, type ComDemandEntry, indexEntriesOf, type ListQuery, type Page } from '../../src/index-entries'
import type {
  CaseloadEntry,
  CaseRecord,
  ComCaseloadEntry,
  ComRecord,
  ComState,
  HistoryEntry,
  PomRecord,
} from '../../src/model'
import type { AllocationStore, CaseCommit, CommitOutcome, ParkedParts, PutOutcome } from '../../src/ports'

type Tier = { tier: string; calculationId: string; provisional?: boolean }
type Link = { noms?: string; parked: Map<2 | 3, { at: string; tier: Tier }>; com?: { at: string; value: ComState } }

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
  readonly links = new Map<string, Link>()
  readonly poms = new Map<string, PomRecord>()
  readonly coms = new Map<string, ComRecord>()
  readonly outbox = new Map<string, OutgoingEvent>()
  /** Called before each commit (tests use it to slip in a concurrent write). */
  beforeCommit: ((change: CaseCommit) => Promise<void>) | undefined
  private seq = 0

  async getCase(nomsNumber: string): Promise<CaseRecord | undefined> {
    const stored = this.cases.get(nomsNumber)
    return stored && clone(stored.record)
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
    const outboxKeys = change.events.map(e => {
      const key = `${e.occurredAt}#${String(++this.seq).padStart(6, '0')}`
      this.outbox.set(key, clone(e))
      return key
    })
    return { committed: true, outboxKeys }
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

  async nomsForCrn(crn: string): Promise<string | undefined> {
    return this.links.get(crn)?.noms
  }

  async linkCrn(crn: string, nomsNumber: string): Promise<void> {
    const link: Link = this.links.get(crn) ?? { parked: new Map() }
    this.links.set(crn, { ...link, noms: nomsNumber })
  }

  async parkTier(crn: string, version: 2 | 3, at: string, tier: Tier): Promise<void> {
    const link: Link = this.links.get(crn) ?? { parked: new Map() }
    const current = link.parked.get(version)
    if (!current || current.at <= at) link.parked.set(version, { at, tier })
    this.links.set(crn, link)
  }

  async parkCom(crn: string, at: string, com: ComState): Promise<void> {
    const link: Link = this.links.get(crn) ?? { parked: new Map() }
    if (!link.com || link.com.at <= at) link.com = { at, value: clone(com) }
    this.links.set(crn, link)
  }

  async parked(crn: string): Promise<ParkedParts> {
    const link = this.links.get(crn)
    return {
      tiers: [...(link?.parked ?? new Map<2 | 3, { at: string; tier: Tier }>()).entries()].map(([version, p]) => ({
        version,
        at: p.at,
        tier: p.tier,
      })),
      com: link?.com ? clone(link.com) : null,
    }
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

  async pendingEvents(limit: number): Promise<{ key: string; event: OutgoingEvent }[]> {
    return [...this.outbox.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, limit)
      .map(([key, event]) => ({ key, event: clone(event) }))
  }

  async confirmPublished(keys: readonly string[]): Promise<void> {
    for (const k of keys) this.outbox.delete(k)
  }
}
