import { InvalidCursorError } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { type CaseListRequest, listCases } from '../../src/use-cases/case-views'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { TestClock } from '../fakes/deps'
import { dynamoDeps } from '../fakes/dynamo'
import { probationDetails, received, tierCalculated } from '../fakes/events'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>

// Eight prisoners at PVI: arrivals spread over two weeks; even ones tiered (unallocated), odd ones missing info
const PEOPLE = [
  ['E1001AA', 'Adams', '2026-11-09'],
  ['E1002AA', 'Brown', '2026-11-10'],
  ['E1003AA', 'Clark', '2026-11-12'],
  ['E1004AA', 'Davis', '2026-11-16'],
  ['E1005AA', 'Evans', '2026-11-19'],
  ['E1006AA', 'Frost', '2026-11-20'],
  ['E1007AA', 'Green', '2026-11-23'],
  ['E1008AA', 'Hayes', '2026-11-24'],
] as const

beforeAll(async () => {
  tables = await serviceTables('allocation')
  // Tuesday 24 November 2026
  ctx = dynamoDeps(tables, new TestClock('2026-11-24T15:00:00.000Z'))
  for (const [i, [noms, lastName, arrived]] of PEOPLE.entries()) {
    await recordCaseEvent(
      ctx.deps,
      received(noms, 'PVI', `${arrived}T09:00:00Z`, { lastName, prisonArrivalDate: arrived }),
    )
    if (i % 2 === 1) {
      const crn = `G10000${i}`
      await recordCaseEvent(ctx.deps, probationDetails(noms, crn, `${arrived}T10:00:00Z`))
      await recordCaseEvent(ctx.deps, tierCalculated(crn, 'C', `${arrived}T11:00:00Z`))
    }
  }
})
afterAll(() => tables?.drop())

async function all(request: Omit<CaseListRequest, 'cursor'>) {
  const pages: string[][] = []
  let cursor: string | undefined
  do {
    const page = await listCases(ctx.deps, { ...request, cursor })
    pages.push(page.items.map(i => String(i.nomsNumber)))
    cursor = page.cursor
  } while (cursor)
  return pages
}

describe('case lists on DynamoDB Local (queries on the GSIs, never a scan)', () => {
  it('pages the unallocated list, longest waiting first, with days waiting in working days', async () => {
    expect(await all({ prisonId: 'PVI', list: 'unallocated', sort: 'date', order: 'asc', limit: 3 })).toEqual([
      ['E1002AA', 'E1004AA', 'E1006AA'],
      ['E1008AA'],
    ])
    const first = await listCases(ctx.deps, {
      prisonId: 'PVI',
      list: 'unallocated',
      sort: 'date',
      order: 'asc',
      limit: 1,
    })
    // Tue 10 Nov → Tue 24 Nov: ten working days
    expect(first.items[0]).toMatchObject({ nomsNumber: 'E1002AA', waitingSince: '2026-11-10', daysWaiting: 10 })
  })

  it('sorts the missing-information list by name, either way', async () => {
    expect(await all({ prisonId: 'PVI', list: 'missing-info', sort: 'name', order: 'desc', limit: 10 })).toEqual([
      ['E1007AA', 'E1005AA', 'E1003AA', 'E1001AA'],
    ])
    const row = (
      await listCases(ctx.deps, { prisonId: 'PVI', list: 'missing-info', sort: 'name', order: 'asc', limit: 1 })
    ).items[0]
    expect(row?.missing).toEqual(['probation record (CRN)', 'tier'])
  })

  it('lists new arrivals (the last two working days) across both lists, newest first, paging across them', async () => {
    // Two working days before Tue 24 Nov is Fri 20 Nov
    expect(await all({ prisonId: 'PVI', list: 'new-arrivals', sort: 'date', order: 'desc', limit: 2 })).toEqual([
      ['E1008AA', 'E1007AA'],
      ['E1006AA'],
    ])
    expect(await all({ prisonId: 'PVI', list: 'new-arrivals', sort: 'date', order: 'asc', limit: 2 })).toEqual([
      ['E1006AA', 'E1007AA'],
      ['E1008AA'],
    ])
  })

  it('rejects a cursor it did not issue', async () => {
    await expect(
      listCases(ctx.deps, {
        prisonId: 'PVI',
        list: 'unallocated',
        sort: 'date',
        order: 'asc',
        limit: 2,
        cursor: 'bm9wZQ',
      }),
    ).rejects.toBeInstanceOf(InvalidCursorError)
  })
})
