/**
 * The COM request and the "needs a COM" list on DynamoDB Local: one final state whatever order the request, its
 * re-issue, the probation details and the COM allocation arrive in, with duplicates (docs/allocation.md, "Final
 * state, whatever the order").
 */
import { PUBLISHED_EVENTS } from '@omic/contracts'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoAllocationStore } from '../../src/adapters/dynamo-allocation-store'
import type { CaseEvent } from '../../src/events/subscriptions'
import { comInputSchema } from '../../src/model'
import { caseView } from '../../src/use-cases/case-views'
import { allocateCom, casesNeedingCom } from '../../src/use-cases/com-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertCom } from '../../src/use-cases/staff-registry'
import { SPO, type testDeps } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { comAllocatedByProbation, probationDetails, received } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let store: DynamoAllocationStore
let ctx: ReturnType<typeof testDeps>

beforeAll(async () => {
  tables = await serviceTables('allocation')
  store = new DynamoAllocationStore(tables.client, tables.tableName)
})
afterAll(() => tables?.drop())
beforeEach(() => {
  ctx = dynamoDeps(tables)
})

/** The handover service's request, as it sends it: CRN, PDU and LDU null until it knows them. */
function request(
  noms: string,
  occurredAt: string,
  known: { crn: string; pduCode: string; lduCode: string } | null,
  neededBy = '2026-12-01',
): Extract<CaseEvent, { detailType: 'offender-management.com.allocation-requested' }> {
  const detail = PUBLISHED_EVENTS['offender-management.com.allocation-requested'].schema.parse({
    eventType: 'offender-management.com.allocation-requested',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'NOMS', value: noms }, ...(known ? [{ type: 'CRN', value: known.crn }] : [])],
    },
    additionalInformation: {
      nomsNumber: noms,
      crn: known?.crn ?? null,
      pduCode: known?.pduCode ?? null,
      lduCode: known?.lduCode ?? null,
      neededBy,
    },
  })
  return {
    id: `request-${noms}-${occurredAt}`,
    source: 'omic.handover',
    time: occurredAt,
    detailType: 'offender-management.com.allocation-requested',
    detail,
  }
}

const needing = async (pdu = 'PDU1') =>
  (await casesNeedingCom(ctx.deps, pdu, { limit: 50 })).items.map(e => [e.nomsNumber, e.crn, e.lduCode, e.neededBy])

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]]
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map(p => [x, ...p]))
}

