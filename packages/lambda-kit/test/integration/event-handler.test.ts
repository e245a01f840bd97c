import { GetCommand } from '@aws-sdk/lib-dynamodb'
import type { Context } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { serviceTables } from '../../../../test/helpers/tables'
import {
  type AnyEventBridgeEvent,
  DeadLetterStore,
  type EventHandlerStores,
  eventHandler,
  IdempotencyStore,
} from '../../src'

const context = { functionName: 'test', awsRequestId: 'req' } as Context
let tables: Awaited<ReturnType<typeof serviceTables>>
let stores: EventHandlerStores
let deadLetters: DeadLetterStore

beforeAll(async () => {
  tables = await serviceTables('handover')
  deadLetters = new DeadLetterStore(tables.client, tables.deadLetterTableName)
  stores = {
    deadLetters,
    idempotency: new IdempotencyStore(tables.client, tables.tableName),
    countIgnored: async () => {},
  }
})
afterAll(() => tables.drop())

const schemas = { 'thing.happened': z.object({ nomsNumber: z.string().regex(/^[A-Z]\d{4}[A-Z]{2}$/), n: z.number() }) }

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
      schemas,
      async e => {
        seen.push(e.detail.n)
      },
      () => stores,
    )
    const e = busEvent('evt-dup', 'thing.happened', { nomsNumber: 'A1234BC', n: 1 })
    await handler(e, context)
    await handler(e, context)
    expect(seen).toEqual([1])
    const marker = await tables.client.send(
      new GetCommand({ TableName: tables.tableName, Key: { pk: 'IDEMPOTENCY#evt-dup', sk: 'IDEMPOTENCY' } }),
    )
    expect(marker.Item?.status).toBe('COMPLETE')
  })

  it('sends an invalid event to the dead-letter store with the field and reason', async () => {
    const handler = eventHandler(
      schemas,
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

  it('releases the claim when handling fails, so the retry is handled', async () => {
    let attempts = 0
    const handler = eventHandler(
      schemas,
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

  it('ignores and counts an unknown event type', async () => {
    const ignored: string[] = []
    const handler = eventHandler(
      schemas,
      async () => {
        throw new Error('must not be called')
      },
      () => ({ ...stores, countIgnored: async t => void ignored.push(t) }),
    )
    await handler(busEvent('evt-unknown', 'something.else', {}), context)
    expect(ignored).toEqual(['something.else'])
  })
})
