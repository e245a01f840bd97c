import { type Envelope, isPublishedEventType, parsePublishedEvent } from '@omic/contracts'
import { DynamoCrnLinks, type OutgoingEvent, parkUntilLinked, toEnvelope } from '@omic/lambda-kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoDigestStore } from '../../src/adapters/dynamo-digest-store'
import { DynamoDirectory } from '../../src/adapters/dynamo-directory'
import { DynamoEmailOutbox } from '../../src/adapters/dynamo-email-outbox'
import { DynamoMessageStore } from '../../src/adapters/dynamo-message-store'
import { DynamoPreferenceStore } from '../../src/adapters/dynamo-preference-store'
import { NotifyChannel } from '../../src/adapters/notify-channel'
import { OutboxChannel } from '../../src/adapters/outbox-channel'
import type { NotificationEvent } from '../../src/events/subscriptions'
import { factsVersionOf, PARKABLE_PART_SCHEMAS, type ParkableParts } from '../../src/model/directory'
import { PortalLinks } from '../../src/model/links'
import type { EmailChannel, EmailOutbox, OutcomePublisher, OutgoingEmail } from '../../src/ports'
import { flushBulkDigests } from '../../src/use-cases/bulk-digest'
import { pollDeliveryStatuses } from '../../src/use-cases/delivery-status'
import type { DispatchDeps } from '../../src/use-cases/dispatch'
import { handleEvent, type RecordDeps } from '../../src/use-cases/handle-event'
import { flushInactivePomDigests } from '../../src/use-cases/inactive-pom-digest'
import { sendMonthlyPipelineReports } from '../../src/use-cases/monthly-report'
import { redrive } from '../../src/use-cases/redrive'
import { replanEndedWaits, replanParked } from '../../src/use-cases/replan'
import { clockOf } from '../support/clock'
import {
  allocationChanged,
  assessmentProduced,
  COM,
  CRN,
  comAllocated,
  comAllocationRequested,
  earlyAllocationChanged,
  handoverChanged,
  LDU,
  NOMS,
  OTHER_POM,
  POM,
  prisonerReceived,
  probationDetails,
  reminderDue,
  tierComplete,
} from '../support/events'
import { API_KEY, type FakeNotify, NOTIFY_ERRORS, startFakeNotify } from '../support/fake-notify'

/** A publisher that keeps what it would publish, after checking each event against its published contract. */
class RecordingPublisher implements OutcomePublisher {
  readonly events: Envelope[] = []
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    for (const e of events) {
      const envelope = toEnvelope(e)
      if (!isPublishedEventType(envelope.eventType)) throw new Error(envelope.eventType)
      parsePublishedEvent(envelope.eventType, envelope)
      this.events.push(envelope)
    }
  }
  of(eventType: string) {
    return this.events.filter(e => e.eventType === eventType)
  }
}

let tables: Awaited<ReturnType<typeof serviceTables>>
let notify: FakeNotify

beforeAll(async () => {
  ;[tables, notify] = await Promise.all([serviceTables('notifications'), startFakeNotify()])
})
afterAll(async () => {
  await Promise.all([tables?.drop(), notify?.close()])
})

interface Harness {
  deps: DispatchDeps & RecordDeps
  store: DynamoMessageStore
  outbox: DynamoEmailOutbox
  digests: DynamoDigestStore
  publisher: RecordingPublisher
  slept: number[]
}

/**
 * Each test gets its own prisoner numbers through `noms`, over shared tables. `optionalFactsWaitMs: 0` for tests of
 * other rules that send a COM allocation without its tier and scores (the wait for them has tests of its own).
 */
function harness(
  channel?: (outbox: EmailOutbox) => EmailChannel,
  options: { optionalFactsWaitMs?: number; now?: () => Date } = {},
): Harness {
  const store = new DynamoMessageStore(tables.client, tables.tableName, tables.deadLetterTableName)
  const outbox = new DynamoEmailOutbox(tables.client, tables.tableName)
  const digests = new DynamoDigestStore(tables.client, tables.tableName)
  const publisher = new RecordingPublisher()
  const slept: number[] = []
  const deps = {
    messages: store,
    preferences: new DynamoPreferenceStore(tables.client, tables.tableName),
    digests,
    directory: new DynamoDirectory(tables.client, tables.tableName),
    crnLinks: new DynamoCrnLinks<ParkableParts>(tables.client, tables.tableName, PARKABLE_PART_SCHEMAS),
    links: new PortalLinks('https://portal.example'),
    channel: channel ? channel(outbox) : new OutboxChannel(outbox),
    publisher,
    retryDelaysMs: [10, 20],
    sleep: async (ms: number) => {
      slept.push(ms)
    },
    clock: clockOf(options.now ?? (() => new Date())),
    ...(options.optionalFactsWaitMs === undefined ? {} : { optionalFactsWaitMs: options.optionalFactsWaitMs }),
  }
  return { deps, store, outbox, digests, publisher, slept }
}

/** For tests of other rules: a COM allocation goes without waiting for its tier and scores. */
const NO_OPTIONAL_WAIT = { optionalFactsWaitMs: 0 }

async function outboxFor(outbox: EmailOutbox, noms: string) {
  return (await outbox.list(200)).filter(e => e.nomsNumber === noms)
}

describe('allocation emails', () => {
  let h: Harness
  beforeEach(async () => {
    h = harness()
    await handleEvent(h.deps, prisonerReceived('2026-11-23T09:00:00Z'))
    await handleEvent(h.deps, probationDetails('2026-11-23T09:00:00Z'))
  })

  it('emails the new POM once, even when the event is delivered twice', async () => {
    const event = allocationChanged('2026-11-23T10:00:00Z', {
      staffCode: POM.staffCode,
      staffName: POM.name,
      staffEmail: POM.email,
    })
    const first = await handleEvent(h.deps, event)
    const second = await handleEvent(h.deps, event)
    expect(first.outcomes).toEqual([{ template: 'new-allocation', outcome: 'sent' }])
    expect(second.outcomes).toEqual([{ template: 'new-allocation', outcome: 'duplicate' }])
    const outbox = (await outboxFor(h.outbox, NOMS)).filter(e => e.template === 'new-allocation')
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ to: POM.email, subject: 'New OMIC allocation' })
    expect(outbox[0]?.body).toContain('Dear Anne,')
    expect(outbox[0]?.body).toContain('Dami Okafor (G4821KT)')
    expect(outbox[0]?.body).toContain('https://portal.example/prisons/LEI/prisoners/G4821KT/allocation')
    expect(h.publisher.of('offender-management.notification.sent')).toHaveLength(1)
    const history = await h.store.listByCase(NOMS, 50)
    expect(history.find(m => m.template === 'new-allocation')).toMatchObject({ status: 'sent', attempts: 1 })
  })

  it('sends and publishes once when two deliveries of the event race each other', async () => {
    await handleEvent(h.deps, prisonerReceived('2026-11-23T09:00:00Z', {}, 'A5555AA'))
    const event = allocationChanged(
      '2026-11-23T10:00:00Z',
      { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
      'A5555AA',
    )
    const results = await Promise.all([1, 2, 3].map(() => handleEvent(h.deps, event)))
    expect(results.flatMap(r => r.outcomes.map(o => o.outcome)).sort()).toEqual(['duplicate', 'duplicate', 'sent'])
    expect(await outboxFor(h.outbox, 'A5555AA')).toHaveLength(1)
    const [message] = await h.store.listByCase('A5555AA', 1)
    const published = h.publisher
      .of('offender-management.notification.sent')
      .filter(e => e.additionalInformation?.notificationId === message?.id)
    expect(published).toHaveLength(1)
  })

  it('tells the previous POM on a reallocation, addressed from the directory', async () => {
    // the earlier POM's details are known from their own allocation
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-23T10:00:00Z',
        {
          staffCode: OTHER_POM.staffCode,
          staffName: OTHER_POM.name,
          staffEmail: OTHER_POM.email,
        },
        'A1111AA',
      ),
    )
    const result = await handleEvent(
      h.deps,
      allocationChanged('2026-11-24T10:00:00Z', {
        staffCode: POM.staffCode,
        staffName: POM.name,
        staffEmail: POM.email,
        previousStaffCode: OTHER_POM.staffCode,
      }),
    )
    expect(result.outcomes.map(o => o.template).sort()).toEqual(['new-allocation', 'reallocation-previous-pom'])
    const toPrevious = (await outboxFor(h.outbox, NOMS)).find(e => e.template === 'reallocation-previous-pom')
    expect(toPrevious).toMatchObject({ to: OTHER_POM.email })
    expect(toPrevious?.body).toContain('has been reallocated to Anne Lee')
  })

  it('addresses the previous POM from the event when the allocation service names them', async () => {
    await handleEvent(h.deps, prisonerReceived('2026-11-23T09:00:00Z', {}, 'A4444AA'))
    const result = await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-24T11:00:00Z',
        {
          staffCode: POM.staffCode,
          staffName: POM.name,
          staffEmail: POM.email,
          previousStaffCode: 700001,
          previousStaffName: 'Cleo Marsh',
          previousStaffEmail: 'cleo.marsh@prison.example',
        },
        'A4444AA',
      ),
    )
    expect(result.outcomes.map(o => [o.template, o.outcome])).toEqual([
      ['new-allocation', 'sent'],
      ['reallocation-previous-pom', 'sent'],
    ])
    const toPrevious = (await outboxFor(h.outbox, 'A4444AA')).find(e => e.template === 'reallocation-previous-pom')
    expect(toPrevious?.to).toBe('cleo.marsh@prison.example')
    expect(toPrevious?.body).toContain('Dear Cleo,')
  })

  it('sends nothing for an allocation older than the one already recorded', async () => {
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-25T10:00:00Z',
        { staffCode: POM.staffCode, staffEmail: POM.email, staffName: POM.name },
        'A2222AA',
      ),
    )
    const stale = await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-20T10:00:00Z',
        { staffCode: OTHER_POM.staffCode, staffEmail: OTHER_POM.email, staffName: OTHER_POM.name },
        'A2222AA',
      ),
    )
    expect(stale.outcomes).toEqual([])
  })

  it('parks an email that lacks the prisoner’s details (the reason in its history) and sends it once they arrive', async () => {
    const noms = 'A3333AA'
    const result = await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-23T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
    expect(result.outcomes).toEqual([{ template: 'new-allocation', outcome: 'parked' }])
    const [message] = await h.store.listByCase(noms, 10)
    expect(message).toMatchObject({
      status: 'parked',
      reason: 'waiting-for:prisoner_name',
      waitingFor: ['prisoner_name'],
      violations: [{ field: 'prisoner_name', reason: 'is required' }],
    })
    expect(message?.personalisation).toBeUndefined()
    expect(h.publisher.events).toEqual([])
    const arrived = await handleEvent(h.deps, prisonerReceived('2026-11-23T11:00:00Z', {}, noms))
    expect(arrived.outcomes).toEqual([{ template: 'new-allocation', outcome: 'sent' }])
    const [email, ...others] = await outboxFor(h.outbox, noms)
    expect(others).toEqual([])
    expect(email?.body).toContain(`Dami Okafor (${noms})`)
    expect((await h.store.get(message?.id ?? ''))?.status).toBe('sent')
    expect(h.publisher.of('offender-management.notification.sent')).toHaveLength(1)
  })

  it('records an email with a defect no later event can cure as invalid for good, publishes the failure', async () => {
    // the reminder event itself lacks the handover date: waiting for the prisoner would not make it sendable
    const noms = 'A3334AA'
    const result = await handleEvent(h.deps, reminderDue('2026-11-23T10:00:00Z', { handoverDate: null }, noms))
    expect(result.outcomes).toEqual([{ template: 'upcoming-handover-window', outcome: 'invalid' }])
    const [message] = await h.store.listByCase(noms, 10)
    expect(message).toMatchObject({ status: 'invalid', reason: 'invalid-personalisation' })
    expect(message?.violations?.map(v => v.field).sort()).toEqual([
      'handover_date',
      'prisoner_first_name',
      'prisoner_name',
    ])
    expect(h.publisher.of('offender-management.notification.failed')[0]?.additionalInformation).toMatchObject({
      template: 'upcoming-handover-window',
      failure: 'permanent-failure',
      retryable: false,
    })
    // the prisoner arriving later changes nothing
    const later = await handleEvent(h.deps, prisonerReceived('2026-11-23T11:00:00Z', {}, noms))
    expect(later.outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toEqual([])
  })
})

