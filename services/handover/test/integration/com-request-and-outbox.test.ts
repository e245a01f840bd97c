/**
 * The COM request and publishing each change once, on DynamoDB Local (docs/handover.md, "Final state, whatever
 * the order"): the request carries what is known, is re-issued once when that changes, is not made or is withdrawn
 * once a COM is allocated, and the trace states it as it stands; a recalculation that changes nothing publishes
 * nothing; a retry of an event whose first attempt died publishes what that attempt left in the outbox, once.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb'
import { drainOutbox, OUTBOX_DRAIN_GRACE_MS, type OutgoingEvent } from '@omic/lambda-kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoCaseStore } from '../../src/adapters/dynamo-case-store'
import { outboxMarkerKey } from '../../src/model/keys'
import { DEFAULT_SERVICE_OPTIONS } from '../../src/model/reconcile'
import type { DomainEvent } from '../../src/model/records'
import { handoverView } from '../../src/model/views'
import type { CaseWrite, EventSink, OutboxWrite } from '../../src/ports'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { type HandoverDeps, OUTBOX_LEASE_MS, updateCase } from '../../src/use-cases/update-case'
import { clockOf, crnLinksIn } from '../support/deps'
import { caseEvent, comAllocated, pomAllocated, probationDetails, received } from '../support/events'

const REQUEST = 'offender-management.com.allocation-requested'
const CHANGED = 'offender-management.handover.changed'
const REMINDER = 'offender-management.handover.reminder-due'

/** The bus: what was published; `during` runs inside a publish (another writer of the case at that moment). */
class Bus implements EventSink {
  events: DomainEvent[] = []
  during: (() => Promise<void>) | null = null
  async publish(events: readonly DomainEvent[]): Promise<void> {
    const during = this.during
    this.during = null
    if (during) await during()
    this.events.push(...events)
  }
  take(): DomainEvent[] {
    const out = this.events
    this.events = []
    return out
  }
}

/**
 * The table, with a crash (or a throttled write) right after publishing, before the outbox is cleared (`crashes`),
 * or an invocation killed (or timed out) right after its case was saved, before it published (`kills`).
 */
class CrashingStore extends DynamoCaseStore {
  crashes = 0
  kills = 0
  override async save(write: CaseWrite) {
    await super.save(write)
    if (this.kills > 0) {
      this.kills--
      throw new Error('the invocation was killed after saving')
    }
  }
  override async clearPending(nomsNumber: string, outbox: OutboxWrite, nextDueDate: string | null) {
    if (this.crashes > 0) {
      this.crashes--
      throw new Error('the invocation died after publishing')
    }
    return super.clearPending(nomsNumber, outbox, nextDueDate)
  }
}

let tables: Awaited<ReturnType<typeof serviceTables>>
let store: CrashingStore
let bus: Bus
let now: Date
let deps: HandoverDeps

beforeAll(async () => {
  tables = await serviceTables('handover')
  store = new CrashingStore(tables.client, tables.tableName)
})
afterAll(() => tables?.drop())
beforeEach(() => {
  bus = new Bus()
  store.crashes = 0
  store.kills = 0
  // inside the upcoming window of the default sentence (handover date 2027-04-16): a COM is needed
  now = new Date('2027-03-01T10:00:00Z')
  deps = {
    store,
    crnLinks: crnLinksIn(tables.client, tables.tableName),
    events: bus,
    clock: clockOf(() => now),
    options: DEFAULT_SERVICE_OPTIONS,
  }
})

const record = (detail: Record<string, unknown>) => recordCaseEvent(deps, caseEvent(detail))
/** A delivery of the event with this EventBridge id (a retry carries the same id). */
const deliver = (id: string, detail: Record<string, unknown>) => recordCaseEvent(deps, caseEvent(detail, id))
const noOutbox = (events: readonly DomainEvent[]) =>
  events.map(({ id: _id, publishAfter: _after, heldBy: _holder, ...e }) => e)
