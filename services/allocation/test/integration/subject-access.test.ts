import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { allocatePrimary, reallocatePrimary } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { subjectAccessData } from '../../src/use-cases/subject-access'
import { SPO } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { handoverChanged, probationDetails, received, tierCalculated } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>
const anyPrison = () => true
let NOMS = 'S5001AA'
let CRN = 'D500001'
let n = 0

beforeAll(async () => {
  tables = await serviceTables('allocation')
})
afterAll(() => tables?.drop())
beforeEach(() => {
  ctx = dynamoDeps(tables)
  n++
  NOMS = `S500${n}AA`
  CRN = `D50000${n}`
})

/** A case allocated on 24 Nov 2026 and reallocated on 10 Dec 2026 (the POM left). */
async function allocatedThenReallocated() {
  await recordCaseEvent(ctx.deps, received(NOMS, 'LEI', '2026-11-20T09:00:00Z'))
  await recordCaseEvent(
    ctx.deps,
    probationDetails(NOMS, CRN, '2026-11-20T10:00:00Z', { lduName: 'Leeds North', roshLevel: 'HIGH', mappaLevel: 2 }),
  )
  await recordCaseEvent(ctx.deps, tierCalculated(CRN, 'B', '2026-11-20T11:00:00Z'))
  await recordCaseEvent(ctx.deps, handoverChanged(NOMS, 'CustodyOnly', '2026-11-21T09:00:00Z'))
  for (const staffId of [501, 502]) {
    await upsertPom(ctx.deps, SPO, 'LEI', staffId, {
      name: `Pom Person${staffId}`,
      email: `pom${staffId}@example.gov.uk`,
      grade: 'PO',
      status: 'active',
      workingPattern: 1,
    })
  }
  ctx.clock.set('2026-11-24T10:00:00.000Z')
  expect(await allocatePrimary(ctx.deps, SPO, NOMS, { staffId: 501, note: 'Good fit' }, anyPrison)).toMatchObject({
    ok: true,
  })
  ctx.clock.set('2026-12-10T10:00:00.000Z')
  expect(
    await reallocatePrimary(ctx.deps, SPO, NOMS, { fromStaffId: 501, staffId: 502, reason: 'om_left' }, anyPrison),
  ).toMatchObject({ ok: true })
}

describe('subject access request on DynamoDB Local', () => {
  it('returns the history, case information and responsibility in words, without staff names, ids or the CRN', async () => {
    await allocatedThenReallocated()
    const out = await subjectAccessData(ctx.deps, NOMS, null)
    if (!out.found) throw new Error('expected data')
    expect(out.content).toEqual({
      nomsNumber: NOMS,
      allocationHistory: [
        expect.objectContaining({
          createdAt: expect.stringMatching(/^2026-11-24T10:00/),
          prison: 'LEI',
          role: 'Prison offender manager',
          event: 'Prison offender manager allocated',
          eventTrigger: 'Decision by a member of staff',
          allocatedAtTier: 'B',
          roshLevel: 'HIGH',
          recommendedPomType: 'Probation officer POM',
          overrideReasons: null,
          message: 'Good fit',
        }),
        expect.objectContaining({
          event: 'Prison offender manager changed',
          reallocationReason: 'The offender manager left',
        }),
      ],
      caseInformation: {
        tier: 'B',
        provisionalTier: null,
        workloadTier: null,
        probationService: 'England',
        probationDeliveryUnit: 'Leeds',
        localDeliveryUnit: 'Leeds North',
        teamCode: 'TEAM1',
        mappaLevel: 2,
        enhancedResourcing: null,
        roshLevel: 'HIGH',
        communityManagerAllocated: false,
        updatedAt: '2026-11-20T11:00:00Z',
      },
      responsibility: {
        responsibility: 'The prison offender manager is responsible',
        reason: 'Determinate sentence',
        handoverStartDate: '2028-06-01',
        handoverDate: '2028-07-01',
        updatedAt: '2026-11-21T09:00:00Z',
      },
    })
    const text = JSON.stringify(out.content)
    for (const hidden of ['Person501', 'Person502', '501', '502', CRN, 'spo-1', '9001', 'LDU1', 'pom501@'])
      expect(text).not.toContain(hidden)
  })

  it('filters by date: the last state before the window per role, those inside, nothing that began after it', async () => {
    await allocatedThenReallocated()
    const events = async (from: string, to: string) => {
      const out = await subjectAccessData(ctx.deps, NOMS, { from, to })
      return out.found ? (out.content.allocationHistory as { event: string }[]).map(e => e.event) : null
    }
    expect(await events('2026-12-01', '2026-12-31')).toEqual([
      'Prison offender manager allocated',
      'Prison offender manager changed',
    ])
    // the reallocation is the last primary state before the window: the allocation it replaced is not returned
    expect(await events('2026-12-11', '2026-12-31')).toEqual(['Prison offender manager changed'])
    // `to` is inclusive (the anchor's to + 1 day)
    expect(await events('2026-11-24', '2026-11-24')).toEqual(['Prison offender manager allocated'])
    expect(await events('2026-11-25', '2026-11-30')).toEqual(['Prison offender manager allocated'])
    // a window ending before the case information changed later leaves out what became true after it
    const early = await subjectAccessData(ctx.deps, NOMS, { from: '2026-11-01', to: '2026-11-20' })
    if (!early.found) throw new Error('expected data')
    expect(early.content).toMatchObject({ allocationHistory: [], caseInformation: { tier: 'B' }, responsibility: null })
    // before anything was held: nothing (204)
    expect(await subjectAccessData(ctx.deps, NOMS, { from: '2026-01-01', to: '2026-01-31' })).toEqual({ found: false })
  })

  it('finds nothing for a prison number it has never seen', async () => {
    expect(await subjectAccessData(ctx.deps, 'Z9999ZZ', null)).toEqual({ found: false })
  })
})