describe('bulk reallocation summaries', () => {
  it('sends one summary to each POM once the reallocation is over, instead of an email per case', async () => {
    const h = harness()
    // the source POM is known from an earlier allocation; the bulk events name only their staff code
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: 930001, staffName: 'Cleo Marsh', staffEmail: 'cleo.marsh@prison.example' },
        'G1000GG',
      ),
    )
    for (const [noms, first] of [
      ['G2000GG', 'Ada'],
      ['G3000GG', 'Ben'],
    ] as const) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', { firstName: first, lastName: 'Stone' }, noms))
      const bulk = allocationChanged(
        '2026-11-23T10:00:00Z',
        {
          staffCode: 930002,
          staffName: 'Dev Patel',
          staffEmail: 'dev.patel@prison.example',
          previousStaffCode: 930001,
          eventTrigger: 'bulk_reallocation',
        },
        noms,
      )
      expect((await handleEvent(h.deps, bulk)).outcomes).toEqual([])
      expect((await handleEvent(h.deps, bulk)).outcomes).toEqual([])
    }
    // still going on: nothing yet
    expect((await flushBulkDigests(h.deps)).digests).toBe(0)
    const later = { ...h.deps, clock: clockOf(() => new Date(Date.now() + 10 * 60_000)) }
    const run = await flushBulkDigests(later)
    expect(run.outcomes).toEqual([
      { template: 'bulk-allocations-created', outcome: 'sent' },
      { template: 'bulk-allocations-removed', outcome: 'sent' },
    ])
    const outbox = await h.outbox.list(200)
    const created = outbox.find(e => e.template === 'bulk-allocations-created' && e.to === 'dev.patel@prison.example')
    expect(created?.body).toContain(
      'These cases have been reallocated to you from Cleo Marsh:\nAda Stone (G2000GG) – responsible\nBen Stone (G3000GG) – responsible',
    )
    // no note on the events: no message line
    expect(created?.body).not.toContain('Message from')
    expect(outbox.find(e => e.template === 'bulk-allocations-removed')?.to).toBe('cleo.marsh@prison.example')
    expect(
      outbox.filter(e => e.template === 'new-allocation' && ['G2000GG', 'G3000GG'].includes(e.nomsNumber ?? '')),
    ).toEqual([])
    expect((await flushBulkDigests(later)).digests).toBe(0)
  })

  it('never sends a case twice (replays after the summary add nothing) and a case that joined mid-send gets its own summary', async () => {
    const h = harness()
    const source = { code: 930201, name: 'Gil Ames', email: 'gil.ames@prison.example' }
    const target = { code: 930202, name: 'Hana Ito', email: 'hana.ito@prison.example' }
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: source.code, staffName: source.name, staffEmail: source.email },
        'G4100GG',
      ),
    )
    const bulk = (noms: string, occurredAt: string) =>
      allocationChanged(
        occurredAt,
        {
          staffCode: target.code,
          staffName: target.name,
          staffEmail: target.email,
          previousStaffCode: source.code,
          previousStaffName: source.name,
          previousStaffEmail: source.email,
          eventTrigger: 'bulk_reallocation',
        },
        noms,
      )
    for (const [noms, first] of [
      ['G4200GG', 'Ivy'],
      ['G4300GG', 'Jon'],
    ] as const) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', { firstName: first, lastName: 'Lake' }, noms))
    }
    await handleEvent(h.deps, bulk('G4200GG', '2026-11-23T10:00:00Z'))
    // Jon's move arrives while Ivy's summaries are going out (between reading the digest and closing it)
    const later = { ...h.deps, clock: clockOf(() => new Date(Date.now() + 10 * 60_000)) }
    const closingStore = Object.create(h.digests, {
      closeBulkDigest: {
        value: async (...args: Parameters<typeof h.digests.closeBulkDigest>) => {
          await handleEvent(h.deps, bulk('G4300GG', '2026-11-23T10:01:00Z'))
          return h.digests.closeBulkDigest(...args)
        },
      },
    }) as typeof h.digests
    const first = await flushBulkDigests({ ...later, digests: closingStore })
    expect(first.outcomes.map(o => o.outcome)).toEqual(['sent', 'sent'])
    const second = await flushBulkDigests(later)
    expect(second.outcomes.map(o => o.outcome)).toEqual(['sent', 'sent'])
    const toTarget = (await h.outbox.list(200)).filter(
      e => e.template === 'bulk-allocations-created' && e.to === target.email,
    )
    expect(toTarget.map(e => [e.body.includes('G4200GG'), e.body.includes('G4300GG')])).toEqual([
      [false, true],
      [true, false],
    ])
    // EventBridge redelivers both moves after the summaries went out: nothing is gathered, nothing sent again
    await handleEvent(h.deps, bulk('G4200GG', '2026-11-23T10:00:00Z'))
    await handleEvent(h.deps, bulk('G4300GG', '2026-11-23T10:01:00Z'))
    expect((await flushBulkDigests(later)).digests).toBe(0)
  })

  it('gives both summaries the SPO’s note: the newest note of the reallocation, whatever order it arrives in', async () => {
    const h = harness()
    const source = { code: 930101, name: 'Esme Hart', email: 'esme.hart@prison.example' }
    const target = { code: 930102, name: 'Femi Adeyemi', email: 'femi.adeyemi@prison.example' }
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: source.code, staffName: source.name, staffEmail: source.email },
        'G1100GG',
      ),
    )
    const note = 'Esme moves to the OMU on Monday; Femi please call the families this week'
    // the cases' events as they arrive: with the note, one without (it keeps the note), then an older event with
    // another note (an earlier confirmation of the same POMs, delivered late: it does not replace the newer one)
    for (const [noms, first, occurredAt, withNote] of [
      ['G2100GG', 'Cara', '2026-11-23T10:00:00Z', note],
      ['G3100GG', 'Dan', '2026-11-23T10:00:01Z', null],
      ['G4100GG', 'Eve', '2026-11-23T09:30:00Z', 'An earlier note'],
    ] as const) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', { firstName: first, lastName: 'Moss' }, noms))
      const bulk = allocationChanged(
        occurredAt,
        {
          staffCode: target.code,
          staffName: target.name,
          staffEmail: target.email,
          previousStaffCode: source.code,
          eventTrigger: 'bulk_reallocation',
          note: withNote,
        },
        noms,
      )
      expect((await handleEvent(h.deps, bulk)).outcomes).toEqual([])
    }
    const later = { ...h.deps, clock: clockOf(() => new Date(Date.now() + 10 * 60_000)) }
    expect((await flushBulkDigests(later)).outcomes).toEqual([
      { template: 'bulk-allocations-created', outcome: 'sent' },
      { template: 'bulk-allocations-removed', outcome: 'sent' },
    ])
    const outbox = await h.outbox.list(200)
    const created = outbox.find(e => e.template === 'bulk-allocations-created' && e.to === target.email)
    const removed = outbox.find(e => e.template === 'bulk-allocations-removed' && e.to === source.email)
    for (const email of [created, removed]) {
      expect(email?.body).toContain(`Message from your head of offender management delivery: ${note}`)
      expect(email?.body).not.toContain('An earlier note')
    }
    expect(created?.body).toContain('Cara Moss (G2100GG) – responsible\nDan Moss (G3100GG) – responsible')
    // what GOV.UK Notify would receive: has_message yes, the note as message
    for (const email of [target.email, source.email]) {
      const [sent] = (await h.store.listByRecipient(email, 10)).filter(m => m.template.startsWith('bulk-allocations'))
      expect(sent?.personalisation).toMatchObject({ has_message: 'yes', message: note })
    }
    expect((await flushBulkDigests(later)).digests).toBe(0)
  })
})