describe('the COM request in the allocation read model', () => {
  it('keeps the newest request: the re-issue with CRN, PDU and LDU replaces the first, a late older one does not', async () => {
    const noms = 'R1001AA'
    const known = { crn: 'R100001', pduCode: 'PDU1', lduCode: 'LDU1' }
    await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', known, '2026-12-10'))
    expect(await recordCaseEvent(ctx.deps, request(noms, '2026-11-20T09:30:00Z', null))).toBe('stale')
    expect(await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', known, '2026-12-10'))).toBe('stale')
    expect(await needing()).toEqual([[noms, 'R100001', 'LDU1', '2026-12-10']])
    expect((await store.getCase(noms))?.comRequest?.value).toEqual({ ...known, neededBy: '2026-12-10' })
    // two different requests of the same instant: the same one is kept in either order
    for (const [n, first, second] of [
      ['R1002AA', null, known],
      ['R1003AA', known, null],
    ] as const) {
      await recordCaseEvent(ctx.deps, request(n, '2026-11-21T09:00:00Z', first))
      await recordCaseEvent(ctx.deps, request(n, '2026-11-21T09:00:00Z', second))
      expect((await store.getCase(n))?.comRequest?.value).toEqual({ ...known, neededBy: '2026-12-01' })
    }
  })

  it('needs-a-COM list excludes a case once nDelius allocates a COM, and a request older than the COM does not bring it back', async () => {
    const noms = 'R2001AA'
    const crn = 'R200001'
    await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z'))
    await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', { crn, pduCode: 'PDU1', lduCode: 'LDU1' }))
    expect((await needing()).map(r => r[0])).toContain(noms)
    await recordCaseEvent(ctx.deps, comAllocatedByProbation(noms, crn, 'N07B001', '2026-11-22T09:00:00Z'))
    expect((await needing()).map(r => r[0])).not.toContain(noms)
    // requests made before the allocation (late, duplicated) and after it (the handover service had not heard yet)
    expect(await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', null))).toBe('ignored')
    expect(await recordCaseEvent(ctx.deps, request(noms, '2026-11-23T09:00:00Z', null))).toBe('ignored')
    expect((await needing()).map(r => r[0])).not.toContain(noms)
    const record = await store.getCase(noms)
    expect(record?.comRequest).toBeNull()
    expect(record && caseView(record, ctx.clock.today(), ctx.deps).comRequest).toBeNull()
  })

  it('not listed when the COM is allocated before the request arrives', async () => {
    const noms = 'R3001AA'
    const crn = 'R300001'
    await recordCaseEvent(ctx.deps, comAllocatedByProbation(noms, crn, 'N07B002', '2026-11-20T08:00:00Z'))
    await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', { crn, pduCode: 'PDU1', lduCode: 'LDU1' }))
    expect((await needing()).map(r => r[0])).not.toContain(noms)
    expect((await store.getCase(noms))?.comRequest).toBeNull()
  })

  it('withdrawn by our own COM allocation: the case leaves "needs a COM" and a late request does not return it', async () => {
    const noms = 'R4001AA'
    const crn = 'R400001'
    await upsertCom(
      ctx.deps,
      SPO,
      'PDU4',
      'N04A001',
      comInputSchema.parse({ name: 'Com Four', email: 'com4@example.gov.uk', teamCode: 'TEAM1', grade: 'PO' }),
      'B2',
    )
    await recordCaseEvent(ctx.deps, received(noms, 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z', { pduCode: 'PDU4' }))
    await recordCaseEvent(ctx.deps, request(noms, '2026-11-21T09:00:00Z', { crn, pduCode: 'PDU4', lduCode: 'LDU1' }))
    expect((await needing('PDU4')).map(r => r[0])).toEqual([noms])
    const out = await allocateCom(ctx.deps, SPO, noms, { staffCode: 'N04A001', notes: 'fits' }, () => true, 'B2')
    expect(out.ok).toBe(true)
    expect(await needing('PDU4')).toEqual([])
    await recordCaseEvent(ctx.deps, request(noms, '2026-11-20T12:00:00Z', null))
    expect(await needing('PDU4')).toEqual([])
    expect((await store.getCase(noms))?.comRequest).toBeNull()
  })

  it('one final state whatever the order and with duplicates: the case view and the needs-a-COM list', async () => {
    const crnOf = (n: number) => `Q${String(n).padStart(6, '0')}`
    const nomsOf = (n: number) => `Q${String(1000 + n).padStart(4, '0')}QQ`
    const base = (noms: string, crn: string): CaseEvent[] => [
      received(noms, 'LEI', '2026-11-20T09:00:00Z'),
      request(noms, '2026-11-20T09:05:00Z', null, '2026-12-01'),
      probationDetails(noms, crn, '2026-11-20T10:00:00Z', { pduCode: 'PDU9', lduCode: 'LDU9' }),
      request(noms, '2026-11-20T10:05:00Z', { crn, pduCode: 'PDU9', lduCode: 'LDU9' }, '2026-12-01'),
    ]
    const withCom = (noms: string, crn: string): CaseEvent[] => [
      ...base(noms, crn),
      comAllocatedByProbation(noms, crn, 'N09A001', '2026-11-20T11:00:00Z'),
    ]
    const settle = async (scenario: (noms: string, crn: string) => CaseEvent[], first: number, stride = 1) => {
      const views: string[] = []
      const orders = permutations(scenario('X0000XX', 'X000000').map((_, i) => i)).filter((_, k) => k % stride === 0)
      for (const [k, order] of orders.entries()) {
        const noms = nomsOf(first + k)
        const crn = crnOf(first + k)
        const events = scenario(noms, crn)
        // each event once in this order, then the first two again (at-least-once delivery)
        for (const i of [...order, order[0] ?? 0, order[1] ?? 0]) {
          const e = events[i]
          if (e) await recordCaseEvent(ctx.deps, e)
        }
        const record = await store.getCase(noms)
        if (!record) throw new Error(`no case ${noms}`)
        // the version and write time count processing, the name comes from the NOMS number: not part of the contract
        const { version: _v, updatedAt: _u, name: _n, ...view } = caseView(record, ctx.clock.today(), ctx.deps)
        views.push(JSON.stringify(view).replaceAll(noms, 'NOMS').replaceAll(crn, 'CRN'))
      }
      return { views, count: orders.length }
    }
    const open = await settle(base, 0)
    expect(new Set(open.views).size).toBe(1)
    expect(JSON.parse(open.views[0] ?? '{}').comRequest).toEqual({
      crn: 'CRN',
      pduCode: 'PDU9',
      lduCode: 'LDU9',
      neededBy: '2026-12-01',
    })
    expect((await needing('PDU9')).length).toBe(open.count)
    // 24 of the 120 orders of five events (every fifth): each event comes first in some of them
    const closed = await settle(withCom, 100, 5)
    expect(new Set(closed.views).size).toBe(1)
    expect(JSON.parse(closed.views[0] ?? '{}').comRequest).toBeNull()
    // only the cases without a COM are listed
    expect((await needing('PDU9')).length).toBe(open.count)
  })
})
