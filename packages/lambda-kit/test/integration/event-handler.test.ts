import { QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { serviceTables } from '../../../../test/helpers/tables'
import {
  type AnyEventBridgeEvent,
  DeadLetterStore,
  type EventHandlerStores,
  EventIdempotency,
  eventHandler,
} from '../../src'

/** A Lambda context whose invocation ends `ms` from now (as the runtime gives it). */
function contextFor(ms: number): Context {
  const deadline = Date.now() + ms
  return {
    functionName: 'test',
    awsRequestId: `req-${deadline}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as Context
}
const context = contextFor(60_000)
let tables: Awaited<ReturnType<typeof serviceTables>>
let stores: EventHandlerStores
let deadLetters: DeadLetterStore

beforeAll(async () => {
  tables = await serviceTables('handover')
  deadLetters = new DeadLetterStore(tables.client, tables.deadLetterTableName)
  stores = {
    deadLetters,
    idempotency: new EventIdempotency(tables.raw, tables.tableName, { maxPollMs: 100 }),
    countIgnored: async () => {},
  }
})
afterAll(() => tables.drop())

const schemas = { 'thing.happened': z.object({ nomsNumber: z.string().regex(/^[A-Z]\d{4}[A-Z]{2}$/), n: z.number() }) }
const subscription = { schemas, sources: { 'thing.happened': ['hmpps.test'] } }

function busEvent(id: string, detailType: string, detail: unknown): AnyEventBridgeEvent {
  return {
    version: '0',
    id,
    'detail-type': detailType,
    source: 'hmpps.test',
    account: '000000000000',
    time: '2026-11-23T10:00:00Z',
    region: 'eu-west-2',
    resources: [],
    detail,
  }
}

describe('eventHandler on DynamoDB Local', () => {
  it('handles an event once even when it is delivered twice', async () => {
    const seen: number[] = []
    const handler = eventHandler(
      subscription,
      async e => {
        seen.push(e.detail.n)
      },
      () => stores,
    )
    const e = busEvent('evt-dup', 'thing.happened', { nomsNumber: 'A1234BC', n: 1 })
    await handler(e, context)
    await handler(e, context)
    expect(seen).toEqual([1])
    const markers = await tables.client.send(
      new QueryCommand({
        TableName: tables.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'IDEMPOTENCY#local' },
      }),
    )
    expect(markers.Items?.map(i => i.status)).toContain('COMPLETED')
    // kept a week (the table's TTL attribute), so a late duplicate is still recognised
    const expiresAt = Number(markers.Items?.[0]?.expiresAt)
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(6 * 24 * 3600)
  })

  it('sends an invalid event to the dead-letter store with the field and reason', async () => {
    const handler = eventHandler(
      subscription,
      async () => {
        throw new Error('must not be called')
      },
      () => stores,
    )
    await handler(busEvent('evt-bad', 'thing.happened', { nomsNumber: 'bad', n: 'x' }), context)
    const letters = await deadLetters.list()
    const letter = letters.find(l => l.id === 'evt-bad')
    expect(letter?.reason).toBe('invalid')
    expect(letter?.errors.map(e => e.field).sort()).toEqual(['detail.n', 'detail.nomsNumber'])
    expect(letter?.detail).toEqual({ nomsNumber: 'bad', n: 'x' })
  })

  it('sends an event from a source the catalogue does not give its type to the dead-letter store', async () => {
    const handler = eventHandler(
      subscription,
      async () => {
        throw new Error('must not be called')
      },
      () => stores,
    )
    await handler(
      { ...busEvent('evt-source', 'thing.happened', { nomsNumber: 'A1234BC', n: 1 }), source: 'omic.x' },
      context,
    )
    const letter = (await deadLetters.list()).find(l => l.id === 'evt-source')
    expect(letter?.errors).toEqual([{ field: 'source', reason: 'must be hmpps.test for thing.happened, not omic.x' }])
  })

  it('passes the Lambda context to the handler', async () => {
    let remaining = 0
    const handler = eventHandler(
      subscription,
      async (_e, ctx) => {
        remaining = ctx.getRemainingTimeInMillis()
      },
      () => stores,
    )
    await handler(busEvent('evt-context', 'thing.happened', { nomsNumber: 'A1234BC', n: 3 }), context)
    expect(remaining).toBeGreaterThan(0)
  })

  it('releases the claim when handling fails, so the retry is handled', async () => {
    let attempts = 0
    const handler = eventHandler(
      subscription,
      async () => {
        attempts++
        if (attempts === 1) throw new Error('transient')
      },
      () => stores,
    )
    const e = busEvent('evt-retry', 'thing.happened', { nomsNumber: 'A1234BC', n: 2 })
    await expect(handler(e, context)).rejects.toThrow('transient')
    await handler(e, context)
    expect(attempts).toBe(2)
  })

  it('completes on retry an event whose first attempt timed out or was killed (the claim dies with it)', async () => {
    const handled: string[] = []
    const never = new Promise<void>(() => {})
    let first = true
    const handler = eventHandler(
      subscription,
      async e => {
        if (first) {
          first = false
          return never // the first attempt hangs: its sandbox is ended at the deadline and never finishes
        }
        handled.push(e.id)
      },
      () => stores,
    )
    const e = busEvent('evt-killed', 'thing.happened', { nomsNumber: 'A1234BC', n: 3 })
    handler(e, contextFor(2_000)).catch(() => {}) // middy ends it at its deadline, as Lambda would
    await until(() => !first)
    // Lambda's retry arrives while the claim is still held: it waits for the claim to expire, then handles it
    await handler(e, contextFor(10_000))
    expect(handled).toEqual(['evt-killed'])
  })

  it('a duplicate delivered while the first is still running waits and is then skipped, not failed', async () => {
    let calls = 0
    let release: () => void = () => {}
    const handler = eventHandler(
      subscription,
      async () => {
        calls++
        await new Promise<void>(r => {
          release = r
        })
      },
      () => stores,
    )
    const e = busEvent('evt-concurrent', 'thing.happened', { nomsNumber: 'A1234BC', n: 4 })
    const firstRun = handler(e, contextFor(10_000))
    await until(() => calls === 1)
    const duplicate = handler(e, contextFor(10_000))
    release()
    await Promise.all([firstRun, duplicate])
    expect(calls).toBe(1)
  })

  it('fails a duplicate whose own time runs out while the first still holds the claim, so Lambda retries it', async () => {
    const held = new EventIdempotency(tables.raw, tables.tableName)
    let started = false
    void held.once('evt-held', contextFor(30_000), () => {
      started = true // the claim is saved before the work starts
      return new Promise<void>(() => {})
    })
    await until(() => started)
    // a second left: less than a poll and the margin it keeps for failing cleanly (no clock race with middy's own)
    const oneSecondLeft = { ...contextFor(0), getRemainingTimeInMillis: () => 1_000 }
    await expect(held.once('evt-held', oneSecondLeft, async () => {})).rejects.toThrow(
      'Event evt-held is being handled by another invocation',
    )
  })

  it('sends an event that says it occurred more than a day in the future to the dead-letter store', async () => {
    const handled: string[] = []
    const handler = eventHandler(
      {
        schemas: { 'thing.happened': z.object({ occurredAt: z.string() }) },
        sources: { 'thing.happened': ['hmpps.test'] },
      },
      async e => {
        handled.push(e.id)
      },
      () => stores,
    )
    await handler(busEvent('evt-future', 'thing.happened', { occurredAt: '2999-01-01T00:00:00Z' }), context)
    await handler(
      busEvent('evt-soon', 'thing.happened', { occurredAt: new Date(Date.now() + 3600_000).toISOString() }),
      context,
    )
    const letters = await deadLetters.list()
    expect(letters.find(l => l.id === 'evt-future')?.errors).toEqual([
      { field: 'detail.occurredAt', reason: 'must not be more than a day in the future' },
    ])
    expect(letters.find(l => l.id === 'evt-soon')).toBeUndefined()
    expect(handled).toEqual(['evt-soon'])
  })

  it('ignores and counts an unknown event type', async () => {
    const ignored: string[] = []
    const handler = eventHandler(
      subscription,
      async () => {
        throw new Error('must not be called')
      },
      () => ({ ...stores, countIgnored: async t => void ignored.push(t) }),
    )
    await handler(busEvent('evt-unknown', 'something.else', {}), context)
    expect(ignored).toEqual(['something.else'])
  })
})

/** Waits on a condition the test itself drives (no fixed sleep: each look yields to the event loop). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise(r => setImmediate(r))
}