describe('cases returned when a POM goes inactive (#18)', () => {
  const SPO = { staffId: '930901', name: 'Hana Okoro', email: 'hana.okoro@prison.example' }
  const AWAY = { staffCode: 930101, name: 'Amara Obi', email: 'amara.obi@prison.example' }
  type ChangedBy = { staffId: string | null; name: string | null; email: string | null }
  const returned = (noms: string, occurredAt: string, changedBy: ChangedBy | null = SPO, pom = AWAY) =>
    allocationChanged(
      occurredAt,
      {
        staffCode: null,
        previousStaffCode: pom.staffCode,
        previousStaffName: pom.name,
        previousStaffEmail: pom.email,
        eventTrigger: 'inactive_pom',
        changedBy,
      },
      noms,
    )
  const later = (h: Harness, minutes = 10) => ({
    ...h.deps,
    clock: clockOf(() => new Date(Date.now() + minutes * 60_000)),
  })
  const summaries = async (outbox: EmailOutbox, to: string) =>
    (await outbox.list(200)).filter(e => e.template === 'pom-inactive-cases-returned' && e.to === to)

  it('sends the SPO one summary once the POM’s cases are all back, not again when the events are replayed', async () => {
    const h = harness()
    const cases = [
      ['H2000HH', 'Ada', '2026-11-23T10:00:00.002Z'],
      ['H1000HH', 'Ben', '2026-11-23T10:00:00.001Z'],
    ] as const
    for (const [noms, first] of cases) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', { firstName: first, lastName: 'Stone' }, noms))
    }
    // the co-working role the POM also held is not part of the summary (the primary POM hears of it: #4)
    const coworking = allocationChanged(
      '2026-11-23T10:00:00.003Z',
      {
        staffCode: null,
        previousStaffCode: AWAY.staffCode,
        role: 'coworking',
        eventTrigger: 'inactive_pom',
        changedBy: SPO,
      },
      'H3000HH',
    )
    expect((await handleEvent(h.deps, coworking)).outcomes).toEqual([])
    for (const [noms, , at] of cases) {
      // delivered twice, as EventBridge may: gathered once, and no email per case
      expect((await handleEvent(h.deps, returned(noms, at))).outcomes).toEqual([])
      expect((await handleEvent(h.deps, returned(noms, at))).outcomes).toEqual([])
    }
    // still going on (a case was added under 5 minutes ago): nothing yet
    expect((await flushInactivePomDigests(h.deps)).digests).toBe(0)
    expect(await summaries(h.outbox, SPO.email)).toEqual([])

    const run = await flushInactivePomDigests(later(h))
    expect(run.outcomes).toEqual([{ template: 'pom-inactive-cases-returned', outcome: 'sent' }])
    const sent = await summaries(h.outbox, SPO.email)
    expect(sent).toHaveLength(1)
    expect(sent[0]?.subject).toBe('Cases have returned to the unallocated list')
    expect(sent[0]?.body).toBe(
      'Dear Hana,\n\nAmara Obi is now inactive (away from work) at HMP Leeds, so the cases they held as primary POM ' +
        'have returned to the unallocated list (2 cases):\nAda Stone (H2000HH)\nBen Stone (H1000HH)\n\n' +
        'Allocate a new POM to each case: https://portal.example/prisons/LEI/unallocated',
    )
    expect(h.publisher.of('offender-management.notification.sent').map(e => e.additionalInformation)).toEqual([
      expect.objectContaining({ template: 'pom-inactive-cases-returned' }),
    ])

    // the digest is closed; a replay of the events after the summary gathers nothing and sends nothing
    expect((await flushInactivePomDigests(later(h))).digests).toBe(0)
    for (const [noms, , at] of cases) await handleEvent(h.deps, returned(noms, at))
    expect((await flushInactivePomDigests(later(h, 20))).digests).toBe(0)
    expect(await summaries(h.outbox, SPO.email)).toHaveLength(1)
  })

  it('summarises a case handed back while the summary was being sent in a summary of its own', async () => {
    const h = harness()
    const pom = { staffCode: 930102, name: 'Cyd Moss', email: 'cyd.moss@prison.example' }
    const spo = { ...SPO, staffId: '930902', email: 'spo.two@prison.example' }
    await handleEvent(h.deps, returned('H4000HH', '2026-11-23T11:00:00Z', spo, pom))
    // the run reads the digest, and a late case is added before it closes the digest
    const digests = h.digests
    const racing = Object.create(digests) as DynamoDigestStore
    racing.closeInactivePomDigest = async (head, lines) => {
      await handleEvent(h.deps, returned('H5000HH', '2026-11-23T11:03:00Z', spo, pom))
      return digests.closeInactivePomDigest(head, lines)
    }
    expect((await flushInactivePomDigests({ ...later(h), digests: racing })).digests).toBe(1)
    expect((await flushInactivePomDigests(later(h))).digests).toBe(1)
    const sent = await summaries(h.outbox, spo.email)
    // (the outbox lists the newest first)
    expect(sent.map(e => e.body.match(/\(\d+ cases?\):\n(.*)\n/)?.slice(1))).toEqual([
      ['Unknown (H5000HH)'],
      ['Unknown (H4000HH)'],
    ])
    expect((await flushInactivePomDigests(later(h))).digests).toBe(0)
  })

  it('respects the SPO’s opt-out; sends nothing without an SPO address (older events, system changes)', async () => {
    const h = harness()
    const spo = { ...SPO, staffId: '930903', email: 'spo.three@prison.example' }
    await h.deps.preferences.put({ staffId: spo.staffId, optOut: ['pom-inactive-cases-returned'], updatedAt: null })
    const pom = { staffCode: 930103, name: 'Dee Lowe', email: 'dee.lowe@prison.example' }
    await handleEvent(h.deps, returned('H6000HH', '2026-11-23T12:00:00Z', spo, pom))
    expect((await flushInactivePomDigests(later(h))).outcomes).toEqual([
      { template: 'pom-inactive-cases-returned', outcome: 'skipped' },
    ])
    expect(await summaries(h.outbox, spo.email)).toEqual([])

    const older = allocationChanged(
      '2026-11-23T12:05:00Z',
      { staffCode: null, previousStaffCode: pom.staffCode, eventTrigger: 'inactive_pom' },
      'H7000HH',
    )
    await handleEvent(h.deps, older)
    await handleEvent(h.deps, returned('H8000HH', '2026-11-23T12:06:00Z', { ...spo, email: null }, pom))
    expect((await flushInactivePomDigests(later(h))).digests).toBe(0)
  })

  it('writes to the address alone when the SPO’s token had no staff id', async () => {
    const h = harness()
    const spo: ChangedBy & { email: string } = { staffId: null, name: null, email: 'spo.four@prison.example' }
    const pom = { staffCode: 930104, name: 'Eli Roe', email: 'eli.roe@prison.example' }
    await handleEvent(h.deps, returned('H9000HH', '2026-11-23T13:00:00Z', spo, pom))
    expect((await flushInactivePomDigests(later(h))).outcomes).toEqual([
      { template: 'pom-inactive-cases-returned', outcome: 'sent' },
    ])
    const [sent] = await summaries(h.outbox, spo.email)
    expect(sent?.body).toMatch(/^Dear colleague,\n\nEli Roe is now inactive/)
    const history = await h.store.listByRecipient(spo.email, 10)
    expect(history.map(m => m.recipient)).toEqual([{ kind: 'mailbox', email: spo.email }])
  })
})

