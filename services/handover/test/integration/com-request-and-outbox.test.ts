/**
 * The COM request and publishing each change once, on DynamoDB Local (docs/handover.md, "Final state, whatever
 * the order"): the request carries what is known, is re-issued once when that changes, is not made or is withdrawn
 * once a COM is allocated; a recalculation that changes nothing and a retried invocation publish nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoDbCaseStore } from '../../src/adapters/dynamodb-case-store'
import { DEFAULT_SERVICE_OPTIONS } from '../../src/model/reconcile'
import type { DomainEvent } from '../../src/model/records'
import { handoverView } from '../../src/model/views'
import type { EventSink, OutboxWrite } from '../../src/ports'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { type HandoverDeps, OUTBOX_LEASE_MS, updateCase } from '../../src/use-cases/update-case'
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

/** The table, with a crash (or a throttled write) right after publishing, before the outbox is cleared. */
class CrashingStore extends DynamoDbCaseStore {
  crashes = 0
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
  // inside the upcoming window of the default sentence (handover date 2027-04-16): a COM is needed
  now = new Date('2027-03-01T10:00:00Z')
  deps = { store, events: bus, clock: { now: () => now }, options: DEFAULT_SERVICE_OPTIONS }
})

const record = (detail: Record<string, unknown>) => recordCaseEvent(deps, caseEvent(detail))
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

  it('a retried invocation does not publish twice when it failed after publishing', async () => {
    store.crashes = 1
    await expect(record(received('R7001AA', '2027-03-01T09:00:00Z'))).rejects.toThrow('after publishing')
    expect(types(bus.take())).toEqual([CHANGED, REMINDER, REQUEST])
    // the event is retried a minute later: the outbox is still leased to the writer that published it
    now = new Date(now.getTime() + 60_000)
    await record(received('R7001AA', '2027-03-01T09:00:00Z'))
    await record(pomAllocated('R7001AA', 485926, '2027-03-01T09:05:00Z'))
    expect(types(bus.take())).toEqual([])
    const stuck = await store.load('R7001AA')
    expect(stuck?.pendingEvents.map(e => e.id)).toEqual(['R7001AA#1#0', 'R7001AA#1#1', 'R7001AA#1#2'])
    // kept due, so the outbox is not forgotten
    expect(stuck?.nextDueDate).toBe('2027-03-02')
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
    store.crashes = 1
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
