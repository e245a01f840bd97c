import { parsePublishedEvent } from '@omic/contracts'
import { type OutgoingEvent, type Principal, toEnvelope } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import { actorOf } from '../../src/http/common'
import { historyEntry } from '../../src/use-cases/allocation-changes'
import { allocatePrimary, reallocatePrimary, removePomRoles, setCoworking } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { SPO, SPO2, testDeps } from '../fakes/deps'
import { probationDetails, received, released, tierCalculated } from '../fakes/events'
import { InMemoryStore } from '../fakes/in-memory-store'

const anyPrison = () => true
const SPO_CHANGED_BY = { staffId: '9001', name: 'Hana Okoro', email: 'hana.okoro@prison.example' }

async function setup() {
  const store = new InMemoryStore()
  const ctx = { store, ...testDeps(store) }
  for (const noms of ['A1000AA', 'A2000AA']) {
    const crn = noms === 'A1000AA' ? 'X100000' : 'X200000'
    await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z'))
    await recordCaseEvent(ctx.deps, tierCalculated(crn, 'C', '2026-11-20T11:00:00Z'))
  }
  for (const id of [1, 2, 3]) {
    await upsertPom(ctx.deps, SPO, 'LEI', id, {
      name: `Pom ${id}`,
      email: `pom.${id}@prison.example`,
      grade: 'PRO',
      status: 'active',
      workingPattern: 1,
    })
  }
  ctx.sink.clear()
  return ctx
}

function allocationEvents(published: readonly OutgoingEvent[]) {
  const events = published.filter(e => e.eventType === 'offender-management.allocation.changed')
  // what leaves the service is checked against the published contract (composition.ts does the same)
  for (const e of events) parsePublishedEvent('offender-management.allocation.changed', toEnvelope(e))
  return events.map(e => e.additionalInformation)
}

describe('changedBy on allocation.changed', () => {
  it('names the acting SPO on an allocation, a reallocation, co-working and an admin removal', async () => {
    const ctx = await setup()
    expect((await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)).ok).toBe(true)
    expect(
      (await reallocatePrimary(ctx.deps, SPO, 'A1000AA', { fromStaffId: 1, staffId: 2, reason: 'om_left' }, anyPrison))
        .ok,
    ).toBe(true)
    expect((await setCoworking(ctx.deps, SPO2, 'A1000AA', { staffId: 3 }, anyPrison)).ok).toBe(true)
    const admin = { subject: 'admin-1', staffId: null, name: 'Ade Admin', email: null }
    expect(
      (await removePomRoles(ctx.deps, admin, 'A1000AA', { primary: true, coworking: true }, 'manual_change', anyPrison))
        .ok,
    ).toBe(true)
    expect(allocationEvents(ctx.sink.published).map(i => [i.role, i.eventTrigger, i.changedBy])).toEqual([
      ['primary', 'user', SPO_CHANGED_BY],
      ['primary', 'user', SPO_CHANGED_BY],
      // an SPO whose token has no name or email is still named by staff id
      ['coworking', 'user', { staffId: '9002', name: null, email: null }],
      ['coworking', 'manual_change', { staffId: null, name: 'Ade Admin', email: null }],
      ['primary', 'manual_change', { staffId: null, name: 'Ade Admin', email: null }],
    ])
  })

  it('names the SPO who set a POM inactive on every role handed back, and nobody on a release', async () => {
    const ctx = await setup()
    await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)
    await allocatePrimary(ctx.deps, SPO, 'A2000AA', { staffId: 2 }, anyPrison)
    await setCoworking(ctx.deps, SPO, 'A2000AA', { staffId: 1 }, anyPrison)
    ctx.sink.clear()
    await upsertPom(ctx.deps, SPO, 'LEI', 1, {
      name: 'Pom 1',
      email: 'pom.1@prison.example',
      grade: 'PRO',
      status: 'inactive',
      workingPattern: 1,
    })
    expect(allocationEvents(ctx.sink.published)).toEqual([
      expect.objectContaining({
        nomsNumber: 'A1000AA',
        role: 'primary',
        staffCode: null,
        previousStaffCode: 1,
        eventTrigger: 'inactive_pom',
        changedBy: SPO_CHANGED_BY,
      }),
      expect.objectContaining({
        nomsNumber: 'A2000AA',
        role: 'coworking',
        previousStaffCode: 1,
        eventTrigger: 'inactive_pom',
        changedBy: SPO_CHANGED_BY,
      }),
    ])
    ctx.sink.clear()
    await recordCaseEvent(ctx.deps, released('A2000AA', 'LEI', '2026-11-25T09:00:00Z'))
    const onRelease = allocationEvents(ctx.sink.published)
    expect(onRelease.map(i => [i.eventTrigger, i.changedBy])).toEqual([['offender_released', null]])
  })
})

describe('the acting staff member from the token', () => {
  const principal = (over: Partial<Principal>): Principal => ({
    subject: 'spo-sub',
    staffId: '9001',
    name: 'Hana Okoro',
    email: 'hana.okoro@prison.example',
    roles: ['SPO'],
    prisons: ['LEI'],
    pdus: [],
    ...over,
  })

  it('keeps the staff id, name and a valid email', () => {
    expect(actorOf(principal({}))).toEqual({
      subject: 'spo-sub',
      staffId: '9001',
      name: 'Hana Okoro',
      email: 'hana.okoro@prison.example',
    })
  })

  it('turns missing or blank claims and an email that is not an address into null', () => {
    expect(actorOf(principal({ staffId: '  ', name: undefined, email: 'hana@' }))).toEqual({
      subject: 'spo-sub',
      staffId: null,
      name: null,
      email: null,
    })
    expect(actorOf(principal({ email: 'two words@prison.example' })).email).toBeNull()
    expect(actorOf(principal({ email: undefined })).email).toBeNull()
  })

  it('is stored in the history as subject and staff id only', () => {
    const entry = historyEntry({
      id: 'h1',
      at: '2026-11-24T10:00:00Z',
      nomsNumber: 'A1000AA',
      prisonId: 'LEI',
      event: 'allocate_primary_pom',
      trigger: 'user',
      role: 'primary',
      by: SPO,
    })
    expect(entry.by).toEqual({ subject: 'spo-1', staffId: '9001' })
    expect(historyEntry({ ...entry, by: null }).by).toBeNull()
  })
})
