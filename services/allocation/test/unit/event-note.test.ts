import { parsePublishedEvent } from '@omic/contracts'
import { type OutgoingEvent, toEnvelope } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import { eventNote } from '../../src/use-cases/allocation-changes'
import { confirmBulkReallocation } from '../../src/use-cases/bulk-reallocation'
import { allocatePrimary, reallocatePrimary, removePomRoles, setCoworking } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { SPO, testDeps } from '../fakes/deps'
import { probationDetails, received, released, tierCalculated } from '../fakes/events'
import { InMemoryStore } from '../fakes/in-memory-store'

const anyPrison = () => true
const CASES = [
  { noms: 'A1000AA', crn: 'X100000' },
  { noms: 'A2000AA', crn: 'X200000' },
  { noms: 'A3000AA', crn: 'X300000' },
]

async function setup() {
  const store = new InMemoryStore()
  const ctx = { store, ...testDeps(store) }
  for (const c of CASES) {
    await recordCaseEvent(ctx.deps, received(c.noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, probationDetails(c.noms, c.crn, '2026-11-20T10:00:00Z'))
    await recordCaseEvent(ctx.deps, tierCalculated(c.crn, 'C', '2026-11-20T11:00:00Z'))
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

/** The `allocation.changed` events published, each checked against the published contract first. */
function allocationEvents(published: readonly OutgoingEvent[]) {
  const events = published.filter(e => e.eventType === 'offender-management.allocation.changed')
  return events.map(e => parsePublishedEvent('offender-management.allocation.changed', toEnvelope(e)))
}

const notes = (published: readonly OutgoingEvent[]) =>
  allocationEvents(published).map(e => [
    e.additionalInformation.nomsNumber,
    e.additionalInformation.role,
    e.additionalInformation.eventTrigger,
    e.additionalInformation.note,
  ])

describe('the SPO’s note on allocation.changed', () => {
  it('is carried, trimmed, on an allocation, a reallocation and a co-working POM', async () => {
    const ctx = await setup()
    const allocated = await allocatePrimary(
      ctx.deps,
      SPO,
      'A1000AA',
      { staffId: 1, note: '  Needs an interpreter (Tigrinya).  ' },
      anyPrison,
    )
    expect(allocated.ok).toBe(true)
    const reallocated = await reallocatePrimary(
      ctx.deps,
      SPO,
      'A1000AA',
      { fromStaffId: 1, staffId: 2, reason: 'om_left', note: 'Pom 1 has left; case conference on Friday' },
      anyPrison,
    )
    expect(reallocated.ok).toBe(true)
    expect((await setCoworking(ctx.deps, SPO, 'A1000AA', { staffId: 3, note: 'Co-work the OBP' }, anyPrison)).ok).toBe(
      true,
    )
    expect(notes(ctx.sink.published)).toEqual([
      ['A1000AA', 'primary', 'user', 'Needs an interpreter (Tigrinya).'],
      ['A1000AA', 'primary', 'user', 'Pom 1 has left; case conference on Friday'],
      ['A1000AA', 'coworking', 'user', 'Co-work the OBP'],
    ])
  })

  it('is null without a note, with a blank one, on a removal and on system changes', async () => {
    const ctx = await setup()
    await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)
    await allocatePrimary(ctx.deps, SPO, 'A2000AA', { staffId: 1, note: '   ' }, anyPrison)
    await setCoworking(ctx.deps, SPO, 'A2000AA', { staffId: 2, note: null }, anyPrison)
    await removePomRoles(ctx.deps, SPO, 'A2000AA', { primary: false, coworking: true }, 'user', anyPrison)
    await recordCaseEvent(ctx.deps, released('A1000AA', 'LEI', '2026-11-25T09:00:00Z'))
    await upsertPom(ctx.deps, SPO, 'LEI', 1, {
      name: 'Pom 1',
      email: 'pom.1@prison.example',
      grade: 'PRO',
      status: 'inactive',
      workingPattern: 1,
    })
    expect(notes(ctx.sink.published)).toEqual([
      ['A1000AA', 'primary', 'user', null],
      ['A2000AA', 'primary', 'user', null],
      ['A2000AA', 'coworking', 'user', null],
      ['A2000AA', 'coworking', 'user', null],
      ['A1000AA', 'primary', 'offender_released', null],
      ['A2000AA', 'primary', 'inactive_pom', null],
    ])
  })

  it('is the same on every case of a bulk reallocation', async () => {
    const ctx = await setup()
    for (const c of CASES) await allocatePrimary(ctx.deps, SPO, c.noms, { staffId: 1 }, anyPrison)
    ctx.sink.clear()
    const result = await confirmBulkReallocation(ctx.deps, SPO, 'LEI', 1, {
      targetStaffId: 2,
      reason: 'om_left',
      note: ' Pom 1 moves to the OMU on Monday ',
      cases: CASES.map(c => ({ nomsNumber: c.noms })),
    })
    if (!result.ok) throw new Error(JSON.stringify(result))
    expect(result.value.reallocated).toBe(3)
    expect(notes(ctx.sink.published)).toEqual(
      CASES.map(c => [c.noms, 'primary', 'bulk_reallocation', 'Pom 1 moves to the OMU on Monday']),
    )
  })

  it('keeps within the contract: trimmed, blank to null', () => {
    expect(eventNote('  a note \n')).toBe('a note')
    expect(eventNote(' \t ')).toBeNull()
    expect(eventNote('')).toBeNull()
    expect(eventNote(undefined)).toBeNull()
    expect(eventNote(null)).toBeNull()
  })
})
