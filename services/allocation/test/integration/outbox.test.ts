/** The outbox on DynamoDB Local (decision 0005): stored with the case, published after commit, drained on schedule. */
import { outboxDrainHandler } from '@omic/lambda-kit'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { emptyCase } from '../../src/model'
import { allocationChanged } from '../../src/use-cases/allocation-changes'
import { outboxDeps, writeCase } from '../../src/use-cases/case-writer'
import { dynamoDeps } from '../fakes/dynamo'

let tables: Awaited<ReturnType<typeof serviceTables>>
let ctx: ReturnType<typeof dynamoDeps>

beforeAll(async () => {
  tables = await serviceTables('allocation')
})
afterAll(() => tables?.drop())
beforeEach(() => {
  ctx = dynamoDeps(tables)
})

const pom = { staffId: 101, name: 'Pom 101', email: null }

/** A committed change of the case that publishes one allocation.changed. */
async function change(noms: string) {
  await writeCase(ctx.deps, noms, current => ({
    write: true,
    after: { ...emptyCase(noms), ...current, prisonId: 'LEI' },
    events: [allocationChanged(noms, pom, 'LEI', 'primary', 'user', ctx.clock.now().toISOString(), null, null)],
    result: null,
  }))
}

describe('the allocation outbox on DynamoDB Local', () => {
  it('publishes right after the commit and leaves nothing stored', async () => {
    await change('E1001AA')
    expect(ctx.sink.published).toHaveLength(1)
    expect(await ctx.deps.store.pendingBefore('9999', 10)).toEqual([])
  })

  it('keeps what a failed publish left, and the scheduled drain handler publishes and clears it once it is a minute old', async () => {
    const drain = outboxDrainHandler(
      () => outboxDeps(ctx.deps),
      () => ctx.clock.now(),
    )
    ctx.sink.failNext = 1
    await change('E2001AA')
    expect(ctx.sink.published).toEqual([])
    expect(ctx.warnings).toEqual(['publishing committed events failed; left in the outbox for the drain'])
    const pending = await ctx.deps.store.pendingBefore('9999', 10)
    expect(pending.map(p => [p.ref, p.entries.map(e => e.event.eventType)])).toEqual([
      ['E2001AA', ['offender-management.allocation.changed']],
    ])

    expect(await drain()).toEqual({ aggregates: 0, published: 0, failed: 0 }) // a publish may still be in flight
    ctx.clock.advance(61_000)
    ctx.sink.failNext = 1
    await expect(drain()).rejects.toThrow('1 outbox event(s) could not be published; retried next run')
    expect(await drain()).toEqual({ aggregates: 1, published: 1, failed: 0 })
    expect(ctx.sink.published.map(e => e.additionalInformation.nomsNumber)).toEqual(['E2001AA'])
    expect(await ctx.deps.store.pendingBefore('9999', 10)).toEqual([])
    expect(await drain()).toEqual({ aggregates: 0, published: 0, failed: 0 })
  })
})
