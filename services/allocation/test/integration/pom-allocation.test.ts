import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { caseHistory, listCases } from '../../src/use-cases/case-views'
import { allocatePrimary, reallocatePrimary, removePomRoles, setCoworking } from '../../src/use-cases/pom-allocation'
import { pomRecommendations } from '../../src/use-cases/recommendations'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { SPO, SPO2 } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { handoverChanged, probationDetails, received, released, tierCalculated, updated } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>
const anyPrison = () => true

beforeAll(async () => {
  tables = await serviceTables('allocation')
})
afterAll(() => tables?.drop())

let seq = 0
/** A fresh prisoner (unique NOMS and CRN per test) received at LEI with a CRN and a tier. */
async function tieredCase(tier = 'B', prisonId = 'LEI') {
  seq++
  const noms = `A${String(1000 + seq).padStart(4, '0')}BC`
  const crn = `X${String(100000 + seq)}`
  await recordCaseEvent(ctx.deps, received(noms, prisonId, '2026-11-20T09:00:00Z', { prisonArrivalDate: '2026-11-20' }))
  await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z'))
  await recordCaseEvent(ctx.deps, tierCalculated(crn, tier, '2026-11-20T11:00:00Z'))
  return { noms, crn }
}

async function pom(staffId: number, grade: 'PO' | 'PRO', prisonId = 'LEI', status: 'active' | 'inactive' = 'active') {
  return upsertPom(ctx.deps, SPO, prisonId, staffId, {
    name: `Pom ${staffId}`,
    email: `pom${staffId}@example.gov.uk`,
    grade,
    status,
    workingPattern: 1,
  })
}

beforeEach(() => {
  ctx = dynamoDeps(tables)
})