describe('handover reminders', () => {
  it('sends one reminder per episode: a replay does not resend, a new handover episode does', async () => {
    const h = harness()
    const noms = 'B1000BB'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
    const episode1 = reminderDue('2026-11-23T03:00:00Z', { episodeId: 'E1' }, noms)
    expect((await handleEvent(h.deps, episode1)).outcomes).toEqual([
      { template: 'upcoming-handover-window', outcome: 'sent' },
    ])
    const replay = reminderDue('2026-11-24T03:00:00Z', { episodeId: 'E1' }, noms)
    expect((await handleEvent(h.deps, replay)).outcomes).toEqual([
      { template: 'upcoming-handover-window', outcome: 'duplicate' },
    ])
    const episode2 = reminderDue('2027-05-01T03:00:00Z', { episodeId: 'E2', handoverDate: '2027-06-26' }, noms)
    expect((await handleEvent(h.deps, episode2)).outcomes).toEqual([
      { template: 'upcoming-handover-window', outcome: 'sent' },
    ])
    const sent = (await outboxFor(h.outbox, noms)).filter(e => e.template === 'upcoming-handover-window')
    expect(sent.map(e => e.body.includes('26 June 2027')).sort()).toEqual([false, true])
    expect(sent[0]?.body).toContain('This is a standard handover')
  })

  it('records an opted-out reminder as skipped; mailbox emails ignore preferences', async () => {
    const h = harness()
    const noms = 'B2000BB'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
    await h.deps.preferences.put({
      staffId: String(POM.staffCode),
      optOut: ['com-allocation-overdue'],
      updatedAt: '2026-11-01T00:00:00Z',
    })
    try {
      const overdue = await handleEvent(
        h.deps,
        reminderDue('2026-11-23T03:00:00Z', { reminder: 'com-allocation-overdue' }, noms),
      )
      expect(overdue.outcomes).toEqual([{ template: 'com-allocation-overdue', outcome: 'skipped' }])
      const [skipped] = await h.store.listByCase(noms, 1)
      expect(skipped).toMatchObject({ status: 'skipped', reason: 'opted-out' })
      const urgent = await handleEvent(
        h.deps,
        reminderDue('2026-11-23T03:00:00Z', { reminder: 'urgent-pipeline' }, noms),
      )
      expect(urgent.outcomes).toEqual([{ template: 'urgent-pipeline-to-community', outcome: 'sent' }])
      const email = (await outboxFor(h.outbox, noms)).find(e => e.template === 'urgent-pipeline-to-community')
      expect(email?.to).toBe(LDU.email)
      expect(email?.body).toContain('Prison offender manager: Anne Lee (anne.lee@prison.example)')
    } finally {
      await h.deps.preferences.put({ staffId: String(POM.staffCode), optOut: [], updatedAt: null })
    }
  })

  it('chases a short sentence again on each due day, once per day', async () => {
    const h = harness()
    const noms = 'B3000BB'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    const chase = (day: string) =>
      reminderDue(`${day}T03:00:00Z`, { reminder: 'short-sentence-com-chase', dueDate: day, handoverDate: null }, noms)
    const outcomes = []
    for (const e of [chase('2026-11-23'), chase('2026-11-23'), chase('2026-11-25')]) {
      outcomes.push(...(await handleEvent(h.deps, e)).outcomes.map(o => o.outcome))
    }
    expect(outcomes).toEqual(['sent', 'duplicate', 'sent'])
  })
})

describe('override and COM emails', () => {
  it('tells the LDU mailbox about an override to the community', async () => {
    const h = harness()
    const noms = 'C1000CC'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:00:00Z', noms, 'X100001'))
    const calculated = await handleEvent(h.deps, handoverChanged('2026-11-02T03:00:00Z', {}, noms))
    expect(calculated.outcomes).toEqual([])
    const override = await handleEvent(
      h.deps,
      handoverChanged(
        '2026-11-03T10:00:00Z',
        { source: 'override', responsibility: 'Community', reason: 'prisoner_has_been_recalled' },
        noms,
      ),
    )
    expect(override.outcomes).toEqual([{ template: 'responsibility-override', outcome: 'sent' }])
    const email = (await outboxFor(h.outbox, noms))[0]
    expect(email?.to).toBe(LDU.email)
    expect(email?.body).toContain('Reason: The prisoner has been recalled')
  })

  it('sends the acting SPO their own copy of an override and of its removal, once each', async () => {
    const h = harness()
    const noms = 'C2000CC'
    const spo = { staffId: 'SPO-4411', name: 'Rhiannon Vale', email: 'rhiannon.vale@prison.example' }
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:00:00Z', noms, 'X200001'))
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
    const set = handoverChanged(
      '2026-11-03T10:00:00Z',
      {
        source: 'override',
        responsibility: 'Community',
        reason: 'community_team_to_work_with_offender',
        overriddenBy: spo,
      },
      noms,
    )
    expect((await handleEvent(h.deps, set)).outcomes).toEqual([
      { template: 'responsibility-override', outcome: 'sent' },
      { template: 'responsibility-override', outcome: 'sent' },
    ])
    // a redelivery sends neither again
    expect((await handleEvent(h.deps, set)).outcomes.map(o => o.outcome)).toEqual(['duplicate', 'duplicate'])
    const removed = handoverChanged(
      '2026-11-05T10:00:00Z',
      { source: 'override', responsibility: 'CustodyOnly', reason: 'determinate', overriddenBy: spo },
      noms,
    )
    expect((await handleEvent(h.deps, removed)).outcomes.map(o => o.outcome)).toEqual(['sent', 'sent', 'sent'])
    const emails = (await outboxFor(h.outbox, noms)).filter(e => e.template.startsWith('responsibility-override'))
    expect(emails.map(e => `${e.template} → ${e.to}`).sort()).toEqual([
      `responsibility-override → ${LDU.email}`,
      `responsibility-override → ${spo.email}`,
      `responsibility-override-removed → ${POM.email}`,
      `responsibility-override-removed → ${LDU.email}`,
      `responsibility-override-removed → ${spo.email}`,
    ])
    const spoCopy = emails.find(e => e.template === 'responsibility-override' && e.to === spo.email)
    expect(spoCopy?.body).toContain('Dami Okafor (C2000CC) at HMP Leeds has been overridden')
    const history = await h.store.listByCase(noms, 50)
    expect(history.filter(m => m.recipientRule === 'acting-spo').map(m => m.recipient)).toEqual([
      { kind: 'staff', staffId: spo.staffId, email: spo.email },
      { kind: 'staff', staffId: spo.staffId, email: spo.email },
    ])
  })

  it('asks the LDU for a community decision on a discretionary early allocation, once per assessment', async () => {
    const h = harness()
    const noms = 'C3000CC'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:00:00Z', noms, 'X300001'))
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-01T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
    const referral = { assessmentOutcome: 'discretionary', assessmentId: 'EA-31' }
    expect(
      (await handleEvent(h.deps, earlyAllocationChanged('2026-11-10T10:00:00Z', referral, noms))).outcomes,
    ).toEqual([{ template: 'community-early-allocation', outcome: 'sent' }])
    // the same referral published again, and the community's "yes" that makes it active, ask nothing more
    const again = await handleEvent(h.deps, earlyAllocationChanged('2026-11-11T10:00:00Z', referral, noms))
    expect(again.outcomes).toEqual([{ template: 'community-early-allocation', outcome: 'duplicate' }])
    const decided = { ...referral, eligibilityStatus: true }
    expect((await handleEvent(h.deps, earlyAllocationChanged('2026-11-12T10:00:00Z', decided, noms))).outcomes).toEqual(
      [],
    )
    // an automatically eligible assessment gets the automatic email; an event without the outcome as before
    const eligible = { assessmentOutcome: 'eligible', assessmentId: 'EA-32', eligibilityStatus: true }
    expect(
      (await handleEvent(h.deps, earlyAllocationChanged('2026-11-20T10:00:00Z', eligible, noms))).outcomes,
    ).toEqual([{ template: 'auto-early-allocation', outcome: 'sent' }])
    const legacy = await handleEvent(
      h.deps,
      earlyAllocationChanged('2026-11-21T10:00:00Z', { eligibilityStatus: true }, noms),
    )
    expect(legacy.outcomes).toEqual([{ template: 'auto-early-allocation', outcome: 'sent' }])
    const emails = (await outboxFor(h.outbox, noms)).filter(e => e.template.endsWith('early-allocation'))
    expect(emails.map(e => e.template).sort()).toEqual([
      'auto-early-allocation',
      'auto-early-allocation',
      'community-early-allocation',
    ])
    const decision = emails.find(e => e.template === 'community-early-allocation')
    expect(decision).toMatchObject({ to: LDU.email, subject: 'Early allocation: a community decision is needed' })
    expect(decision?.body).toContain('Dami Okafor (C3000CC) at HMP Leeds may be suitable for early allocation')
    expect(decision?.body).toContain(`Prison offender manager: ${POM.name} (${POM.email})`)
    expect(decision?.body).toContain('https://portal.example/prisons/LEI/prisoners/C3000CC/early-allocations')
  })

  it('emails the allocated COM once per allocation, not when an unchanged allocation is republished', async () => {
    const h = harness(undefined, NO_OPTIONAL_WAIT)
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z'))
    const first = await handleEvent(
      h.deps,
      comAllocated(
        '2026-11-22T13:20:00Z',
        COM,
        {
          allocatingOfficer: { staffCode: 'N54S001', name: 'Sam Lowe', email: 'sam.lowe@probation.example' },
          sendEmailCopyToAllocatingOfficer: true,
          emailTo: ['team-inbox@probation.example'],
        },
        'omic.allocation',
      ),
    )
    expect(first.outcomes.map(o => o.outcome)).toEqual(['sent', 'sent', 'sent'])
    const republished = await handleEvent(h.deps, comAllocated('2026-11-22T14:00:00Z'))
    expect(republished.outcomes).toEqual([])
    const emails = (await h.outbox.list(200)).filter(e => e.template === 'com-allocated' && e.nomsNumber === NOMS)
    expect(emails.map(e => e.to).sort()).toEqual([
      COM.email,
      'sam.lowe@probation.example',
      'team-inbox@probation.example',
    ])
    expect(emails[0]?.body).toContain(`(CRN ${CRN}) has been allocated to you by Sam Lowe`)
  })
})

