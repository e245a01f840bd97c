import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { confirmBulkReallocation, previewBulkReallocation } from '../../src/use-cases/bulk-reallocation'
import { caseHistory } from '../../src/use-cases/case-views'
import { allocatePrimary, reallocatePrimary, setCoworking } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
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

const CASES = [
  { noms: 'D1001EF', crn: 'F100001', tier: 'C' },
  { noms: 'D1002EF', crn: 'F100002', tier: 'A' },
  { noms: 'D1003EF', crn: 'F100003', tier: 'D' },
  { noms: 'D1004EF', crn: 'F100004', tier: 'C' },
]

describe('bulk reallocation on DynamoDB Local', () => {
  it('previews, then reallocates case by case, skipping a case that changed meanwhile', async () => {
    for (const [id, grade, name] of [
      [801, 'PRO', 'Source Pom'],
      [802, 'PRO', 'Target Pom'],
      [803, 'PO', 'Other Pom'],
    ] as const) {
      await upsertPom(ctx.deps, SPO, 'FMI', id, { name, email: null, grade, status: 'active', workingPattern: 1 })
    }
    for (const c of CASES) {
      await recordCaseEvent(ctx.deps, received(c.noms, 'FMI', '2026-11-20T09:00:00Z'))
      await recordCaseEvent(ctx.deps, probationDetails(c.noms, c.crn, '2026-11-20T10:00:00Z'))
      await recordCaseEvent(ctx.deps, tierCalculated(c.crn, c.tier, '2026-11-20T11:00:00Z'))
      await allocatePrimary(ctx.deps, SPO, c.noms, { staffId: 801, override: { reasons: ['no_staff'] } }, () => true)
    }
    await setCoworking(ctx.deps, SPO, 'D1003EF', { staffId: 802 }, () => true)

    const preview = await previewBulkReallocation(ctx.deps, 'FMI', 801, { targetStaffId: 802 })
    if (!preview.ok) throw new Error(JSON.stringify(preview))
    expect(
      preview.value.cases.map(c => [c.nomsNumber, c.tier, c.recommendedType, c.overrideNeeded, c.selectable]),
    ).toEqual([
      ['D1001EF', 'C', 'PRISON', false, true],
      ['D1002EF', 'A', 'PROBATION', true, true],
      ['D1003EF', 'D', 'PRISON', false, false],
      ['D1004EF', 'C', 'PRISON', false, true],
    ])
    expect(preview.value.target.workload?.caseCount).toBe(1)
    expect(preview.value.targetAfter.caseCount).toBe(4)

    // Meanwhile another SPO moves D1004EF elsewhere
    const elsewhere = await reallocatePrimary(
      ctx.deps,
      SPO,
      'D1004EF',
      { fromStaffId: 801, staffId: 803, reason: 'om_absent', override: { reasons: ['no_staff'] } },
      () => true,
    )
    expect(elsewhere.ok).toBe(true)
    ctx.sink.clear()

    const noReason = await confirmBulkReallocation(ctx.deps, SPO, 'FMI', 801, {
      targetStaffId: 802,
      cases: [{ nomsNumber: 'D1001EF' }],
    })
    expect(noReason).toMatchObject({ ok: false, kind: 'invalid', errors: [{ field: 'body.reason' }] })

    const result = await confirmBulkReallocation(ctx.deps, SPO, 'FMI', 801, {
      targetStaffId: 802,
      reason: 'om_left',
      note: 'Source POM leaving the prison',
      cases: [
        { nomsNumber: 'D1001EF' },
        { nomsNumber: 'D1002EF' },
        { nomsNumber: 'D1004EF' },
        { nomsNumber: 'D1003EF' },
      ],
    })
    if (!result.ok) throw new Error(JSON.stringify(result))
    expect(result.value.outcomes.map(o => [o.nomsNumber, o.outcome])).toEqual([
      ['D1001EF', 'reallocated'],
      ['D1002EF', 'rejected'],
      ['D1004EF', 'changed'],
      ['D1003EF', 'rejected'],
    ])
    expect(result.value.outcomes[1]?.reason).toMatch(/body.override.reasons/)
    expect(result.value).toMatchObject({ reallocated: 1, failed: 3, remaining: 2 })
    expect(ctx.sink.ofType('offender-management.allocation.changed').map(e => e.additionalInformation)).toEqual([
      expect.objectContaining({
        nomsNumber: 'D1001EF',
        staffCode: 802,
        prisonId: 'FMI',
        role: 'primary',
        eventTrigger: 'bulk_reallocation',
        staffName: 'Target Pom',
        previousStaffCode: 801,
        previousStaffName: 'Source Pom',
        note: 'Source POM leaving the prison',
      }),
    ])
    const [entry] = await caseHistory(ctx.deps, 'D1001EF')
    expect(entry).toMatchObject({
      event: 'reallocate_primary_pom',
      trigger: 'bulk_reallocation',
      reallocation: { reason: 'om_left' },
      note: 'Source POM leaving the prison',
    })
  })

  it('refuses an inactive target and an unknown source', async () => {
    await upsertPom(ctx.deps, SPO, 'GMI', 901, {
      name: 'A',
      email: null,
      grade: 'PRO',
      status: 'active',
      workingPattern: 1,
    })
    await upsertPom(ctx.deps, SPO, 'GMI', 902, {
      name: 'B',
      email: null,
      grade: 'PRO',
      status: 'inactive',
      workingPattern: 1,
    })
    expect(await previewBulkReallocation(ctx.deps, 'GMI', 901, { targetStaffId: 902 })).toMatchObject({
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.targetStaffId', reason: 'The POM is inactive' }],
    })
    expect(await previewBulkReallocation(ctx.deps, 'GMI', 999, { targetStaffId: 901 })).toMatchObject({
      ok: false,
      kind: 'not_found',
    })
  })
})
