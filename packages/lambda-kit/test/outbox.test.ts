import { describe, expect, it } from 'vitest'
import {
  drainOutbox,
  OUTBOX_DRAIN_GRACE_MS,
  type OutboxDeps,
  type OutboxEntry,
  type OutboxStore,
  type OutgoingEvent,
  outboxDrainHandler,
  type PendingOutbox,
  publishCommitted,
} from '../src'

const event = (eventType: string): OutgoingEvent => ({
  eventType,
  occurredAt: '2026-05-01T10:00:00Z',
  additionalInformation: {},
})
const entry = (id: string, savedAt = '2026-05-01T10:00:00.000Z'): OutboxEntry => ({
  id,
  savedAt,
  event: event(`test.${id}`),
})

/** An in-memory outbox: aggregates by ref, each with its entries. */
class FakeStore implements OutboxStore<string> {
  readonly outboxes = new Map<string, OutboxEntry[]>()
  readonly cleared: { ref: string; ids: readonly string[] }[] = []
  readonly asked: { before: string; limit: number }[] = []
  failClear = false

  constructor(outboxes: Record<string, OutboxEntry[]> = {}) {
    for (const [ref, entries] of Object.entries(outboxes)) this.outboxes.set(ref, [...entries])
  }

  async pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<string>[]> {
    this.asked.push({ before, limit })
    return [...this.outboxes]
      .map(([ref, entries]) => ({ ref, entries: entries.filter(e => e.savedAt < before) }))
      .filter(p => p.entries.length > 0)
      .slice(0, limit)
  }

  async clear(ref: string, ids: readonly string[]): Promise<void> {
    if (this.failClear) throw new Error('clear failed')
    this.cleared.push({ ref, ids })
    this.outboxes.set(
      ref,
      (this.outboxes.get(ref) ?? []).filter(e => !ids.includes(e.id)),
    )
  }
}

/** A publisher that records what it publishes; `fail` says which batches it rejects. */
class FakePublisher {
  readonly published: OutgoingEvent[][] = []
  constructor(private readonly fail: (events: readonly OutgoingEvent[]) => boolean = () => false) {}
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (this.fail(events)) throw new Error('EventBridge is down')
    this.published.push([...events])
  }
}

class FakeLog {
  readonly warnings: { message: string; data: Record<string, unknown> }[] = []
  readonly infos: { message: string; data: Record<string, unknown> }[] = []
  warn(message: string, data: Record<string, unknown>) {
    this.warnings.push({ message, data })
  }
  info(message: string, data: Record<string, unknown>) {
    this.infos.push({ message, data })
  }
}

function deps(store = new FakeStore(), publisher = new FakePublisher()) {
  const log = new FakeLog()
  const all: OutboxDeps<string> = { store, publisher, log }
  return { all, store, publisher, log }
}

describe('publishCommitted', () => {
  it('publishes the entries’ events, then clears exactly those ids', async () => {
    const store = new FakeStore({ 'case-1': [entry('a'), entry('b'), entry('later')] })
    const d = deps(store)
    const ok = await publishCommitted(d.all, 'case-1', [entry('a'), entry('b')])
    expect(ok).toBe(true)
    expect(d.publisher.published).toEqual([[event('test.a'), event('test.b')]])
    expect(store.cleared).toEqual([{ ref: 'case-1', ids: ['a', 'b'] }])
    expect(store.outboxes.get('case-1')?.map(e => e.id)).toEqual(['later'])
    expect(d.log.warnings).toEqual([])
  })

  it('nothing to publish is a success that touches neither the bus nor the store', async () => {
    const d = deps()
    expect(await publishCommitted(d.all, 'case-1', [])).toBe(true)
    expect(d.publisher.published).toEqual([])
    expect(d.store.cleared).toEqual([])
  })

  it('a publish failure logs a warning and returns false, clearing nothing', async () => {
    const store = new FakeStore({ 'case-1': [entry('a')] })
    const d = deps(store, new FakePublisher(() => true))
    expect(await publishCommitted(d.all, 'case-1', [entry('a')])).toBe(false)
    expect(store.cleared).toEqual([])
    expect(store.outboxes.get('case-1')?.map(e => e.id)).toEqual(['a'])
    expect(d.log.warnings).toHaveLength(1)
    expect(d.log.warnings[0]?.data).toMatchObject({ eventTypes: ['test.a'] })
    expect(String(d.log.warnings[0]?.data.error)).toContain('EventBridge is down')
  })

  it('a clear failure (after publishing) logs a warning and returns false', async () => {
    const store = new FakeStore({ 'case-1': [entry('a')] })
    store.failClear = true
    const d = deps(store)
    expect(await publishCommitted(d.all, 'case-1', [entry('a')])).toBe(false)
    expect(d.publisher.published).toEqual([[event('test.a')]])
    expect(d.log.warnings).toHaveLength(1)
    expect(d.log.warnings[0]?.message).toContain('drain will publish them again')
    expect(String(d.log.warnings[0]?.data.error)).toContain('clear failed')
  })

  it('a failure never escapes to the caller (the change is committed)', async () => {
    const store = new FakeStore()
    store.failClear = true
    await expect(publishCommitted(deps(store).all, 'c', [entry('a')])).resolves.toBe(false)
    await expect(
      publishCommitted(deps(new FakeStore(), new FakePublisher(() => true)).all, 'c', [entry('a')]),
    ).resolves.toBe(false)
  })
})