describe('emails that wait for case details (parked until the facts arrive)', () => {
  const scores = { completedDate: '2026-10-02', rsrScore: 7.2, ogrsScore: 81 }

  it('parks a COM allocation that arrives before the prisoner’s details, with the reason, and sends it exactly once when they arrive', async () => {
    const h = harness(undefined, NO_OPTIONAL_WAIT)
    const noms = 'P1000PP'
    const crn = 'X610001'
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    const first = await handleEvent(h.deps, com)
    expect(first.outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    const [parked, ...none] = await h.store.listByCase(noms, 10)
    expect(none).toEqual([])
    expect(parked).toMatchObject({
      status: 'parked',
      reason: 'waiting-for:case_name',
      waitingFor: ['case_name'],
      violations: [{ field: 'case_name', reason: 'is required' }],
      nomsNumber: noms,
      crn,
    })
    expect(await h.outbox.list(200).then(o => o.filter(e => e.nomsNumber === noms))).toEqual([])
    expect(h.publisher.events).toEqual([])
    // a redelivery while it waits is the same email
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'duplicate' }])

    const arrived = await handleEvent(h.deps, prisonerReceived('2026-11-22T14:00:00Z', {}, noms))
    expect(arrived.outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    // later facts and redeliveries send nothing more
    await handleEvent(h.deps, prisonerReceived('2026-11-22T15:00:00Z', { firstName: 'Damilola' }, noms))
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'duplicate' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({ template: 'com-allocated', to: COM.email })
    expect(emails[0]?.body).toContain(`Dami Okafor (CRN ${crn})`)
    expect(emails[0]?.body).toContain('Determinate custodial sentence, conditional release 1 March 2028')
    expect(await h.store.get(parked?.id ?? '')).toMatchObject({ status: 'sent', attempts: 1 })
    expect((await h.store.get(parked?.id ?? ''))?.waitingFor).toBeUndefined()
    expect(await h.store.parkedOfCase(noms)).toEqual([])
    expect(h.publisher.of('offender-management.notification.sent')).toHaveLength(1)
  })

  it('parks a COM allocation known only by its CRN until the CRN is linked and the prisoner known; sends it once, under the NOMS number', async () => {
    const h = harness(undefined, NO_OPTIONAL_WAIT)
    const noms = 'P2000PP'
    const crn = 'X620001'
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'hmpps.probation', { crn, noms: null })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    const [byCrn] = await h.store.listByCase(crn, 10)
    expect(byCrn).toMatchObject({ status: 'parked', nomsNumber: null, crn, waitingFor: ['case_name'] })
    // the link alone does not complete it; it is now found under the NOMS number too
    expect((await handleEvent(h.deps, probationDetails('2026-11-22T13:30:00Z', noms, crn))).outcomes).toEqual([])
    expect((await h.store.parkedOfCase(noms)).map(e => e.messageId)).toEqual([byCrn?.id])
    const arrived = await handleEvent(h.deps, prisonerReceived('2026-11-22T14:00:00Z', {}, noms))
    expect(arrived.outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    // redelivered now that the CRN is linked: still the same email (the dedupe key names the case as the event does)
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'duplicate' }])
    const [sent, ...none] = await h.store.listByCase(noms, 10)
    expect(none).toEqual([])
    expect(sent).toMatchObject({ id: byCrn?.id, status: 'sent', nomsNumber: noms, crn, prisonId: 'LEI' })
    expect(await h.store.listByCase(crn, 10)).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toHaveLength(1)
    expect(await h.store.parkedOfCase(crn)).toEqual([])
  })

  it('sends an email that waited with the newest facts: one built from an older copy of the case is built again', async () => {
    const h = harness(undefined, NO_OPTIONAL_WAIT)
    const noms = 'P3000PP'
    const crn = 'X630001'
    await handleEvent(h.deps, comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms }))
    const [parked] = await h.store.listByCase(noms, 10)
    // the prisoner's details land, and a sender builds the email from that copy of the case …
    const prisoner = prisonerReceived('2026-11-22T14:00:00Z', {}, noms)
    if (prisoner.detailType !== 'prisoner-offender-search.prisoner.received') throw new Error('test event')
    const snapshot = prisoner.detail.additionalInformation.snapshot
    if (!snapshot) throw new Error('test event')
    const applied = await h.deps.directory.applyPart(noms, 'prisoner', prisoner.detail.occurredAt, {
      firstName: snapshot.firstName,
      lastName: snapshot.lastName,
      prisonId: snapshot.prisonId,
      status: snapshot.status,
      legalStatus: snapshot.legalStatus,
      indeterminate: false,
      conditionalReleaseDate: snapshot.conditionalReleaseDate,
      paroleEligibilityDate: null,
      tariffDate: null,
      releaseDate: null,
    })
    const olderCopy = factsVersionOf(applied.record)
    // … while the tier lands (its handler has not planned the case's parked emails again yet): that copy is older
    await h.deps.directory.applyPart(noms, 'tier', '2026-11-22T14:01:00Z', { tier: 'B' })
    if (!parked) throw new Error('not parked')
    const claim = await h.store.claimParked(
      { ...parked, status: 'parked' },
      { personalisation: { tier: 'Unknown' }, recipient: parked.recipient, nomsNumber: noms, crn, prisonId: 'LEI' },
      { nomsNumber: noms, version: olderCopy },
      Date.now(),
      60_000,
      new Date().toISOString(),
    )
    expect(claim).toBe('facts-changed')
    expect((await h.store.get(parked.id))?.status).toBe('parked')
    // planned again (as the tier's handler does once the tier is written): from the newest facts
    expect(await replanParked(h.deps, [noms])).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.body).toContain('Tier: B')
    expect(emails[0]?.body).toContain('Dami Okafor')
  })

  it('sends a parked email whose sender crashed after completing it when the event is retried, once', async () => {
    let crash = true
    const h = harness(store => {
      const outbox = new OutboxChannel(store)
      return {
        name: outbox.name,
        deliveryReceipts: outbox.deliveryReceipts,
        findSent: () => outbox.findSent(),
        deliveryStatus: () => outbox.deliveryStatus(),
        send: async (email: OutgoingEmail) => {
          if (crash) {
            crash = false
            throw new Error('the function ran out of time')
          }
          return outbox.send(email)
        },
      }
    }, NO_OPTIONAL_WAIT)
    const noms = 'P4000PP'
    await handleEvent(
      h.deps,
      comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn: 'X650001', noms }),
    )
    const prisoner = prisonerReceived('2026-11-22T14:00:00Z', {}, noms)
    await expect(handleEvent(h.deps, prisoner)).rejects.toThrow('ran out of time')
    const [message] = await h.store.listByCase(noms, 10)
    expect(message?.status).toBe('pending')
    // the event is delivered again (Lambda's retry): the completed email is taken over and sent
    expect((await handleEvent(h.deps, prisoner)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    expect((await handleEvent(h.deps, prisoner)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toHaveLength(1)
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('sends an email parked while its missing fact is being written, once (the two events racing for each case)', async () => {
    const h = harness(undefined, NO_OPTIONAL_WAIT)
    const cases = [0, 1, 2, 3, 4].map(i => ({ noms: `R${i}000RR`, crn: `X64000${i}` }))
    await Promise.all(
      cases.map(c =>
        Promise.all([
          handleEvent(h.deps, comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', c)),
          handleEvent(h.deps, prisonerReceived('2026-11-22T13:20:00Z', {}, c.noms)),
        ]),
      ),
    )
    for (const c of cases) {
      const history = await h.store.listByCase(c.noms, 10)
      expect(history.map(m => m.status)).toEqual(['sent'])
      expect(await outboxFor(h.outbox, c.noms)).toHaveLength(1)
      expect(await h.store.parkedOfCase(c.noms)).toEqual([])
    }
  })

  it('ends in one final state whatever the order: the same events shuffled, some delivered twice, send the same emails (same ids, recipients, personalisation), none twice — also when the LDU mailbox, the CRN, the tier and the scores come after the emails that need them', async () => {
    const prisoner = prisonerReceived('2026-11-20T09:00:00Z')
    const probation = probationDetails('2026-11-20T09:05:00Z')
    const tier = tierComplete('2026-11-20T09:10:00Z', CRN, 'B')
    const assessment = assessmentProduced('2026-11-20T09:15:00Z', CRN, scores)
    const com = comAllocated(
      '2026-11-21T10:00:00Z',
      COM,
      {
        allocatingOfficer: { staffCode: 'N54S001', name: 'Sam Lowe', email: 'sam.lowe@probation.example' },
        sendEmailCopyToAllocatingOfficer: true,
      },
      'omic.allocation',
    )
    const pom = allocationChanged('2026-11-22T10:00:00Z', {
      staffCode: POM.staffCode,
      staffName: POM.name,
      staffEmail: POM.email,
    })
    // a reminder asking the LDU for a COM, from a handover service that knew neither the CRN nor the LDU yet
    const chase = reminderDue('2026-11-21T03:00:00Z', {
      reminder: 'short-sentence-com-chase',
      dueDate: '2026-11-21',
      handoverDate: null,
      crn: null,
      lduCode: null,
      lduEmail: null,
    })
    const inOrder = await finalState([prisoner, probation, tier, assessment, chase, com, pom])
    const orders = [
      // everything before the facts it needs: the address, the CRN, the tier and the scores come last
      [pom, com, chase, assessment, tier, com, probation, prisoner, pom],
      // the prisoner first, then the reminder and the COM before the probation case's facts (the upstream order
      // of a new reception: the reminder waits for its address, the COM's email for the tier and scores)
      [prisoner, chase, com, probation, chase, assessment, tier, pom],
      [prisoner, com, tier, chase, probation, assessment, com, pom],
    ]
    expect(inOrder.sent.map(m => m.template).sort()).toEqual([
      'com-allocated',
      'com-allocated',
      'new-allocation',
      'short-sentence-com-needed',
    ])
    expect(inOrder.statuses).toEqual(['sent', 'sent', 'sent', 'sent'])
    for (const order of orders) {
      const shuffled = await finalState(order)
      expect(shuffled.sent).toEqual(inOrder.sent)
      expect(shuffled.outbox).toEqual(inOrder.outbox)
      expect(shuffled.statuses).toEqual(['sent', 'sent', 'sent', 'sent'])
    }
    // all the facts in each email, though in the shuffled run they arrived after it was planned
    const newAllocation = inOrder.sent.find(m => m.template === 'new-allocation')
    expect(newAllocation?.personalisation).toMatchObject({
      prisoner_name: 'Dami Okafor',
      com_name: COM.name,
      last_oasys_date: '2 October 2026',
    })
    expect(inOrder.sent.find(m => m.template === 'com-allocated')?.personalisation).toMatchObject({
      case_name: 'Dami Okafor',
      tier: 'B',
      rosh: 'High',
      rsr_level: 'High (7.2%)',
      sentence: 'Determinate custodial sentence, conditional release 1 March 2028',
    })
    expect(inOrder.sent.find(m => m.template === 'short-sentence-com-needed')).toMatchObject({
      recipient: { kind: 'mailbox', email: LDU.email },
      personalisation: { crn_number: CRN },
    })
  })
})

describe('emails that wait for an address, or a bounded time for the facts they show', () => {
  const scores = { completedDate: '2026-10-02', rsrScore: 7.2, ogrsScore: 81 }

  it('an email waiting for an address a later event supplies is sent once it arrives (the LDU mailbox and the CRN from the probation details)', async () => {
    const h = harness()
    const noms = 'W1000WW'
    const crn = 'X710001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    const chase = reminderDue(
      '2026-11-23T03:00:00Z',
      {
        reminder: 'short-sentence-com-chase',
        dueDate: '2026-11-23',
        handoverDate: null,
        crn: null,
        lduCode: null,
        lduEmail: null,
      },
      noms,
    )
    expect((await handleEvent(h.deps, chase)).outcomes).toEqual([
      { template: 'short-sentence-com-needed', outcome: 'parked' },
    ])
    const [parked, ...none] = await h.store.listByCase(noms, 10)
    expect(none).toEqual([])
    expect(parked).toMatchObject({
      status: 'parked',
      reason: 'waiting-for:crn_number,ldu_mailbox',
      recipient: { kind: 'mailbox', email: null },
      violations: [
        { field: 'crn_number', reason: 'is required' },
        { field: 'ldu_mailbox', reason: 'address not known yet' },
      ],
    })
    const arrived = await handleEvent(h.deps, probationDetails('2026-11-23T09:00:00Z', noms, crn))
    expect(arrived.outcomes).toEqual([{ template: 'short-sentence-com-needed', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({ to: LDU.email, template: 'short-sentence-com-needed' })
    expect(emails[0]?.body).toContain(crn)
    expect(await h.store.get(parked?.id ?? '')).toMatchObject({
      status: 'sent',
      recipient: { kind: 'mailbox', email: LDU.email },
      crn,
    })
    expect(await h.store.listByRecipient(LDU.email, 200).then(l => l.map(m => m.id))).toContain(parked?.id)
    // the same reminder planned now that the mailbox is known is the same email (the LDU mailbox is keyed by role)
    const known = reminderDue(
      '2026-11-23T03:00:00Z',
      { reminder: 'short-sentence-com-chase', dueDate: '2026-11-23', handoverDate: null, crn, lduEmail: LDU.email },
      noms,
    )
    expect((await handleEvent(h.deps, known)).outcomes).toEqual([
      { template: 'short-sentence-com-needed', outcome: 'duplicate' },
    ])
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('an address only the triggering event could carry is skipped for good (the allocating officer without an email)', async () => {
    const h = harness()
    const noms = 'W2000WW'
    const crn = 'X720001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:05:00Z', noms, crn))
    await handleEvent(h.deps, tierComplete('2026-11-01T09:10:00Z', crn, 'B'))
    await handleEvent(h.deps, assessmentProduced('2026-11-01T09:15:00Z', crn, scores))
    const com = comAllocated(
      '2026-11-22T13:20:00Z',
      COM,
      {
        allocatingOfficer: { staffCode: 'N54S009', name: 'No Mail', email: null },
        sendEmailCopyToAllocatingOfficer: true,
      },
      'omic.allocation',
      { crn, noms },
    )
    expect((await handleEvent(h.deps, com)).outcomes.map(o => o.outcome)).toEqual(['sent', 'skipped'])
    const history = await h.store.listByCase(noms, 10)
    expect(history.find(m => m.recipientRule === 'allocating-officer')).toMatchObject({
      status: 'skipped',
      reason: 'no-address',
    })
  })

  it('a COM allocation that arrives before the tier waits for it and is sent with the tier once it arrives', async () => {
    const h = harness()
    const noms = 'W3000WW'
    const crn = 'X730001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:05:00Z', noms, crn))
    await handleEvent(h.deps, assessmentProduced('2026-11-01T09:15:00Z', crn, scores))
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    const [parked] = await h.store.listByCase(noms, 10)
    expect(parked).toMatchObject({
      status: 'parked',
      reason: 'waiting-for:tier',
      violations: [{ field: 'tier', reason: 'expected' }],
    })
    // a redelivery while it waits is the same email
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'duplicate' }])
    const arrived = await handleEvent(h.deps, tierComplete('2026-11-22T13:21:00Z', crn, 'B'))
    expect(arrived.outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.body).toContain('Tier: B')
    expect(emails[0]?.body).toContain('RSR: High (7.2%)')
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('a COM allocation whose tier never comes is sent with "Unknown" once the bound has passed (the quarter-hourly run)', async () => {
    let clock = Date.parse('2026-11-22T13:20:00Z')
    const h = harness(undefined, { now: () => new Date(clock) })
    const noms = 'W4000WW'
    const crn = 'X740001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    expect((await h.store.listByCase(noms, 10))[0]?.reason).toBe('waiting-for:ogrs_level,rosh,rsr_level,tier')
    // the probation details come (with a RoSH level) and the assessment, the tier never does
    clock += 5 * 60_000
    await handleEvent(h.deps, probationDetails('2026-11-22T13:25:00Z', noms, crn))
    await handleEvent(h.deps, assessmentProduced('2026-11-22T13:26:00Z', crn, scores))
    expect((await h.store.listByCase(noms, 10))[0]).toMatchObject({ status: 'parked', reason: 'waiting-for:tier' })
    // within the bound the quarter-hourly run leaves it
    clock = Date.parse('2026-11-22T14:15:00Z')
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toEqual([])
    // once it has passed (60 minutes from when it was first planned), it goes with what is known
    clock = Date.parse('2026-11-22T14:30:00Z')
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.body).toContain('Tier: Unknown')
    expect(emails[0]?.body).toContain('RoSH: High')
    expect(emails[0]?.body).toContain('OGRS: High (81%)')
    // a tier arriving afterwards sends nothing more; nor does another run
    await handleEvent(h.deps, tierComplete('2026-11-22T15:00:00Z', crn, 'B'))
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toHaveLength(1)
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('a COM allocation that first sees a partial tier (calculated without the registrations and the assessment) waits and is sent with the complete tier once it arrives', async () => {
    let clock = Date.parse('2026-11-22T13:20:00Z')
    const h = harness(undefined, { now: () => new Date(clock) })
    const noms = 'W3100WW'
    const crn = 'X731001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:05:00Z', noms, crn))
    await handleEvent(h.deps, assessmentProduced('2026-11-01T09:15:00Z', crn, scores))
    // tiering calculated before it had the registrations and the assessment
    await handleEvent(h.deps, tierComplete('2026-11-22T13:10:00Z', crn, 'D', ['registrations', 'assessment']))
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    expect((await h.store.listByCase(noms, 10))[0]).toMatchObject({
      status: 'parked',
      reason: 'waiting-for:tier',
      violations: [{ field: 'tier', reason: 'expected' }],
    })
    // a tier still without the assessment: it keeps waiting, also through a quarter-hourly run within the bound
    clock += 10 * 60_000
    const still = await handleEvent(h.deps, tierComplete('2026-11-22T13:30:00Z', crn, 'D', ['assessment']))
    expect(still.outcomes).toEqual([])
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toEqual([])
    // the complete tier arrives within the bound: sent at once, with it
    clock += 10 * 60_000
    const complete = await handleEvent(h.deps, tierComplete('2026-11-22T13:40:00Z', crn, 'C', []))
    expect(complete.outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.body).toContain('Tier: C\n')
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('a COM allocation whose complete tier never comes is sent with the partial tier once the bound has passed (the quarter-hourly run)', async () => {
    let clock = Date.parse('2026-11-22T13:20:00Z')
    const h = harness(undefined, { now: () => new Date(clock) })
    const noms = 'W4100WW'
    const crn = 'X741001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:05:00Z', noms, crn))
    await handleEvent(h.deps, assessmentProduced('2026-11-01T09:15:00Z', crn, scores))
    // a case without registrations: every tier lacks them, no complete one will come
    await handleEvent(h.deps, tierComplete('2026-11-22T13:10:00Z', crn, 'D', ['registrations']))
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'parked' }])
    expect((await h.store.listByCase(noms, 10))[0]).toMatchObject({ status: 'parked', reason: 'waiting-for:tier' })
    // within the bound the quarter-hourly run leaves it
    clock = Date.parse('2026-11-22T14:15:00Z')
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toEqual([])
    // once it has passed (60 minutes from when it was first planned), it goes with the latest tier it has
    clock = Date.parse('2026-11-22T14:30:00Z')
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    const emails = await outboxFor(h.outbox, noms)
    expect(emails).toHaveLength(1)
    expect(emails[0]?.body).toContain('Tier: D\n')
    // a complete tier afterwards sends nothing more
    await handleEvent(h.deps, tierComplete('2026-11-22T15:00:00Z', crn, 'C', []))
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect(await outboxFor(h.outbox, noms)).toHaveLength(1)
    expect(await h.store.parkedOfCase(noms)).toEqual([])
  })

  it('a tier whose event does not say what it lacked (published before missingInputs) counts as complete: the email goes at once', async () => {
    const h = harness()
    const noms = 'W4200WW'
    const crn = 'X742001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, probationDetails('2026-11-01T09:05:00Z', noms, crn))
    await handleEvent(h.deps, assessmentProduced('2026-11-01T09:15:00Z', crn, scores))
    await handleEvent(h.deps, tierComplete('2026-11-22T13:10:00Z', crn, 'B'))
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    expect((await handleEvent(h.deps, com)).outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    expect((await outboxFor(h.outbox, noms))[0]?.body).toContain('Tier: B\n')
  })

  it('an email that also lacks a case fact when the bound passes stays parked for that fact alone, then goes at once', async () => {
    let clock = Date.parse('2026-11-22T13:20:00Z')
    const h = harness(undefined, { now: () => new Date(clock) })
    const noms = 'W5000WW'
    const crn = 'X750001'
    const com = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'omic.allocation', { crn, noms })
    await handleEvent(h.deps, com)
    expect((await h.store.listByCase(noms, 10))[0]?.reason).toBe('waiting-for:case_name,ogrs_level,rosh,rsr_level,tier')
    clock = Date.parse('2026-11-22T14:30:00Z')
    expect((await replanEndedWaits(h.deps)).outcomes).toEqual([])
    expect((await h.store.listByCase(noms, 10))[0]).toMatchObject({ status: 'parked', reason: 'waiting-for:case_name' })
    const arrived = await handleEvent(h.deps, prisonerReceived('2026-11-22T14:31:00Z', {}, noms))
    expect(arrived.outcomes).toEqual([{ template: 'com-allocated', outcome: 'sent' }])
    expect((await outboxFor(h.outbox, noms))[0]?.body).toContain('Tier: Unknown')
  })
})

