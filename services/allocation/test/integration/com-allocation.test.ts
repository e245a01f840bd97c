import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { type ComInput, comInputSchema } from '../../src/model'
import { caseHistory } from '../../src/use-cases/case-views'
import { allocateCom, casesNeedingCom, comRecommendations } from '../../src/use-cases/com-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertCom } from '../../src/use-cases/staff-registry'
import { SPO } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { comAllocatedByProbation, comRequested, probationDetails, received, tierCalculated } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>
const anyPdu = () => true

beforeAll(async () => {
  tables = await serviceTables('allocation')
})
afterAll(() => tables?.drop())
beforeEach(() => {
  ctx = dynamoDeps(tables)
})

async function com(staffCode: string, input: Partial<ComInput> & Pick<ComInput, 'grade'>, pdu = 'PDU1') {
  return upsertCom(
    ctx.deps,
    SPO,
    pdu,
    staffCode,
    comInputSchema.parse({
      name: `Com ${staffCode}`,
      email: `${staffCode.toLowerCase()}@example.gov.uk`,
      teamCode: 'TEAM1',
      ...input,
    }),
    'B2',
  )
}

async function caseNeedingCom(noms: string, crn: string, v2Tier: string, rosh = 'MEDIUM', neededBy = '2026-12-01') {
  await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
  await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z', { roshLevel: rosh }))
  await recordCaseEvent(ctx.deps, tierCalculated(crn, v2Tier, '2026-11-20T11:00:00Z', 2))
  await recordCaseEvent(ctx.deps, comRequested(noms, crn, '2026-11-21T09:00:00Z', 'PDU1', neededBy))
}

