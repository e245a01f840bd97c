import { drainOutbox } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import { outboxDeps } from '../../src/use-cases/case-writer'
import { allocatePrimary, reallocatePrimary, setCoworking } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { SPO, SPO2, testDeps } from '../fakes/deps'
import { probationDetails, received, tierCalculated } from '../fakes/events'
import { InMemoryStore } from '../fakes/in-memory-store'

const anyPrison = () => true

async function setup(tier: string | null = 'C') {
  const store = new InMemoryStore()
  const ctx = { store, ...testDeps(store) }
  await recordCaseEvent(ctx.deps, received('A1000AA', 'LEI', '2026-11-20T09:00:00Z'))
  if (tier) {
    await recordCaseEvent(ctx.deps, probationDetails('A1000AA', 'X100000', '2026-11-20T10:00:00Z'))
    await recordCaseEvent(ctx.deps, tierCalculated('X100000', tier, '2026-11-20T11:00:00Z'))
  }
  for (const [id, grade, status] of [
    [1, 'PRO', 'active'],
    [2, 'PRO', 'active'],
    [3, 'PRO', 'unavailable'],
  ] as const) {
    await upsertPom(ctx.deps, SPO, 'LEI', id, { name: `Pom ${id}`, email: null, grade, status, workingPattern: 1 })
  }
  return ctx
}

describe('allocating a primary POM', () => {
  it('refuses a case still missing information, an unknown or unavailable POM, and a prison out of scope', async () => {
    const missing = await setup(null)
    expect(await allocatePrimary(missing.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)).toMatchObject({
      ok: false,
      kind: 'conflict',
      message: 'The case is missing: probation record (CRN), tier',
    })
    const ctx = await setup()
    expect(await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 99 }, anyPrison)).toEqual({
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.staffId', reason: 'No POM 99 is recorded at LEI' }],
    })
    expect(await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 3 }, anyPrison)).toMatchObject({
      errors: [{ field: 'body.staffId', reason: 'The POM is unavailable for new cases' }],
    })
    expect(await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, () => false)).toEqual({
      ok: false,
      kind: 'forbidden',
      prisonId: 'LEI',
    })
    expect(await allocatePrimary(ctx.deps, SPO, 'Z9999ZZ', { staffId: 1 }, anyPrison)).toEqual({
      ok: false,
      kind: 'not_found',
    })
  })

  it('refuses a POM at their case cap (80 for a full-time probation officer, scaled by working pattern)', async () => {
    const ctx = await setup('A')
    await upsertPom(ctx.deps, SPO, 'LEI', 7, {
      name: 'Part time',
      email: null,
      grade: 'PO',
      status: 'active',
      workingPattern: 0.1,
    })
    // 0.1 FTE → cap 8: fill it with eight cases held elsewhere in the store
    for (let i = 0; i < 8; i++) {
      const noms = `B${1000 + i}BB`
      await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
      const stored = ctx.store.cases.get(noms)
      if (stored) {
        stored.record.allocation = {
          ...stored.record.allocation,
          primary: {
            staffId: 7,
            name: 'Part time',
            email: null,
            grade: 'PO',
            prisonId: 'LEI',
            allocatedAt: 'x',
            allocatedBy: null,
          },
        }
      }
    }
    expect(await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 7 }, anyPrison)).toMatchObject({
      ok: false,
      errors: [{ field: 'body.staffId', reason: 'The POM holds 8 cases, the most they may hold (8)' }],
    })
  })

  it('lets the first of two racing SPOs win and tells the second who holds the case', async () => {
    const ctx = await setup()
    // SPO2's allocation lands between SPO's read and write
    ctx.store.beforeCommit = async () => {
      const other = await allocatePrimary(ctx.deps, SPO2, 'A1000AA', { staffId: 2 }, anyPrison)
      expect(other.ok).toBe(true)
    }
    expect(await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)).toMatchObject({
      ok: false,
      kind: 'conflict',
      message: 'The case already has a primary POM',
      current: { primaryPom: { staffId: 2, allocatedBy: 'spo-2' } },
    })
    expect(ctx.sink.published).toHaveLength(1)
  })

  it('never makes the co-working POM the primary', async () => {
    const ctx = await setup()
    await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)
    await setCoworking(ctx.deps, SPO, 'A1000AA', { staffId: 2 }, anyPrison)
    expect(
      await reallocatePrimary(ctx.deps, SPO, 'A1000AA', { fromStaffId: 1, staffId: 2, reason: 'om_left' }, anyPrison),
    ).toMatchObject({
      ok: false,
      errors: [{ field: 'body.staffId', reason: 'The co-working POM cannot also be the primary POM' }],
    })
    expect(
      await reallocatePrimary(ctx.deps, SPO, 'A1000AA', { fromStaffId: 1, staffId: 1, reason: 'om_left' }, anyPrison),
    ).toMatchObject({ ok: false, errors: [{ field: 'body.staffId' }] })
  })

  it('keeps an event in the outbox when publishing fails and publishes it on the next drain', async () => {
    const ctx = await setup()
    ctx.sink.failNext = 1
    const out = await allocatePrimary(ctx.deps, SPO, 'A1000AA', { staffId: 1 }, anyPrison)
    expect(out.ok).toBe(true)
    expect(ctx.sink.published).toEqual([])
    expect(ctx.warnings).toEqual(['publishing committed events failed; left in the outbox for the drain'])
    const drain = () => drainOutbox(outboxDeps(ctx.deps), { now: ctx.clock.now() })
    expect(await drain()).toMatchObject({ published: 0 }) // too recent: a publish may still be in flight
    ctx.clock.advance(60_000)
    expect(await drain()).toMatchObject({ published: 1 })
    expect(ctx.sink.published.map(e => e.additionalInformation.staffCode)).toEqual([1])
    expect(ctx.store.outbox.size).toBe(0)
  })
})