/** The case's trace as `GET /handovers/{noms}` shows it, with its own NOMS number and CRN made neutral. */
async function traceOf(noms: string, crn: string) {
  const stored = await store.load(noms)
  if (!stored) throw new Error(`no case ${noms}`)
  return handoverView(stored, await store.history(noms, 50)).trace.map(t => ({
    rule: t.rule,
    explanation: t.explanation.replaceAll(noms, '<noms>').replaceAll(crn, '<crn>'),
  }))
}
const types = (events: readonly DomainEvent[]) => events.map(e => e.eventType)
const requests = (events: readonly DomainEvent[]) =>
  events.filter(e => e.eventType === REQUEST).map(e => e.additionalInformation)

describe('the COM request', () => {
  it('request carries CRN, PDU and LDU when they are known', async () => {
    await record(probationDetails('R100001', 'R1001AA', '2027-03-01T08:00:00Z'))
    await record(received('R1001AA', '2027-03-01T09:00:00Z'))
    expect(requests(bus.take())).toEqual([
      { nomsNumber: 'R1001AA', crn: 'R100001', pduCode: 'N54LEEDS', lduCode: 'N54LDS1', neededBy: '2027-04-16' },
    ])
    expect((await store.load('R1001AA'))?.comRequest).toMatchObject({ crn: 'R100001', pduCode: 'N54LEEDS' })
  })

  it('re-issued once when probation details arrive later (not on every recalculation)', async () => {
    await record(received('R2001AA', '2027-03-01T09:00:00Z'))
    expect(requests(bus.take())).toEqual([
      { nomsNumber: 'R2001AA', crn: null, pduCode: null, lduCode: null, neededBy: '2027-04-16' },
    ])
    await record(probationDetails('R200001', 'R2001AA', '2027-03-01T09:30:00Z'))
    expect(requests(bus.take())).toEqual([
      { nomsNumber: 'R2001AA', crn: 'R200001', pduCode: 'N54LEEDS', lduCode: 'N54LDS1', neededBy: '2027-04-16' },
    ])
    // the same details again, another fact, a sweep the next day: nothing new to say
    await record(probationDetails('R200001', 'R2001AA', '2027-03-01T09:30:00Z'))
    await record(probationDetails('R200001', 'R2001AA', '2027-03-01T09:40:00Z', { mappaLevel: 1 }))
    await record(pomAllocated('R2001AA', 485926, '2027-03-01T09:50:00Z'))
    now = new Date('2027-03-02T03:00:00Z')
    await updateCase(deps, {
      nomsNumber: 'R2001AA',
      source: 'sweep',
      trigger: 'daily-sweep',
      createIfMissing: false,
      mutate: () => 'changed',
    })
    expect(requests(bus.take())).toEqual([])
    // the LDU changes: once more, with the new LDU
    await record(probationDetails('R200001', 'R2001AA', '2027-03-02T09:00:00Z', { lduCode: 'N54LDS2' }))
    expect(requests(bus.take())).toEqual([
      { nomsNumber: 'R2001AA', crn: 'R200001', pduCode: 'N54LEEDS', lduCode: 'N54LDS2', neededBy: '2027-04-16' },
    ])
  })

  it('not requested once a COM is allocated: the COM is known before the handover is calculated', async () => {
    await record(probationDetails('R300001', 'R3001AA', '2027-03-01T08:00:00Z'))
    await record(comAllocated('R300001', 'R3001AA', '2027-03-01T08:30:00Z'))
    await record(received('R3001AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER])
    expect((await store.load('R3001AA'))?.comRequest).toBeNull()
  })

  it('withdrawn once a COM is allocated after the request, and not re-issued after that', async () => {
    await record(received('R4001AA', '2027-03-01T09:00:00Z'))
    await record(probationDetails('R400001', 'R4001AA', '2027-03-01T09:30:00Z'))
    expect(requests(bus.take())).toHaveLength(2)
    // the COM allocation event withdraws the request for the allocation service: nothing of ours is published
    await record(comAllocated('R400001', 'R4001AA', '2027-03-01T10:00:00Z'))
    expect(requests(bus.take())).toEqual([])
    const stored = await store.load('R4001AA')
    expect(stored?.comRequest).toBeNull()
    expect(stored && handoverView(stored, []).comRequest).toBeNull()
    await record(probationDetails('R400001', 'R4001AA', '2027-03-01T11:00:00Z', { lduCode: 'N54LDS2' }))
    expect(requests(bus.take())).toEqual([])
  })

  it('the same final case and request whether the COM comes before or after the request', async () => {
    const facts = (noms: string, crn: string) => [
      received(noms, '2027-03-01T09:00:00Z'),
      probationDetails(crn, noms, '2027-03-01T09:30:00Z'),
      comAllocated(crn, noms, '2027-03-01T09:45:00Z'),
    ]
    const finals: unknown[] = []
    for (const [n, order] of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
      [0, 2, 1],
    ].entries()) {
      const noms = `R5${n}01AA`
      const crn = `R5${n}0001`
      for (const i of [...order, order[0] ?? 0]) {
        const fact = facts(noms, crn)[i]
        if (fact) await record(fact)
      }
      const stored = await store.load(noms)
      if (!stored) throw new Error(`no case ${noms}`)
      const { com, comRequest, crn: storedCrn, calculation, published } = stored
      finals.push(
        JSON.stringify({
          com: com && { ...com, at: null },
          comRequest,
          crn: storedCrn === crn,
          list: calculation?.list,
          published,
        }),
      )
    }
    expect(new Set(finals).size).toBe(1)
  })

  it('the trace is the same whether the COM came before or after the request', async () => {
    const facts = (noms: string, crn: string) => [
      received(noms, '2027-03-01T09:00:00Z'),
      probationDetails(crn, noms, '2027-03-01T09:30:00Z'),
      comAllocated(crn, noms, '2027-03-01T09:45:00Z', 'N54D002'),
    ]
    const orders = [
      [0, 1, 2], // requested, re-issued with the CRN, withdrawn by the COM
      [1, 0, 2], // requested with the CRN, withdrawn
      [2, 1, 0], // the COM first: never requested
      [0, 2, 1], // requested without a CRN, withdrawn, then the CRN
    ]
    const traces: string[] = []
    for (const [n, order] of orders.entries()) {
      const noms = `T5${n}01AA`
      const crn = `T5${n}0001`
      for (const i of order) {
        const fact = facts(noms, crn)[i]
        if (fact) await record(fact)
      }
      traces.push(JSON.stringify(await traceOf(noms, crn)))
    }
    expect(new Set(traces).size).toBe(1)
    const trace: { rule: string; explanation: string }[] = JSON.parse(traces[0] ?? '[]')
    expect(trace.filter(t => t.rule.startsWith('handover.service.comRequest'))).toEqual([
      { rule: 'handover.service.comRequest', explanation: 'no COM request open: COM N54D002 allocated' },
    ])
    // what happened on the way is in the history (newest first)
    const history = await store.history('T5001AA', 50)
    expect(history.flatMap(h => h.happened.map(t => t.rule)).reverse()).toEqual([
      'handover.service.comRequestReissued',
      'handover.service.comRequestWithdrawn',
    ])
  })

  it('the trace of an open request is the same whether the probation details came before or after it', async () => {
    const traces: string[] = []
    for (const [n, order] of [
      [0, 1],
      [1, 0],
    ].entries()) {
      const noms = `T6${n}01AA`
      const crn = `T6${n}0001`
      const facts = [received(noms, '2027-03-01T09:00:00Z'), probationDetails(crn, noms, '2027-03-01T09:30:00Z')]
      for (const i of order) {
        const fact = facts[i]
        if (fact) await record(fact)
      }
      traces.push(JSON.stringify(await traceOf(noms, crn)))
    }
    expect(new Set(traces).size).toBe(1)
    const trace: { rule: string; explanation: string }[] = JSON.parse(traces[0] ?? '[]')
    expect(trace.filter(t => t.rule.startsWith('handover.service.comRequest'))).toEqual([
      {
        rule: 'handover.service.comRequest',
        explanation: 'COM request open: needed by 2027-04-16, CRN <crn>, PDU N54LEEDS, LDU N54LDS1',
      },
    ])
  })
})

describe('each change published once', () => {
  it('a recalculation with no change publishes nothing', async () => {
    await record(received('R6001AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    // the same snapshot again, later; the same event delivered twice; a sweep on the same day
    expect(await record(received('R6001AA', '2027-03-01T09:00:00Z'))).toBe('unchanged')
    await record(received('R6001AA', '2027-03-01T09:10:00Z'))
    await updateCase(deps, {
      nomsNumber: 'R6001AA',
      source: 'sweep',
      trigger: 'daily-sweep',
      createIfMissing: false,
      mutate: () => 'changed',
    })
    expect(types(bus.take())).toEqual([])
    expect((await store.load('R6001AA'))?.pendingEvents).toEqual([])
  })

  it('a retry of the same event publishes the events its killed first attempt left in the outbox, once, and the case’s nextDueDate is its real one', async () => {
    // the same facts without a fault: what should be published, and the real next due day
    await deliver('ev-control-1', received('R7101AA', '2027-03-01T09:00:00Z'))
    await deliver('ev-control-2', pomAllocated('R7101AA', 485926, '2027-03-01T09:05:00Z'))
    const expected = noOutbox(bus.take()).map(e => JSON.parse(JSON.stringify(e).replaceAll('R7101AA', '<noms>')))
    const real = (await store.load('R7101AA'))?.nextDueDate
    expect(real).toBe('2027-04-16')

    // the first attempt is killed (or times out) after saving the case, before publishing
    store.kills = 1
    await expect(deliver('ev-1', received('R7201AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('killed')
    expect(bus.take()).toEqual([])
    const left = await store.load('R7201AA')
    expect(left?.pendingEvents.map(e => [e.id, e.heldBy])).toEqual([
      ['R7201AA#1#0', 'ev-1'],
      ['R7201AA#1#1', 'ev-1'],
      ['R7201AA#1#2', 'ev-1'],
    ])
    expect(left?.nextDueDate).toBe('2027-03-02')
    // another event for the case within the lease carries them along: it does not publish them
    now = new Date(now.getTime() + 5_000)
    await deliver('ev-2', pomAllocated('R7201AA', 485926, '2027-03-01T09:05:00Z'))
    expect(bus.take()).toEqual([])
    // Lambda retries the killed event (the same id), well within the lease: it takes the events over at once
    now = new Date(now.getTime() + 15_000)
    await deliver('ev-1', received('R7201AA', '2027-03-01T09:00:00Z'))
    const published = noOutbox(bus.take()).map(e => JSON.parse(JSON.stringify(e).replaceAll('R7201AA', '<noms>')))
    expect(published).toEqual(expected)
    const drained = await store.load('R7201AA')
    expect(drained?.pendingEvents).toEqual([])
    expect(drained?.nextDueDate).toBe(real)
    // once: another delivery of either event publishes nothing more
    await deliver('ev-1', received('R7201AA', '2027-03-01T09:00:00Z'))
    await deliver('ev-2', pomAllocated('R7201AA', 485926, '2027-03-01T09:05:00Z'))
    expect(bus.take()).toEqual([])
  })

  it('a clear that fails after publishing is tried again: published once, nothing left, the real due day', async () => {
    store.crashes = 2
    await deliver('ev-3', received('R7301AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect(await store.load('R7301AA')).toMatchObject({ pendingEvents: [], nextDueDate: '2027-04-16' })
  })

  it('an outbox that cannot be cleared after publishing: no other writer publishes it again within the lease', async () => {
    store.crashes = 3
    await expect(deliver('ev-4', received('R7401AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('after publishing')
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    now = new Date(now.getTime() + 60_000)
    await deliver('ev-5', pomAllocated('R7401AA', 485926, '2027-03-01T09:05:00Z'))
    await record(received('R7401AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([])
    const stuck = await store.load('R7401AA')
    expect(stuck?.pendingEvents.map(e => e.id)).toEqual(['R7401AA#1#0', 'R7401AA#1#1', 'R7401AA#1#2'])
    // kept due, so the outbox is not forgotten
    expect(stuck?.nextDueDate).toBe('2027-03-02')
    // only the invocation knew they were out: the retry of its event sends the same events again (at least once)
    await deliver('ev-4', received('R7401AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect(await store.load('R7401AA')).toMatchObject({ pendingEvents: [], nextDueDate: '2027-04-16' })
  })

  it('another writer of the case meanwhile carries the outbox along and does not publish it again', async () => {
    bus.during = async () => {
      // while the first writer publishes, a second fact about the case is handled
      await record(probationDetails('R800001', 'R8001AA', '2027-03-01T09:30:00Z'))
    }
    await record(received('R8001AA', '2027-03-01T09:00:00Z'))
    const published = bus.take()
    expect(types(published).filter(t => t === CHANGED)).toHaveLength(1)
    // the first request (no CRN yet) and its re-issue with the CRN: each once
    expect(requests(published).map(r => r.crn)).toEqual(['R800001', null])
    const stored = await store.load('R8001AA')
    expect(stored?.pendingEvents).toEqual([])
    expect(stored?.comRequest?.crn).toBe('R800001')
    // the first writer cleared the last events at the second writer's version: the case is back under its real due
    // day (the same as the facts in order), not tomorrow's
    await record(received('R8101AA', '2027-03-01T09:00:00Z'))
    await record(probationDetails('R810001', 'R8101AA', '2027-03-01T09:30:00Z'))
    const inOrder = await store.load('R8101AA')
    expect(stored?.nextDueDate).not.toBe('2027-03-02')
    expect(stored?.nextDueDate).toBe(inOrder?.nextDueDate)
  })

  it('a publish that failed is handed back: the retry publishes it once', async () => {
    let fail = true
    deps = {
      ...deps,
      events: {
        publish: async events => {
          if (fail) {
            fail = false
            throw new Error('EventBridge is unavailable')
          }
          await bus.publish(events)
        },
      },
    }
    await expect(record(received('R9001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('unavailable')
    await record(received('R9001AA', '2027-03-01T09:00:00Z'))
    await record(received('R9001AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect((await store.load('R9001AA'))?.pendingEvents).toEqual([])
  })

  it('an abandoned outbox (its writer died before clearing it) is published by the next writer after the lease, once', async () => {
    store.crashes = 3
    await expect(record(received('R9101AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('after publishing')
    bus.take()
    now = new Date(now.getTime() + OUTBOX_LEASE_MS + 1000)
    await record(pomAllocated('R9101AA', 485926, '2027-03-01T09:05:00Z'))
    await record(pomAllocated('R9101AA', 485927, '2027-03-01T09:06:00Z'))
    // at least once: the same two events (same content and occurredAt) a second time, then never again
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect((await store.load('R9101AA'))?.pendingEvents).toEqual([])
  })
})

describe('the outbox drain', () => {
  /** The drain as its scheduled function runs it, `now` being the schedule's moment. */
  const drainAt = async (at: Date) => {
    const sent: OutgoingEvent[] = []
    const log = { warn: () => {}, info: () => {} }
    const outcome = await drainOutbox(
      { store, publisher: { publish: async events => void sent.push(...events) }, log },
      { now: at },
    )
    return { outcome, types: sent.map(e => e.eventType) }
  }
  const failingOnce = () => {
    let fail = true
    deps = {
      ...deps,
      events: {
        publish: async events => {
          if (fail) {
            fail = false
            throw new Error('EventBridge is unavailable')
          }
          await bus.publish(events)
        },
      },
    }
  }

  it('publishes what a failed publish left, once, after the lease; the case is back under its real due day', async () => {
    failingOnce()
    await expect(record(received('D1001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('unavailable')
    expect(bus.take()).toEqual([])
    const left = await store.load('D1001AA')
    expect(left?.pendingEvents).toHaveLength(3)
    expect(left?.nextDueDate).toBe('2027-03-02')
    // within the lease (and the drain's grace) the drain leaves them to the writers
    expect((await drainAt(new Date(now.getTime() + 30_000))).types).toEqual([])
    // after it: published once by the drain, cleared, and the case is due on its real day again
    const after = new Date(now.getTime() + OUTBOX_LEASE_MS + OUTBOX_DRAIN_GRACE_MS + 1_000)
    const drained = await drainAt(after)
    expect(drained.types).toEqual([CHANGED, REMINDER, REQUEST])
    expect(drained.outcome).toMatchObject({ aggregates: 1, published: 3, failed: 0 })
    expect(await store.load('D1001AA')).toMatchObject({ pendingEvents: [], nextDueDate: '2027-04-16' })
    const marker = await tables.client.send(
      new GetCommand({ TableName: tables.tableName, Key: outboxMarkerKey('D1001AA'), ConsistentRead: true }),
    )
    expect(marker.Item).toBeUndefined()
    // never again: not by the next drain, not by the next writer of the case
    expect((await drainAt(new Date(after.getTime() + 300_000))).types).toEqual([])
    now = new Date(after.getTime() + 300_000)
    await record(pomAllocated('D1001AA', 485926, '2027-03-01T09:05:00Z'))
    expect(types(bus.take())).toEqual([])
  })

  it('two drains at once (a slow run and the next): the events go out once', async () => {
    failingOnce()
    await expect(record(received('D4001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('unavailable')
    const after = new Date(now.getTime() + OUTBOX_LEASE_MS + OUTBOX_DRAIN_GRACE_MS + 1_000)
    const [a, b] = await Promise.all([drainAt(after), drainAt(after)])
    expect([...(a?.types ?? []), ...(b?.types ?? [])]).toEqual([CHANGED, REMINDER, REQUEST])
    expect((await store.load('D4001AA'))?.pendingEvents).toEqual([])
  })

  it('an outbox its writer still holds (it could not clear it yet) is not drained within the lease', async () => {
    store.crashes = 3
    await expect(deliver('ev-d2', received('D2001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('after publishing')
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect((await drainAt(new Date(now.getTime() + 60_000))).types).toEqual([])
    // the retry of the event takes them over at once (at least once: it sends them again), and leaves nothing
    await deliver('ev-d2', received('D2001AA', '2027-03-01T09:00:00Z'))
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    expect((await drainAt(new Date(now.getTime() + OUTBOX_LEASE_MS * 3))).types).toEqual([])
  })

  it('a writer after the drain claimed the events carries them along: published once', async () => {
    failingOnce()
    await expect(record(received('D3001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('unavailable')
    const after = new Date(now.getTime() + OUTBOX_LEASE_MS + OUTBOX_DRAIN_GRACE_MS + 1_000)
    // the drain claims them, and while it publishes another fact about the case is handled
    const sent: OutgoingEvent[] = []
    const log = { warn: () => {}, info: () => {} }
    now = after
    await drainOutbox(
      {
        store,
        publisher: {
          publish: async events => {
            await record(pomAllocated('D3001AA', 485926, '2027-03-01T09:05:00Z'))
            sent.push(...events)
          },
        },
        log,
      },
      { now: after },
    )
    expect(sent.map(e => e.eventType)).toEqual([CHANGED, REMINDER, REQUEST])
    expect(types(bus.take())).toEqual([])
    expect((await store.load('D3001AA'))?.pendingEvents).toEqual([])
  })
})
