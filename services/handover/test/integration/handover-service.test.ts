import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { InvalidCursorError } from '@omic/lambda-kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoCaseStore } from '../../src/adapters/dynamo-case-store'
import { StaleVersionError, StateConflictError } from '../../src/errors'
import type { Actor } from '../../src/model/access'
import { sentSk } from '../../src/model/keys'
import { DEFAULT_SERVICE_OPTIONS } from '../../src/model/reconcile'
import type { DomainEvent } from '../../src/model/records'
import type { EventSink } from '../../src/ports'
import {
  createEarlyAllocation,
  decideEarlyAllocation,
  overrideResponsibility,
  removeOverride,
  updateChecklist,
} from '../../src/use-cases/manage-handover'
import { forecast, getHandover, listHandovers } from '../../src/use-cases/queries'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { runDailySweep } from '../../src/use-cases/run-daily-sweep'
import { type HandoverDeps, updateCase } from '../../src/use-cases/update-case'
import { clockOf, crnLinksIn } from '../support/deps'
import { caseEvent, comAllocated, merged, pomAllocated, probationDetails, received, released } from '../support/events'

/** The bus boundary: records what would be published; can be told to fail (EventBridge down). */
class RecordingSink implements EventSink {
  events: DomainEvent[] = []
  failures = 0
  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--
      throw new Error('EventBridge is unavailable')
    }
    this.events.push(...events)
  }
  take(): string[] {
    const out = this.events.map(e =>
      e.eventType === 'offender-management.handover.reminder-due'
        ? `reminder:${String(e.additionalInformation.reminder)}:${String(e.additionalInformation.nomsNumber)}`
        : `${e.eventType}:${String(e.additionalInformation.nomsNumber)}`,
    )
    this.events = []
    return out
  }
}

let tables: Awaited<ReturnType<typeof serviceTables>>
let store: DynamoCaseStore
let sink: RecordingSink
let now: Date
let deps: HandoverDeps

const spo: Actor = { subject: 'spo-1', staffId: '9001', roles: ['SPO'], prisons: ['LEI'], pdus: [] }
const pom: Actor = { subject: 'pom-1', staffId: '485926', roles: ['POM'], prisons: ['LEI'], pdus: [] }
const otherPom: Actor = { ...pom, subject: 'pom-2', staffId: '111' }

beforeAll(async () => {
  tables = await serviceTables('handover')
  store = new DynamoCaseStore(tables.client, tables.tableName)
})
afterAll(() => tables?.drop())
beforeEach(() => {
  sink = new RecordingSink()
  now = new Date('2026-01-15T10:00:00Z')
  deps = {
    store,
    crnLinks: crnLinksIn(tables.client, tables.tableName),
    events: sink,
    clock: clockOf(() => now),
    options: DEFAULT_SERVICE_OPTIONS,
  }
})

const record = (detail: Record<string, unknown>) => recordCaseEvent(deps, caseEvent(detail))