describe('POM allocation on DynamoDB Local', () => {
  it('lists a tiered case as unallocated with a recommendation, allocates it, and publishes allocation.changed', async () => {
    const { noms } = await tieredCase('B')
    await pom(101, 'PO')
    const before = await listCases(ctx.deps, {
      prisonId: 'LEI',
      list: 'unallocated',
      sort: 'date',
      order: 'asc',
      limit: 50,
    })
    const row = before.items.find(c => c.nomsNumber === noms)
    expect(row?.recommendation).toMatchObject({ pomType: 'PROBATION', code: 'PO', reason: 'tier_based' })
    expect(row?.daysWaiting).toBe(2) // arrived Fri 20 Nov; Fri and Mon counted by Tue 24 Nov

    const note = 'Start with the sentence plan review'
    const outcome = await allocatePrimary(ctx.deps, SPO, noms, { staffId: 101, note }, anyPrison)
    expect(outcome).toMatchObject({
      ok: true,
      created: true,
      allocation: { primaryPom: { staffId: 101, name: 'Pom 101' } },
    })
    expect(ctx.sink.ofType('offender-management.allocation.changed').map(e => e.additionalInformation)).toEqual([
      {
        nomsNumber: noms,
        staffCode: 101,
        prisonId: 'LEI',
        role: 'primary',
        eventTrigger: 'user',
        staffName: 'Pom 101',
        staffEmail: 'pom101@example.gov.uk',
        previousStaffCode: null,
        previousStaffName: null,
        previousStaffEmail: null,
        changedBy: { staffId: '9001', name: 'Hana Okoro', email: 'hana.okoro@prison.example' },
        note,
      },
    ])
    const allocated = await listCases(ctx.deps, {
      prisonId: 'LEI',
      list: 'allocated',
      sort: 'name',
      order: 'asc',
      limit: 50,
    })
    expect(allocated.items.map(c => c.nomsNumber)).toContain(noms)
    expect((await ctx.deps.store.caseload('LEI', 101)).map(e => [e.nomsNumber, e.role, e.tier])).toEqual([
      [noms, 'responsible', 'B'],
    ])
    const [entry] = await caseHistory(ctx.deps, noms)
    expect(entry).toMatchObject({
      event: 'allocate_primary_pom',
      trigger: 'user',
      by: { subject: 'spo-1' },
      to: { id: '101', name: 'Pom 101' },
      recommendation: { pomType: 'PROBATION', code: 'PO', chosenRank: 1, rankedFirst: '101' },
      note,
    })
    expect(await ctx.deps.store.pendingBefore('9999', 10)).toEqual([])
  })

  it('lets exactly one of two SPOs allocating the same case at once win; the other gets 409 with the current allocation', async () => {
    const { noms } = await tieredCase('C')
    await pom(201, 'PRO')
    await pom(202, 'PRO')
    const [a, b] = await Promise.all([
      allocatePrimary(ctx.deps, SPO, noms, { staffId: 201 }, anyPrison),
      allocatePrimary(ctx.deps, SPO2, noms, { staffId: 202 }, anyPrison),
    ])
    const outcomes = [a, b]
    const winners = outcomes.filter(o => o.ok)
    const losers = outcomes.filter(o => !o.ok)
    expect(winners).toHaveLength(1)
    expect(losers).toHaveLength(1)
    const winner = winners[0]
    const loser = losers[0]
    if (!winner?.ok || loser?.ok !== false || loser.kind !== 'conflict')
      throw new Error('expected one winner and one conflict')
    expect(loser.current.primaryPom?.staffId).toBe(winner.allocation.primaryPom?.staffId)
    expect(ctx.sink.ofType('offender-management.allocation.changed')).toHaveLength(1)
    expect((await caseHistory(ctx.deps, noms)).filter(h => h.event === 'allocate_primary_pom')).toHaveLength(1)
  })

  it('needs a reason against the recommended type, and a continuity reason to reallocate', async () => {
    const { noms } = await tieredCase('A')
    await pom(301, 'PRO')
    await pom(302, 'PO')
    const noReason = await allocatePrimary(ctx.deps, SPO, noms, { staffId: 301 }, anyPrison)
    expect(noReason).toEqual({
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.override.reasons', reason: 'Select at least one reason' }],
    })
    const withReason = await allocatePrimary(
      ctx.deps,
      SPO,
      noms,
      { staffId: 301, override: { reasons: ['no_staff'] } },
      anyPrison,
    )
    expect(withReason.ok).toBe(true)

    const noJustification = await reallocatePrimary(ctx.deps, SPO, noms, { fromStaffId: 301, staffId: 302 }, anyPrison)
    expect(noJustification).toMatchObject({ ok: false, kind: 'invalid', errors: [{ field: 'body.reason' }] })
    const riskOnly = await reallocatePrimary(
      ctx.deps,
      SPO,
      noms,
      { fromStaffId: 301, staffId: 302, promptedByRiskChange: true },
      anyPrison,
    )
    expect(riskOnly.ok ? '' : JSON.stringify(riskOnly)).toMatch(/change of risk level does not by itself move a case/)
    const stale = await reallocatePrimary(
      ctx.deps,
      SPO,
      noms,
      { fromStaffId: 999, staffId: 302, reason: 'om_left' },
      anyPrison,
    )
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', current: { primaryPom: { staffId: 301 } } })
    const moved = await reallocatePrimary(
      ctx.deps,
      SPO,
      noms,
      { fromStaffId: 301, staffId: 302, reason: 'om_left', note: 'Handover meeting booked' },
      anyPrison,
    )
    expect(moved).toMatchObject({ ok: true, allocation: { primaryPom: { staffId: 302 } } })
    const history = await caseHistory(ctx.deps, noms)
    expect(history[0]).toMatchObject({
      event: 'reallocate_primary_pom',
      from: { id: '301' },
      to: { id: '302' },
      reallocation: { basis: 'beyond_provider_control', reason: 'om_left' },
      note: 'Handover meeting booked',
    })
    expect(history[1]).toMatchObject({ event: 'allocate_primary_pom', override: { reasons: ['no_staff'] } })
  })

  it('keeps the co-working POM different from the primary, and removes co-working', async () => {
    const { noms } = await tieredCase('D')
    await pom(401, 'PRO')
    await pom(402, 'PRO')
    expect(await setCoworking(ctx.deps, SPO, noms, { staffId: 402 }, anyPrison)).toMatchObject({
      ok: false,
      kind: 'conflict',
      message: 'The case has no primary POM to co-work with',
    })
    await allocatePrimary(ctx.deps, SPO, noms, { staffId: 401 }, anyPrison)
    expect(await setCoworking(ctx.deps, SPO, noms, { staffId: 401 }, anyPrison)).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.staffId', reason: 'The primary POM cannot also be the co-working POM' }],
    })
    expect(await setCoworking(ctx.deps, SPO, noms, { staffId: 402 }, anyPrison)).toMatchObject({
      ok: true,
      allocation: { coworkingPom: { staffId: 402 } },
    })
    expect((await ctx.deps.store.caseload('LEI', 402)).map(e => e.role)).toEqual(['co_working'])
    await removePomRoles(ctx.deps, SPO, noms, { primary: false, coworking: true }, 'user', anyPrison)
    expect(await ctx.deps.store.caseload('LEI', 402)).toEqual([])
    expect(
      ctx.sink.ofType('offender-management.allocation.changed').map(e => e.additionalInformation.staffCode),
    ).toEqual([401, 402, null])
  })

  it('deallocates on release, on transfer to another prison, and when the legal status leaves OMiC', async () => {
    await pom(501, 'PO')
    await pom(502, 'PO', 'MDI')
    const released1 = await tieredCase('B')
    const transferred = await tieredCase('B')
    const remanded = await tieredCase('B')
    for (const c of [released1, transferred, remanded])
      await allocatePrimary(ctx.deps, SPO, c.noms, { staffId: 501 }, anyPrison)
    ctx.sink.clear()
    await recordCaseEvent(ctx.deps, released(released1.noms, 'LEI', '2026-11-24T08:00:00Z'))
    await recordCaseEvent(ctx.deps, received(transferred.noms, 'MDI', '2026-11-24T08:00:00Z', {}, 'TRANSFERRED'))
    await recordCaseEvent(ctx.deps, updated(remanded.noms, 'LEI', '2026-11-24T08:00:00Z', { legalStatus: 'REMAND' }))
    expect(
      ctx.sink
        .ofType('offender-management.allocation.changed')
        .map(e => [
          e.additionalInformation.nomsNumber,
          e.additionalInformation.staffCode,
          e.additionalInformation.eventTrigger,
        ]),
    ).toEqual([
      [released1.noms, null, 'offender_released'],
      [transferred.noms, null, 'offender_transferred'],
      [remanded.noms, null, 'legal_status_changed'],
    ])
    expect(await ctx.deps.store.caseload('LEI', 501)).toEqual([])
    const atMdi = await listCases(ctx.deps, {
      prisonId: 'MDI',
      list: 'unallocated',
      sort: 'date',
      order: 'asc',
      limit: 10,
    })
    expect(atMdi.items.map(c => [c.nomsNumber, c.arrivedOn, c.additionalInformation])).toEqual([
      [transferred.noms, '2026-11-24', ['New to this prison']],
    ])
    // A stale snapshot from before the release does not bring the person back
    await recordCaseEvent(ctx.deps, updated(released1.noms, 'LEI', '2026-11-23T08:00:00Z'))
    expect((await ctx.deps.store.getCase(released1.noms))?.prisonId).toBe('OUT')
  })

  it('ranks POMs: recommended type first, then capacity; previous POMs are favoured', async () => {
    const { noms } = await tieredCase('C', 'RNI')
    await pom(601, 'PO', 'RNI')
    await pom(602, 'PRO', 'RNI')
    await pom(603, 'PRO', 'RNI')
    await upsertPom(ctx.deps, SPO, 'RNI', 604, {
      name: 'Away',
      email: null,
      grade: 'PRO',
      status: 'unavailable',
      workingPattern: 1,
    })
    const other = await tieredCase('A', 'RNI')
    await allocatePrimary(ctx.deps, SPO, other.noms, { staffId: 603, override: { reasons: ['no_staff'] } }, anyPrison)
    const record = await ctx.deps.store.getCase(noms)
    if (!record) throw new Error('no case')
    const rec = await pomRecommendations(ctx.deps, record, 'primary')
    expect(rec?.recommendation).toMatchObject({ pomType: 'PRISON', code: 'PRO' })
    expect(rec?.candidates.map(c => [c.staffId, c.rank, c.typeMatch])).toEqual([
      [602, 1, true],
      [603, 2, true],
      [601, 3, false],
    ])
    expect(rec?.candidates[1]?.workload).toMatchObject({ caseCount: 1, points: 10 })
    expect(rec?.candidates[0]?.reason).toMatch(/^Rank 1: recommended type; score/)
    expect(rec?.notAvailable).toEqual([
      { staffId: 604, name: 'Away', status: 'unavailable', reason: 'Unavailable for new cases.' },
    ])
  })

  it('records supporting roles when the COM is responsible', async () => {
    const { noms } = await tieredCase('A')
    await recordCaseEvent(ctx.deps, handoverChanged(noms, 'Community', '2026-11-21T09:00:00Z'))
    await pom(701, 'PRO')
    const out = await allocatePrimary(ctx.deps, SPO, noms, { staffId: 701 }, anyPrison)
    expect(out.ok).toBe(true)
    expect((await ctx.deps.store.caseload('LEI', 701)).map(e => e.role)).toEqual(['supporting'])
  })
})