describe('drainOutbox', () => {
  const now = new Date('2026-05-01T12:00:00.000Z')

  it('asks the store for entries saved before now − the grace period (60 s by default), 500 at most', async () => {
    const d = deps()
    await drainOutbox(d.all, { now })
    expect(OUTBOX_DRAIN_GRACE_MS).toBe(60_000)
    expect(d.store.asked).toEqual([{ before: '2026-05-01T11:59:00.000Z', limit: 500 }])
  })

  it('takes the grace period and limit it is given', async () => {
    const d = deps()
    await drainOutbox(d.all, { now, graceMs: 5_000, limit: 20 })
    expect(d.store.asked).toEqual([{ before: '2026-05-01T11:59:55.000Z', limit: 20 }])
  })

  it('publishes only entries older than the grace period; a just-saved entry stays for its own publish', async () => {
    const store = new FakeStore({
      'case-1': [entry('old', '2026-05-01T11:00:00.000Z'), entry('fresh', '2026-05-01T11:59:30.000Z')],
    })
    const d = deps(store)
    const outcome = await drainOutbox(d.all, { now })
    expect(outcome).toEqual({ aggregates: 1, published: 1, failed: 0 })
    expect(d.publisher.published).toEqual([[event('test.old')]])
    expect(store.outboxes.get('case-1')?.map(e => e.id)).toEqual(['fresh'])
  })

  it('counts published and failed entries aggregate by aggregate, going on past a failure', async () => {
    const store = new FakeStore({
      'case-1': [entry('a', '2026-05-01T10:00:00.000Z'), entry('b', '2026-05-01T10:00:00.000Z')],
      'case-2': [entry('bad', '2026-05-01T10:00:00.000Z')],
      'case-3': [entry('c', '2026-05-01T10:00:00.000Z')],
    })
    const d = deps(store, new FakePublisher(events => events.some(e => e.eventType === 'test.bad')))
    const outcome = await drainOutbox(d.all, { now })
    expect(outcome).toEqual({ aggregates: 3, published: 3, failed: 1 })
    expect(store.outboxes.get('case-2')?.map(e => e.id)).toEqual(['bad'])
    expect(store.outboxes.get('case-3')).toEqual([])
    expect(d.log.infos).toEqual([{ message: 'outbox drained', data: { aggregates: 3, published: 3, failed: 1 } }])
  })

  it('an empty outbox drains to nothing and logs nothing', async () => {
    const d = deps()
    expect(await drainOutbox(d.all, { now })).toEqual({ aggregates: 0, published: 0, failed: 0 })
    expect(d.log.infos).toEqual([])
  })
})

describe('outboxDrainHandler', () => {
  const now = () => new Date('2026-05-01T12:00:00.000Z')

  it('returns the outcome when everything was published', async () => {
    const store = new FakeStore({ 'case-1': [entry('a')] })
    const d = deps(store)
    await expect(outboxDrainHandler(() => d.all, now)()).resolves.toEqual({ aggregates: 1, published: 1, failed: 0 })
    expect(store.outboxes.get('case-1')).toEqual([])
  })

  it('throws when something could not be published (the run fails and shows), after publishing the rest', async () => {
    const store = new FakeStore({ 'case-1': [entry('a')], 'case-2': [entry('bad'), entry('worse')] })
    const d = deps(store, new FakePublisher(events => events.some(e => e.eventType === 'test.bad')))
    await expect(outboxDrainHandler(() => d.all, now)()).rejects.toThrow(
      '2 outbox event(s) could not be published; retried next run',
    )
    expect(store.outboxes.get('case-1')).toEqual([])
  })

  it('reads its dependencies and the time when invoked', async () => {
    let made = 0
    const handler = outboxDrainHandler(() => {
      made++
      return deps().all
    }, now)
    expect(made).toBe(0)
    await handler()
    await handler()
    expect(made).toBe(2)
  })
})