describe('the read model, from events', () => {
  it('calculates on a sentence event, publishes, keeps history and puts the case under its due day', async () => {
    expect(await record(received('A1000AA', '2026-01-15T09:00:00Z'))).toBe('recalculated')
    expect(sink.take()).toEqual(['offender-management.handover.changed:A1000AA'])
    const { record: stored, history } = await getHandover(deps, spo, 'A1000AA')
    expect(stored).toMatchObject({ version: 1, nextDueDate: '2027-02-19', pendingEvents: [] })
    expect(stored.calculation).toMatchObject({ handoverDate: '2027-04-16', responsibility: 'CustodyOnly' })
    expect(history.map(h => h.trigger)).toEqual(['prisoner-offender-search.prisoner.received'])
    const due = await store.dueCases('2027-02-19', { limit: 10 })
    expect(due.items.map(c => c.nomsNumber)).toEqual(['A1000AA'])
    expect(due.consumedReadUnits).toBeGreaterThan(0)
  })

  it('ignores an older snapshot and recalculates on a newer one (new dates → published)', async () => {
    await record(received('A1001AA', '2026-01-15T09:00:00Z'))
    sink.take()
    expect(await record(received('A1001AA', '2026-01-14T09:00:00Z', { conditionalReleaseDate: '2026-06-01' }))).toBe(
      'unchanged',
    )
    await record(
      received('A1001AA', '2026-01-16T09:00:00Z', { conditionalReleaseDate: '2028-06-30', releaseDate: '2028-06-30' }),
    )
    expect(sink.events[0]?.additionalInformation).toMatchObject({ handoverDate: '2027-10-16', source: 'calculation' })
  })

  it('parks probation facts that arrive before their CRN is linked, and applies them when it is', async () => {
    await record(received('A1002AA', '2026-01-15T09:00:00Z'))
    expect(await record(comAllocated('A100200', null, '2026-01-15T09:30:00Z'))).toBe('parked')
    expect(await record(probationDetails('A100200', 'A1002AA', '2026-01-15T09:40:00Z'))).toBe('recalculated')
    const stored = await store.load('A1002AA')
    expect(stored).toMatchObject({ crn: 'A100200', com: { staffCode: 'N54A017' } })
    expect(stored?.probation?.snapshot.lduCode).toBe('N54LDS1')
    expect((await deps.crnLinks.get('A100200')).parked.com).toBeUndefined()
    // later CRN-only facts go straight to the case
    expect(await record(comAllocated('A100200', null, '2026-01-15T10:00:00Z', 'N54B999'))).toBe('recalculated')
    expect((await store.load('A1002AA'))?.com?.staffCode).toBe('N54B999')
  })

  it('merges a removed NOMS number into the kept one: parts, history and markers move, nothing is lost', async () => {
    await record(received('A1003AA', '2026-01-15T09:00:00Z'))
    await record(pomAllocated('B1003BB', 485926, '2026-01-15T09:10:00Z'))
    await record(received('B1003BB', '2026-01-15T09:20:00Z', { prisonId: 'LEI' }))
    expect(await record(merged('A1003AA', 'B1003BB', '2026-01-15T09:30:00Z'))).toBe('merged')
    expect(await store.load('B1003BB')).toBeUndefined()
    const kept = await store.load('A1003AA')
    expect(kept).toMatchObject({ mergedFrom: ['B1003BB'], pom: { staffCode: 485926 } })
    const history = await store.history('A1003AA', 50)
    // kept: received + merge; removed: received (the POM fact alone is not a calculation)
    expect(history.map(h => h.nomsNumber).sort()).toEqual(['A1003AA', 'A1003AA', 'B1003BB'])
  })

  it('keeps a released prisoner out of the lists and the sweep', async () => {
    now = new Date('2027-03-01T10:00:00Z')
    await record(received('A1004AA', '2027-03-01T09:00:00Z'))
    expect((await store.load('A1004AA'))?.calculation?.list).toBe('upcoming')
    await record(released('A1004AA', '2027-03-01T12:00:00Z'))
    const stored = await store.load('A1004AA')
    expect(stored).toMatchObject({ nextDueDate: null, calculation: { status: 'released', list: 'none' } })
    const upcoming = await listHandovers(deps, 'LEI', 'upcoming', { limit: 50 })
    expect(upcoming.items.map(c => c.nomsNumber)).not.toContain('A1004AA')
  })
})

describe('the outbox', () => {
  it('never loses an event when the bus is down: the next touch publishes it, and the case stays due', async () => {
    sink.failures = 1
    await expect(record(received('A1005AA', '2026-01-15T09:00:00Z'))).rejects.toThrow('unavailable')
    const stuck = await store.load('A1005AA')
    expect(stuck?.pendingEvents.map(e => e.eventType)).toEqual(['offender-management.handover.changed'])
    expect(stuck?.nextDueDate).toBe('2026-01-16')
    // the event is retried (same facts): nothing new to say, but the saved event goes out
    await record(received('A1005AA', '2026-01-15T09:00:00Z'))
    expect(sink.take()).toEqual(['offender-management.handover.changed:A1005AA'])
    expect(await store.load('A1005AA')).toMatchObject({ pendingEvents: [], nextDueDate: '2027-02-19' })
  })

  it('a sent-marker written by someone else stops the reminder (conditional write)', async () => {
    now = new Date('2027-03-01T10:00:00Z')
    const before = await store.load('A1006AA')
    expect(before).toBeUndefined()
    await tables.client.send(
      new PutCommand({
        TableName: tables.tableName,
        Item: { pk: 'CASE#A1006AA', sk: sentSk('E1-2025-01-10', 'upcoming-window'), key: 'upcoming-window' },
      }),
    )
    await record(received('A1006AA', '2027-03-01T09:00:00Z'))
    expect(sink.take()).toEqual([
      'offender-management.handover.changed:A1006AA',
      'offender-management.com.allocation-requested:A1006AA',
    ])
  })
})

