import { parsePublishedEvent } from '@omic/contracts'
import { toEnvelope } from '@omic/lambda-kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { readComCsv, readPomCsv } from '../../src/http/staff-csv'
import { listCases } from '../../src/use-cases/case-views'
import { allocatePrimary, setCoworking } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { importComs, importPoms, listComs, listPoms, upsertCom, upsertPom } from '../../src/use-cases/staff-registry'
import { SPO } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { probationDetails, received, tierCalculated } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>

beforeAll(async () => {
  tables = await serviceTables('allocation')
})
afterAll(() => tables?.drop())
beforeEach(() => {
  ctx = dynamoDeps(tables)
})

const pomInput = (over: Partial<Parameters<typeof upsertPom>[4]> = {}) => ({
  name: 'Ada Lovelace',
  email: 'ada.lovelace@example.gov.uk',
  grade: 'PO' as const,
  status: 'active' as const,
  workingPattern: 1,
  ...over,
})

describe('the staff registry on DynamoDB Local', () => {
  it('creates, updates and lists POMs with their workload', async () => {
    const created = await upsertPom(ctx.deps, SPO, 'HMI', 11, pomInput())
    expect(created.created).toBe(true)
    expect(created.pom).toMatchObject({
      staffId: 11,
      grade: 'PO',
      workingPattern: 1,
      workload: { caseCount: 0, caseCap: 80, availablePoints: 640, capacity: 0 },
    })
    const updated = await upsertPom(ctx.deps, SPO, 'HMI', 11, pomInput({ workingPattern: 0.5, status: 'unavailable' }))
    expect(updated.created).toBe(false)
    expect(updated.pom.workload).toMatchObject({ caseCap: 40, availablePoints: 320 })
    await upsertPom(ctx.deps, SPO, 'HMI', 12, pomInput({ name: 'Alan Turing', grade: 'PRO' }))
    expect((await listPoms(ctx.deps, 'HMI')).map(p => [p.name, p.status, p.workload?.caseCap])).toEqual([
      ['Ada Lovelace', 'unavailable', 40],
      ['Alan Turing', 'active', null],
    ])
    expect(await listPoms(ctx.deps, 'XYZ')).toEqual([])
  })

  it('imports POMs from CSV, naming the row and column of every bad cell and importing nothing then', () => {
    const bad = readPomCsv(
      'staffId,name,email,grade,status,workingPattern\r\n' +
        '21,"Smith, Jo",jo@example.gov.uk,PO,active,1.0\n' +
        'x,Bob,,PRO,active,0.5\n' +
        '23,Cat,not-an-email,PRX,away,0.55\n' +
        '21,Dup,,PO,,\n',
    )
    expect(bad.rows).toEqual([])
    expect(bad.errors).toEqual([
      { field: 'row 3.staffId', reason: 'must be a NOMIS staff id (a positive whole number)' },
      { field: 'row 4.email', reason: 'must be an email address' },
      { field: 'row 4.grade', reason: 'must be PO (probation-officer POM) or PRO (prison-officer POM)' },
      { field: 'row 4.status', reason: 'must be active, unavailable or inactive' },
      { field: 'row 4.workingPattern', reason: 'must be 0.1 to 1.0 in steps of 0.1 (full time = 1.0)' },
      { field: 'row 5.staffId', reason: 'repeats staff id 21 from row 2' },
    ])
    expect(readPomCsv('id,name\n1,A').errors).toEqual([
      { field: 'row 1.id', reason: 'unknown column; use staffId, name, email, grade, status, workingPattern' },
      { field: 'row 1.staffId', reason: 'this column is required' },
      { field: 'row 1.grade', reason: 'this column is required' },
    ])
  })

  it('imports a good CSV (creating and updating)', async () => {
    await upsertPom(ctx.deps, SPO, 'WWI', 31, pomInput())
    const { rows, errors } = readPomCsv('grade,name,staffId\nPRO,"Smith, Jo",31\nPO,  Kim   Lee ,32\n')
    expect(errors).toEqual([])
    expect(await importPoms(ctx.deps, SPO, 'WWI', rows)).toEqual({ created: 1, updated: 1, deallocated: [] })
    expect((await listPoms(ctx.deps, 'WWI')).map(p => [p.staffId, p.name, p.grade, p.status])).toEqual([
      [32, 'Kim Lee', 'PO', 'active'],
      [31, 'Smith, Jo', 'PRO', 'active'],
    ])
  })

  it('imports COMs for a PDU from CSV (creating and replacing), with their reductions and workload', async () => {
    await upsertCom(
      ctx.deps,
      SPO,
      'CSVPDU',
      'N09A001',
      {
        name: 'Old Name',
        email: null,
        grade: 'PSO',
        teamCode: 'N09T01',
        contractedHours: null,
        reductions: [],
        otherWorkloadPoints: 50,
      },
      'B2',
    )
    const { rows, errors } = readComCsv(
      'staffCode,name,grade,teamCode,contractedHours,reductionHours,reductionStartDate,reductionEndDate\n' +
        'N09A001,Pat Jones,PO,N09T01,37,18.5,2026-11-01,2026-12-31\n' +
        'N09A002,Kim Lee,PQiP,N09T02,,,,\n',
    )
    expect(errors).toEqual([])
    expect(await importComs(ctx.deps, SPO, 'CSVPDU', rows, 'B2')).toEqual({ created: 1, updated: 1 })
    const coms = await listComs(ctx.deps, 'CSVPDU', 'B2')
    expect(coms.map(c => [c.staffCode, c.name, c.grade, c.teamCode, c.workload?.availablePoints])).toEqual([
      // 37 h less 18.5 h of reduction in force on 2026-11-24: half of 2176
      ['N09A001', 'Pat Jones', 'PO', 'N09T01', 1088],
      ['N09A002', 'Kim Lee', 'PQiP', 'N09T02', 2176],
    ])
    // the row replaced the record: the points held elsewhere went back to 0
    expect(coms[0]?.workload?.otherWorkloadPoints).toBe(0)
  })

  it('returns an inactive POM’s cases to the unallocated list and publishes allocation.changed with staffCode null', async () => {
    await upsertPom(ctx.deps, SPO, 'BWI', 41, pomInput({ grade: 'PRO' }))
    await upsertPom(ctx.deps, SPO, 'BWI', 42, pomInput({ grade: 'PRO', name: 'Other' }))
    const cases = ['B1001CD', 'B1002CD']
    for (const [i, noms] of cases.entries()) {
      const crn = `Y10000${i}`
      await recordCaseEvent(ctx.deps, received(noms, 'BWI', '2026-11-20T09:00:00Z'))
      await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z'))
      await recordCaseEvent(ctx.deps, tierCalculated(crn, 'D', '2026-11-20T11:00:00Z'))
    }
    await allocatePrimary(ctx.deps, SPO, 'B1001CD', { staffId: 41 }, () => true)
    await allocatePrimary(ctx.deps, SPO, 'B1002CD', { staffId: 42 }, () => true)
    await setCoworking(ctx.deps, SPO, 'B1002CD', { staffId: 41 }, () => true)
    ctx.sink.clear()

    const outcome = await upsertPom(ctx.deps, SPO, 'BWI', 41, pomInput({ grade: 'PRO', status: 'inactive' }))
    expect(outcome.deallocated).toEqual([
      { nomsNumber: 'B1001CD', roles: ['primary'] },
      { nomsNumber: 'B1002CD', roles: ['coworking'] },
    ])
    expect(ctx.sink.ofType('offender-management.allocation.changed').map(e => e.additionalInformation)).toEqual([
      expect.objectContaining({
        nomsNumber: 'B1001CD',
        staffCode: null,
        prisonId: 'BWI',
        role: 'primary',
        eventTrigger: 'inactive_pom',
        previousStaffCode: 41,
        previousStaffEmail: 'ada.lovelace@example.gov.uk',
        changedBy: { staffId: '9001', name: 'Hana Okoro', email: 'hana.okoro@prison.example' },
      }),
      expect.objectContaining({
        nomsNumber: 'B1002CD',
        staffCode: null,
        role: 'coworking',
        eventTrigger: 'inactive_pom',
        previousStaffCode: 41,
        changedBy: { staffId: '9001', name: 'Hana Okoro', email: 'hana.okoro@prison.example' },
      }),
    ])
    // every event is valid against the published contract; the history keeps who acted without their contact details
    for (const e of ctx.sink.ofType('offender-management.allocation.changed')) {
      expect(() => parsePublishedEvent('offender-management.allocation.changed', toEnvelope(e))).not.toThrow()
    }
    const history = await ctx.deps.store.history('B1001CD')
    expect(history.find(h => h.trigger === 'inactive_pom')?.by).toEqual({ subject: 'spo-1', staffId: '9001' })
    const unallocated = await listCases(ctx.deps, {
      prisonId: 'BWI',
      list: 'unallocated',
      sort: 'name',
      order: 'asc',
      limit: 10,
    })
    expect(unallocated.items.map(c => [c.nomsNumber, c.additionalInformation])).toEqual([
      ['B1001CD', ['Previously allocated to Ada Lovelace']],
    ])
    expect(outcome.pom.workload?.caseCount).toBe(0)
  })

  it('keeps COMs per PDU with contracted hours, reductions and capacity (workload.md §c)', async () => {
    const com = await upsertCom(
      ctx.deps,
      SPO,
      'PDU9',
      'N07A001',
      {
        name: 'Pat Jones',
        email: 'pat.jones@example.gov.uk',
        grade: 'PO',
        teamCode: 'TEAM9',
        contractedHours: 37,
        reductions: [
          { hours: 1.8, startDate: '2026-11-01', endDate: '2026-12-31', reason: 'Trade union facility time' },
          { hours: 10, startDate: '2027-01-01', endDate: '2027-03-31', reason: null },
        ],
        otherWorkloadPoints: 1035,
      },
      'B2',
    )
    // 2176 × 35.2 ÷ 37 = 2070.1… → 2070; 1035 of 2070 → 50 %
    expect(com.com.workload).toMatchObject({
      reductionHours: 1.8,
      availablePoints: 2070,
      totalPoints: 1035,
      capacity: 50,
      nextReductionChange: '2026-12-31',
    })
    expect((await listComs(ctx.deps, 'PDU9', 'B2')).map(c => c.staffCode)).toEqual(['N07A001'])
  })
})