/** What the history and the outbox of case NOMS hold after these events, handled one by one over fresh tables. */
async function finalState(events: readonly NotificationEvent[]) {
  const own = await serviceTables('notifications')
  try {
    const store = new DynamoMessageStore(own.client, own.tableName, own.deadLetterTableName)
    const outbox = new DynamoEmailOutbox(own.client, own.tableName)
    const deps = {
      messages: store,
      preferences: new DynamoPreferenceStore(own.client, own.tableName),
      digests: new DynamoDigestStore(own.client, own.tableName),
      directory: new DynamoDirectory(own.client, own.tableName),
      crnLinks: new DynamoCrnLinks<ParkableParts>(own.client, own.tableName, PARKABLE_PART_SCHEMAS),
      links: new PortalLinks('https://portal.example'),
      channel: new OutboxChannel(outbox),
      publisher: new RecordingPublisher(),
      retryDelaysMs: [],
      sleep: async () => undefined,
      clock: clockOf(() => new Date()),
    }
    for (const event of events) await handleEvent(deps, event)
    const byJson = <T>(items: T[]) => items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
    const history = await store.listByCase(NOMS, 200)
    return {
      statuses: history.map(m => m.status),
      sent: byJson(
        history
          .filter(m => m.status === 'sent')
          .map(m => ({
            id: m.id,
            template: m.template,
            recipient: m.recipient,
            episode: m.episode,
            personalisation: m.personalisation,
          })),
      ),
      outbox: byJson((await outbox.list(200)).map(e => ({ id: e.id, to: e.to, subject: e.subject, body: e.body }))),
    }
  } finally {
    await own.drop()
  }
}