describe('the daily sweep', () => {
  it('reads only the due days since its last run, catches up a missed day and never sends twice', async () => {
    const t = await serviceTables('handover')
    try {
      const s = new DynamoCaseStore(t.client, t.tableName)
      const d: HandoverDeps = { ...deps, store: s, crnLinks: crnLinksIn(t.client, t.tableName) }
      // handovers on 2026-03-16, 2026-03-21 and 2027-04-16: upcoming windows open 2026-01-19, 2026-01-24, 2027-02-19
      for (const [noms, crd] of [
        ['C1000CC', '2026-11-30'],
        ['C1001CC', '2026-12-04'],
        ['C1002CC', '2027-12-31'],
      ] as const) {
        await recordCaseEvent(
          d,
          caseEvent(received(noms, '2026-01-15T09:00:00Z', { conditionalReleaseDate: crd, releaseDate: crd })),
        )
      }
      sink.take()
      // no run recorded yet: the first run looks back 31 days
      const first = await runDailySweep(d, { today: '2026-01-18' })
      expect(first).toMatchObject({ from: '2025-12-18', days: 32, dueCases: 0 })
      // the runs of the 19th to the 23rd were missed: the run of the 24th catches up from the 19th
      const second = await runDailySweep(d, { today: '2026-01-24' })
      expect(second).toMatchObject({ from: '2026-01-19', days: 6, dueCases: 2, remindersDue: 2 })
      expect(second.consumedReadUnits).toBeGreaterThan(0)
      expect(sink.take().sort()).toEqual([
        'offender-management.com.allocation-requested:C1000CC',
        'offender-management.com.allocation-requested:C1001CC',
        'reminder:upcoming-window:C1000CC',
        'reminder:upcoming-window:C1001CC',
      ])
      // running the same day again reads the day again, finds nothing due and sends nothing
      const again = await runDailySweep(d, { today: '2026-01-24' })
      expect(again).toMatchObject({ dueCases: 0 })
      // the handover day flips responsibility, published with source sweep
      const flip = await runDailySweep(d, { today: '2026-03-16' })
      expect(flip.handoverChanged).toBe(1)
      expect(
        sink.events.find(e => e.eventType === 'offender-management.handover.changed')?.additionalInformation,
      ).toMatchObject({
        nomsNumber: 'C1000CC',
        responsibility: 'Community',
        source: 'sweep',
      })
      expect((await s.sweepState())?.lastRunDate).toBe('2026-03-16')
    } finally {
      await t.drop()
    }
  })
})

describe('lists, paged from the list index', () => {
  it('pages a prison list with a cursor and rejects a cursor of another list', async () => {
    now = new Date('2027-03-01T10:00:00Z')
    for (const noms of ['D1000DD', 'D1001DD', 'D1002DD']) {
      await record(received(noms, '2027-03-01T09:00:00Z', {}, 'MDI'))
    }
    const page1 = await listHandovers(deps, 'MDI', 'upcoming', { limit: 2 })
    expect(page1.items).toHaveLength(2)
    expect(page1.cursor).toBeDefined()
    const page2 = await listHandovers(deps, 'MDI', 'upcoming', {
      limit: 2,
      ...(page1.cursor ? { cursor: page1.cursor } : {}),
    })
    expect(page2.items.map(c => c.nomsNumber)).toHaveLength(1)
    await expect(
      listHandovers(deps, 'MDI', 'in-progress', { limit: 2, ...(page1.cursor ? { cursor: page1.cursor } : {}) }),
      // lambda-kit's cursor error: the HTTP edge answers 400 naming query.cursor
    ).rejects.toBeInstanceOf(InvalidCursorError)
    // an index query, not a scan
    const raw = await tables.client.send(
      new QueryCommand({
        TableName: tables.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'LIST#MDI#upcoming' },
      }),
    )
    expect(raw.Count).toBe(3)
  })
})