describe('COM allocation on DynamoDB Local', () => {
  it('lists the cases a PDU must find a COM for, soonest first, and drops one when nDelius allocates a COM', async () => {
    await caseNeedingCom('C1001AA', 'D100001', 'B2', 'MEDIUM', '2026-12-20')
    await caseNeedingCom('C1002AA', 'D100002', 'C1', 'LOW', '2026-12-05')
    const page = await casesNeedingCom(ctx.deps, 'PDU1', { limit: 10 })
    expect(page.items.map(c => [c.nomsNumber, c.crn, c.neededBy, c.daysUntilNeeded, c.wmtTier])).toEqual([
      ['C1002AA', 'D100002', '2026-12-05', 11, 'C1'],
      ['C1001AA', 'D100001', '2026-12-20', 26, 'B2'],
    ])
    await recordCaseEvent(ctx.deps, comAllocatedByProbation('C1002AA', 'D100002', 'N07B001', '2026-11-22T09:00:00Z'))
    expect((await casesNeedingCom(ctx.deps, 'PDU1', { limit: 10 })).items.map(c => c.nomsNumber)).toEqual(['C1001AA'])
  })

  it('ranks practitioners by grade eligibility, capacity with the case and team, and allocates with decision notes', async () => {
    await caseNeedingCom('C2001AA', 'D200001', 'A1', 'HIGH')
    await com('N01A001', { grade: 'PSO' })
    await com('N01A002', { grade: 'PO', otherWorkloadPoints: 1500 })
    await com('N01A003', { grade: 'PO', otherWorkloadPoints: 500 })
    await com('N01A004', { grade: 'PO', otherWorkloadPoints: 400, teamCode: 'TEAM2' })
    await com('N01A005', { grade: 'SPO' })
    const record = await ctx.deps.store.getCase('C2001AA')
    if (!record) throw new Error('no case')
    const rec = await comRecommendations(ctx.deps, record, 'B2')
    expect(rec?.minimumGrade).toBe('PO')
    // custody A1 = 59 points; 559 of 2176 → 25.7 %; 459 → 21.1 % + 5 outside the team = 26.1
    expect(rec?.candidates.map(c => [c.staffCode, c.rank, c.score])).toEqual([
      ['N01A003', 1, 45.7],
      ['N01A004', 2, 46.1],
      ['N01A002', 3, 91.6],
      ['N01A001', null, null],
    ])
    expect(rec?.candidates[3]?.reason).toBe("Not eligible: grade PSO is below the case's minimum grade PO.")
    expect(rec?.notAvailable.map(n => n.staffCode)).toEqual(['N01A005'])

    const belowGrade = await allocateCom(ctx.deps, SPO, 'C2001AA', { staffCode: 'N01A001' }, anyPdu, 'B2')
    expect(belowGrade).toMatchObject({ ok: false, kind: 'invalid', errors: [{ field: 'body.notes' }] })
    const out = await allocateCom(
      ctx.deps,
      SPO,
      'C2001AA',
      {
        staffCode: 'N01A003',
        notes: 'Knows the family; worked the last licence',
        sensitive: true,
        expectedStaffCode: null,
      },
      anyPdu,
      'B2',
    )
    expect(out).toMatchObject({
      ok: true,
      created: true,
      allocation: { com: { staffCode: 'N01A003', source: 'omic' } },
    })
    const [event] = ctx.sink.ofType('person.community.manager.allocated')
    expect(event?.identifiers).toEqual({ crn: 'D200001', noms: 'C2001AA' })
    expect(event?.additionalInformation).toMatchObject({
      staffCode: 'N01A003',
      snapshot: { staffCode: 'N01A003', grade: 'PO', teamCode: 'TEAM1', pduCode: 'PDU1' },
    })
    expect(JSON.stringify(event)).not.toContain('Knows the family')
    const [entry] = await caseHistory(ctx.deps, 'C2001AA')
    expect(entry).toMatchObject({
      event: 'allocate_com',
      role: 'com',
      decision: { notes: 'Knows the family; worked the last licence', sensitive: true },
      recommendation: { code: 'PO', chosenRank: 1, rankedFirst: 'N01A003' },
    })
    expect((await casesNeedingCom(ctx.deps, 'PDU1', { limit: 10 })).items.map(c => c.nomsNumber)).not.toContain(
      'C2001AA',
    )
    expect((await ctx.deps.store.comCaseload('PDU1', 'N01A003')).map(e => e.wmtTier)).toEqual(['A1'])

    const stale = await allocateCom(
      ctx.deps,
      SPO,
      'C2001AA',
      { staffCode: 'N01A002', expectedStaffCode: null },
      anyPdu,
      'B2',
    )
    expect(stale).toMatchObject({ ok: false, kind: 'conflict', current: { com: { staffCode: 'N01A003' } } })
    const noReason = await allocateCom(ctx.deps, SPO, 'C2001AA', { staffCode: 'N01A002' }, anyPdu, 'B2')
    expect(noReason).toMatchObject({ ok: false, kind: 'invalid', errors: [{ field: 'body.reason' }] })
    await com('9001', { grade: 'SPO', name: 'Sam Senior', email: 'sam.senior@example.gov.uk' })
    const moved = await allocateCom(
      ctx.deps,
      SPO,
      'C2001AA',
      { staffCode: 'N01A002', reason: 'relationship_incompatible', notes: 'Fresh start with a new officer' },
      anyPdu,
      'B2',
    )
    expect(moved).toMatchObject({ ok: true, created: false })
    // not sensitive: email #17 needs the notes and the allocating SPO, so the event carries them
    expect(ctx.sink.ofType('person.community.manager.allocated')[1]?.additionalInformation).toMatchObject({
      staffCode: 'N01A002',
      previousStaffCode: 'N01A003',
      allocatingOfficer: { staffCode: '9001', name: 'Sam Senior', email: 'sam.senior@example.gov.uk' },
      allocationJustificationNotes: 'Fresh start with a new officer',
    })
    const after = await ctx.deps.store.getCase('C2001AA')
    const again = after && (await comRecommendations(ctx.deps, after, 'B2'))
    expect(again?.candidates.find(c => c.staffCode === 'N01A003')?.relationship).toBe('previous')
    expect(again?.candidates.find(c => c.staffCode === 'N01A002')?.relationship).toBe('current')
    expect(again?.priorTransfers).toBe(1)
  })

  it('parks a COM nDelius allocated by CRN alone until the probation case links the CRN to the prisoner', async () => {
    await recordCaseEvent(ctx.deps, received('C4001AA', 'LEI', '2026-11-20T09:00:00Z'))
    expect(
      await recordCaseEvent(ctx.deps, comAllocatedByProbation(null, 'D400001', 'N04A002', '2026-11-20T10:00:00Z')),
    ).toBe('unlinked')
    // older: the conditional write keeps the newer COM parked
    await recordCaseEvent(ctx.deps, comAllocatedByProbation(null, 'D400001', 'N04A001', '2026-11-20T09:30:00Z'))
    expect((await ctx.crnLinks.get('D400001')).parked.com?.value.staffCode).toBe('N04A002')
    expect((await ctx.deps.store.getCase('C4001AA'))?.com).toBeNull()
    await recordCaseEvent(ctx.deps, probationDetails('C4001AA', 'D400001', '2026-11-20T11:00:00Z'))
    const record = await ctx.deps.store.getCase('C4001AA')
    expect(record?.com).toMatchObject({ value: { staffCode: 'N04A002', pduCode: 'PDU1' }, at: '2026-11-20T10:00:00Z' })
    expect((await ctx.deps.store.comCaseload('PDU1', 'N04A002')).map(e => e.nomsNumber)).toEqual(['C4001AA'])
  })

  it('refuses an SPO outside the case’s PDU', async () => {
    await caseNeedingCom('C3001AA', 'D300001', 'C2')
    await com('N02A001', { grade: 'PSO' })
    expect(await allocateCom(ctx.deps, SPO, 'C3001AA', { staffCode: 'N02A001' }, () => false, 'B2')).toEqual({
      ok: false,
      kind: 'forbidden',
      pduCode: 'PDU1',
    })
  })
})