describe('a tier or assessment that arrives before the CRN is linked', () => {
  const scores = { completedDate: '2026-10-02', rsrScore: 7.2, ogrsScore: 81 }

  it('is parked by CRN and applied when probation details link the CRN: the COM email shows it', async () => {
    const h = harness()
    const noms = 'D1000DD'
    const crn = 'X410001'
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    await handleEvent(h.deps, tierComplete('2026-11-02T09:00:00Z', crn, 'B'))
    await handleEvent(h.deps, assessmentProduced('2026-11-02T09:30:00Z', crn, scores))
    expect((await h.deps.directory.getCase(noms))?.tier).toBeUndefined()
    await handleEvent(h.deps, probationDetails('2026-11-03T09:00:00Z', noms, crn))
    const record = await h.deps.directory.getCase(noms)
    expect(record?.tier).toEqual({ tier: 'B' })
    expect(record?.assessment).toEqual(scores)
    // applied once: the parked values are gone from the CRN
    expect((await h.deps.crnLinks.link(crn, noms)).parked).toEqual({})
    await handleEvent(h.deps, comAllocated('2026-11-04T09:00:00Z', COM, {}, 'hmpps.probation', { crn, noms: null }))
    const [email] = (await outboxFor(h.outbox, noms)).filter(e => e.template === 'com-allocated')
    expect(email?.body).toContain('Tier: B')
    expect(email?.body).toContain('RSR: High')
    expect(email?.body).toContain('OGRS: High')
  })

  it('keeps only the newest parked value, and a link by a COM allocation request applies it order-safely', async () => {
    const h = harness()
    const noms = 'D2000DD'
    const crn = 'X420001'
    await handleEvent(h.deps, tierComplete('2026-11-02T09:00:00Z', crn, 'C'))
    // an older calculation arriving late does not replace the newer parked one
    await handleEvent(h.deps, tierComplete('2026-11-01T09:00:00Z', crn, 'A'))
    await handleEvent(h.deps, comAllocationRequested('2026-11-03T09:00:00Z', noms, crn))
    expect((await h.deps.directory.getCase(noms))?.tier).toEqual({ tier: 'C' })
    // once linked, a tier goes straight to the case; a stale parked one would not have replaced it either
    await handleEvent(h.deps, tierComplete('2026-11-05T09:00:00Z', crn, 'D'))
    expect((await h.deps.directory.getCase(noms))?.tier).toEqual({ tier: 'D' })
    expect((await h.deps.crnLinks.link(crn, noms)).parked).toEqual({})
  })

  it('applies a tier parked while the link was being written (the park sees the link and applies instead)', async () => {
    const h = harness()
    const noms = 'D3000DD'
    const crn = 'X430001'
    await h.deps.crnLinks.link(crn, noms)
    // a parking attempt racing a link that has just landed: it finds the link, the tier goes to the case
    expect(
      await parkUntilLinked(h.deps.crnLinks, crn, 'tier', { at: '2026-11-02T09:00:00Z', value: { tier: 'E' } }),
    ).toEqual({ nomsNumber: noms })
    await handleEvent(h.deps, tierComplete('2026-11-02T09:00:00Z', crn, 'E'))
    expect((await h.deps.directory.getCase(noms))?.tier).toEqual({ tier: 'E' })
  })
})