describe('overrides, checklist and early allocation through the store', () => {
  it('override to community and back, with a stale version refused', async () => {
    await record(received('E1000EE', '2026-01-15T09:00:00Z'))
    sink.take()
    await expect(
      overrideResponsibility(deps, spo, 'E1000EE', {
        reason: 'other_reason',
        reasonText: 'x',
        message: null,
        version: 0,
      }),
    ).rejects.toBeInstanceOf(StaleVersionError)
    const { record: o } = await overrideResponsibility(deps, spo, 'E1000EE', {
      reason: 'community_team_to_work_with_offender',
      reasonText: null,
      message: null,
      version: 1,
    })
    expect(o.calculation?.effective).toMatchObject({ responsibility: 'Community', overridden: true })
    expect(sink.events[0]?.additionalInformation).toMatchObject({ source: 'override', responsibility: 'Community' })
    await expect(
      overrideResponsibility(deps, spo, 'E1000EE', {
        reason: 'other_reason',
        reasonText: 'y',
        message: null,
        version: 2,
      }),
    ).rejects.toBeInstanceOf(StateConflictError)
    const { record: back } = await removeOverride(deps, spo, 'E1000EE', {
      reasonText: 'Agreed with the LDU',
      version: 2,
    })
    expect(back.calculation?.effective.responsibility).toBe('CustodyOnly')
    expect(back.calculation?.trace.at(-1)?.explanation).toContain('Agreed with the LDU')
  })

  it('only the allocated POM ticks the checklist, only while the case is in a handover list', async () => {
    await record(received('E1001EE', '2026-01-15T09:00:00Z'))
    await record(pomAllocated('E1001EE', 485926, '2026-01-15T09:05:00Z'))
    await expect(updateChecklist(deps, pom, 'E1001EE', { contactedCom: true }, undefined)).rejects.toBeInstanceOf(
      StateConflictError,
    )
    now = new Date('2027-03-01T10:00:00Z')
    await expect(updateChecklist(deps, otherPom, 'E1001EE', { contactedCom: true }, undefined)).rejects.toThrow(
      'Only the POM allocated',
    )
    const { record: r } = await updateChecklist(deps, pom, 'E1001EE', { contactedCom: true }, undefined)
    expect(r.checklist).toMatchObject({ contactedCom: true, updatedBy: 'pom-1' })
  })

  it('a discretionary referral in the window waits for the community decision, then becomes active', async () => {
    now = new Date('2026-08-01T10:00:00Z')
    await record(received('E1002EE', '2026-08-01T09:00:00Z'))
    await record(pomAllocated('E1002EE', 485926, '2026-08-01T09:05:00Z'))
    sink.take()
    const answers = {
      convictedUnderTerrorismAct2000: false,
      highProfile: false,
      seriousCrimePreventionOrder: false,
      mappaLevel3: false,
      cppcCase: false,
      extremismSeparation: false,
      dueForReleaseInLessThan24Months: null,
      highRiskOfSeriousHarm: true,
      mappaLevel2: false,
      pathfinderProcess: false,
      otherReason: false,
    }
    await expect(
      createEarlyAllocation(deps, pom, 'E1002EE', {
        oasysRiskAssessmentDate: '2026-07-01',
        answers,
        reason: null,
        approved: null,
        version: undefined,
      }),
    ).rejects.toMatchObject({ field: 'body.reason' })
    const created = await createEarlyAllocation(deps, pom, 'E1002EE', {
      oasysRiskAssessmentDate: '2026-07-01',
      answers,
      reason: 'High risk of serious harm on release',
      approved: true,
      version: undefined,
    })
    expect(created).toMatchObject({
      action: 'request_community_decision',
      assessment: { outcome: 'discretionary', createdWithinReferralWindow: true },
    })
    // the referral is published at once (email #15, "needs a community decision"): not eligible until decided
    expect(sink.events.map(e => e.additionalInformation)).toEqual([
      {
        nomsNumber: 'E1002EE',
        eligibilityStatus: false,
        assessmentOutcome: 'discretionary',
        assessmentId: created.assessment.id,
      },
    ])
    expect(sink.take()).toEqual(['community-early-allocation-eligibility.status.changed:E1002EE'])
    const decided = await decideEarlyAllocation(deps, spo, 'E1002EE', created.assessment.id, {
      communityDecision: true,
      version: undefined,
    })
    expect(decided.record.calculation).toMatchObject({ reason: 'early_allocation', earlyAllocationActive: true })
    expect(sink.take()).toEqual(
      expect.arrayContaining([
        'offender-management.handover.changed:E1002EE',
        'community-early-allocation-eligibility.status.changed:E1002EE',
      ]),
    )
    await expect(
      decideEarlyAllocation(deps, spo, 'E1002EE', created.assessment.id, {
        communityDecision: false,
        version: undefined,
      }),
    ).rejects.toBeInstanceOf(StateConflictError)
  })

  it('concurrent writers: a conflicting save is retried from the stored version, not lost', async () => {
    await record(received('E1003EE', '2026-01-15T09:00:00Z'))
    const stale = await store.load('E1003EE')
    await record(pomAllocated('E1003EE', 485926, '2026-01-15T09:05:00Z'))
    if (!stale) throw new Error('no case')
    const { record: r } = await updateCase(deps, {
      nomsNumber: 'E1003EE',
      startFrom: stale,
      createIfMissing: false,
      source: 'calculation',
      trigger: 'test',
      mutate: () => 'changed',
    })
    expect(r.version).toBe(3)
    expect(r.pom?.staffCode).toBe(485926)
  })
})

describe('the forecast index', () => {
  it('answers per PDU from its own partition', async () => {
    await record(received('F1000FF', '2026-01-15T09:00:00Z'))
    await record(
      probationDetails('F100000', 'F1000FF', '2026-01-15T09:01:00Z', { pduCode: 'N99TEST', lduCode: 'N99L1' }),
    )
    const f = await forecast(deps, 'N99TEST', '2027-04-01', 2)
    expect(f.months).toEqual([
      { month: '2027-04', starting: 1, completing: 1, byLdu: [{ lduCode: 'N99L1', starting: 1, completing: 1 }] },
      { month: '2027-05', starting: 0, completing: 0, byLdu: [] },
    ])
  })
})