describe('delivery through GOV.UK Notify (a local fake)', () => {
  const notifyChannel = () => NotifyChannel.create({ apiKey: API_KEY, baseUrl: notify.baseUrl, timeoutMs: 500 })

  async function allocate(h: Harness, noms: string) {
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
    return handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-23T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        noms,
      ),
    )
  }

  it('retries transient failures with backoff, then dead-letters; a redrive delivers it', async () => {
    const h = harness(notifyChannel)
    const before = notify.requests
    notify.script(NOTIFY_ERRORS.serverError, NOTIFY_ERRORS.rateLimit, 'hang')
    const result = await allocate(h, 'D1000DD')
    expect(result.outcomes).toEqual([{ template: 'new-allocation', outcome: 'dead-letter' }])
    expect(notify.requests - before).toBe(3)
    // backoff: jittered between half and all of each configured delay
    expect(h.slept).toHaveLength(2)
    expect(h.slept[0]).toBeGreaterThanOrEqual(5)
    expect(h.slept[0]).toBeLessThanOrEqual(10)
    expect(h.slept[1]).toBeGreaterThanOrEqual(10)
    expect(h.slept[1]).toBeLessThanOrEqual(20)
    const [message] = await h.store.listByCase('D1000DD', 1)
    expect(message).toMatchObject({ status: 'dead-letter', attempts: 3 })
    expect(message?.errors.map(e => e.code)).toEqual(['http-500-Exception', 'http-429-RateLimitError', 'timeout'])
    const dead = await h.store.listDeadLetters()
    expect(dead.map(d => d.id)).toContain(message?.id)
    expect(h.publisher.of('offender-management.notification.failed').at(-1)?.additionalInformation).toMatchObject({
      notificationId: message?.id,
      failure: 'technical-failure',
      retryable: true,
    })

    const accepted = notify.accepted.length
    const redriven = await redrive(h.deps, message?.id ?? '')
    expect(redriven).toMatchObject({ outcome: 'redriven', status: 'sent' })
    expect(notify.accepted.length - accepted).toBe(1)
    expect(notify.accepted.at(-1)).toMatchObject({ emailAddress: POM.email, reference: message?.reference })
    expect((await h.store.listDeadLetters()).map(d => d.id)).not.toContain(message?.id)
    expect(h.publisher.of('offender-management.notification.sent').at(-1)?.additionalInformation).toMatchObject({
      notificationId: message?.id,
    })
    expect(await redrive(h.deps, message?.id ?? '')).toEqual({ outcome: 'not-dead-lettered', status: 'sent' })
    expect(await redrive(h.deps, 'f'.repeat(32))).toEqual({ outcome: 'not-found' })
  })

  it('records a permanent failure (400) without retrying or dead-lettering', async () => {
    const h = harness(notifyChannel)
    const before = notify.requests
    notify.script(NOTIFY_ERRORS.invalidAddress)
    const result = await allocate(h, 'D2000DD')
    expect(result.outcomes).toEqual([{ template: 'new-allocation', outcome: 'failed' }])
    expect(notify.requests - before).toBe(1)
    expect(h.slept).toEqual([])
    const [message] = await h.store.listByCase('D2000DD', 1)
    expect(message).toMatchObject({ status: 'failed', reason: 'http-400-ValidationError' })
    expect((await h.store.listDeadLetters()).map(d => d.id)).not.toContain(message?.id)
    expect(h.publisher.of('offender-management.notification.failed').at(-1)?.additionalInformation).toMatchObject({
      failure: 'permanent-failure',
      retryable: false,
    })
  })

  it('does not send twice when the sender crashed after Notify accepted the email', async () => {
    // the channel "crashes" once, right after Notify accepted the email
    let crashes = 1
    const h = harness(() => {
      const real = notifyChannel()
      return {
        name: 'notify',
        deliveryReceipts: true,
        deliveryStatus: providerId => real.deliveryStatus(providerId),
        findSent: reference => real.findSent(reference),
        async send(email: OutgoingEmail) {
          const result = await real.send(email)
          if (crashes-- > 0) throw new Error('connection to DynamoDB lost')
          return result
        },
      }
    })
    await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, 'D3000DD'))
    const event = allocationChanged(
      '2026-11-23T10:00:00Z',
      { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
      'D3000DD',
    )
    const accepted = notify.accepted.length
    await expect(handleEvent(h.deps, event)).rejects.toThrow('connection to DynamoDB lost')
    const [pending] = await h.store.listByCase('D3000DD', 1)
    expect(pending?.status).toBe('pending')
    // Lambda retries the event; the message is taken over and found at Notify by its reference
    await h.store.recordAttempt(
      pending?.id ?? '',
      { code: 'crash', retryable: true, at: new Date().toISOString() },
      0,
      0,
    )
    const retried = await handleEvent(h.deps, event)
    expect(retried.outcomes).toEqual([{ template: 'new-allocation', outcome: 'sent' }])
    expect(notify.accepted.length - accepted).toBe(1)
  })
})

describe('delivery receipts from GOV.UK Notify (a local fake)', () => {
  it('stores delivered, fails permanent failures, dead-letters temporary ones (a redrive resends), waits on sending', async () => {
    const h = harness(() => NotifyChannel.create({ apiKey: API_KEY, baseUrl: notify.baseUrl, timeoutMs: 500 }))
    const cases = {
      delivered: 'F1000FF',
      'permanent-failure': 'F2000FF',
      'temporary-failure': 'F3000FF',
      sending: 'F4000FF',
    }
    const ids: Record<string, string> = {}
    for (const [status, noms] of Object.entries(cases)) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, noms))
      await handleEvent(
        h.deps,
        allocationChanged(
          '2026-11-23T10:00:00Z',
          { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
          noms,
        ),
      )
      const [message] = await h.store.listByCase(noms, 1)
      ids[status] = message?.id ?? ''
      notify.setStatus(message?.providerId ?? '', status)
    }
    // too early: Notify is given a minute
    expect((await pollDeliveryStatuses(h.deps)).checked).toBe(0)
    const later = { ...h.deps, clock: clockOf(() => new Date(Date.now() + 120_000)) }
    const run = await pollDeliveryStatuses(later)
    // (other tests' sent emails share the table: count at least ours)
    expect(run.errors).toBe(0)
    for (const n of [run.delivered, run.failed, run.deadLettered, run.pending]) expect(n).toBeGreaterThanOrEqual(1)
    expect(await h.store.get(ids.delivered ?? '')).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' })
    expect(await h.store.get(ids['permanent-failure'] ?? '')).toMatchObject({
      status: 'failed',
      reason: 'notify-permanent-failure',
    })
    expect(await h.store.get(ids.sending ?? '')).toMatchObject({ status: 'sent', deliveryStatus: 'sending' })
    const temporary = await h.store.get(ids['temporary-failure'] ?? '')
    expect(temporary).toMatchObject({ status: 'dead-letter', deliveryStatus: 'temporary-failure' })
    expect(h.publisher.of('offender-management.notification.failed').map(e => e.additionalInformation)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          notificationId: ids['permanent-failure'],
          failure: 'permanent-failure',
          retryable: false,
        }),
        expect.objectContaining({
          notificationId: ids['temporary-failure'],
          failure: 'temporary-failure',
          retryable: true,
        }),
      ]),
    )
    // a redrive sends it again (the earlier send is known to have failed: no lookup by reference)
    const accepted = notify.accepted.length
    expect(await redrive(h.deps, temporary?.id ?? '')).toMatchObject({ outcome: 'redriven', status: 'sent' })
    expect(notify.accepted.length - accepted).toBe(1)
    // a second poll finds only what is still on its way
    const again = await pollDeliveryStatuses(later)
    expect(again.delivered + again.failed + again.deadLettered).toBeLessThanOrEqual(1)
  })
})

describe('the monthly LDU pipeline report', () => {
  it('sends the CSV to an LDU with handovers, "no handovers" to one without, nothing to an LDU without cases; once a month', async () => {
    const h = harness()
    const busy = { code: 'N99BSY1', name: 'Busy LDU', email: 'busy-ldu@probation.example' }
    const quiet = { code: 'N99QUI1', name: 'Quiet LDU', email: 'quiet-ldu@probation.example' }
    const empty = { code: 'N99EMP1', name: 'Empty LDU', email: 'empty-ldu@probation.example' }
    const cases = [
      { noms: 'E1000EE', crn: 'X900001', ldu: busy, start: '2026-12-10' },
      { noms: 'E2000EE', crn: 'X900002', ldu: busy, start: '2026-12-02' },
      { noms: 'E3000EE', crn: 'X900003', ldu: busy, start: '2027-03-01' },
      { noms: 'E4000EE', crn: 'X900004', ldu: quiet, start: '2027-06-01' },
    ]
    for (const c of cases) {
      await handleEvent(h.deps, prisonerReceived('2026-11-01T09:00:00Z', {}, c.noms))
      await handleEvent(h.deps, probationDetails('2026-11-01T09:00:00Z', c.noms, c.crn, c.ldu))
      await handleEvent(h.deps, handoverChanged('2026-11-02T03:00:00Z', { handoverStartDate: c.start }, c.noms))
    }
    await handleEvent(h.deps, probationDetails('2026-11-01T09:00:00Z', 'E5000EE', 'X900005', empty))
    // that case then leaves the LDU: the LDU is known but has no cases
    await handleEvent(
      h.deps,
      probationDetails('2026-11-02T09:00:00Z', 'E5000EE', 'X900005', { code: '', name: '', email: '' }),
    )
    await handleEvent(
      h.deps,
      allocationChanged(
        '2026-11-02T10:00:00Z',
        { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email },
        'E1000EE',
      ),
    )

    const run = await sendMonthlyPipelineReports(h.deps, '2026-12-01')
    const mine = run.ldus.filter(l => [busy.code, quiet.code, empty.code].includes(l.lduCode))
    expect(mine).toEqual([
      { lduCode: busy.code, cases: 2, outcome: 'sent' },
      { lduCode: quiet.code, cases: 0, outcome: 'sent' },
    ])
    const outbox = await h.outbox.list(200)
    const report = outbox.find(e => e.to === busy.email)
    expect(report?.template).toBe('pipeline-to-community')
    expect(report?.attachment?.filename).toBe('handover-pipeline-N99BSY1-2026-12-01.csv')
    const rows = report?.attachment?.content.trimEnd().split('\r\n') ?? []
    expect(rows[0]).toBe(
      'Prisoner,CRN,Prisoner number,COM responsible,Release/Parole Date,Prison,Current POM,POM email,COM',
    )
    expect(rows.slice(1).map(r => r.split(',')[2])).toEqual(['E2000EE', 'E1000EE'])
    expect(rows[2]).toContain('Anne Lee,anne.lee@prison.example')
    expect(outbox.find(e => e.to === quiet.email)?.template).toBe('pipeline-to-community-no-handovers')
    expect(outbox.find(e => e.to === empty.email)).toBeUndefined()

    const again = await sendMonthlyPipelineReports(h.deps, '2026-12-01')
    expect(again.ldus.find(l => l.lduCode === busy.code)?.outcome).toBe('duplicate')
  })
})
