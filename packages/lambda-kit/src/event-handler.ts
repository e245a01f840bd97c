import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import middy from '@middy/core'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import type { z } from 'zod'
import { DeadLetterStore } from './dead-letters'
import { documentClient } from './dynamodb'
import { requireEnv } from './env'
import { IdempotencyStore } from './idempotency'
import { logger } from './logger'
import { fieldErrors } from './zod-errors'

export type DetailSchemas = Readonly<Record<string, z.ZodType>>

/** A validated event, typed by its detail-type. */
export type HandledEvent<M extends DetailSchemas> = {
  [K in keyof M & string]: { id: string; source: string; time: string; detailType: K; detail: z.infer<M[K]> }
}[keyof M & string]

export interface EventHandlerStores {
  deadLetters: Pick<DeadLetterStore, 'put'>
  idempotency: Pick<IdempotencyStore, 'claim' | 'complete' | 'release'>
  countIgnored(detailType: string): Promise<void>
}

/** The stores of the service this function belongs to, from `TABLE_NAME` and `DEAD_LETTER_TABLE_NAME`. */
export function serviceStores(env: NodeJS.ProcessEnv = process.env): EventHandlerStores {
  const client = documentClient()
  const table = requireEnv('TABLE_NAME', env)
  return {
    deadLetters: new DeadLetterStore(client, requireEnv('DEAD_LETTER_TABLE_NAME', env)),
    idempotency: new IdempotencyStore(client, table),
    async countIgnored(detailType) {
      await client.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: 'COUNTER#ignored-events', sk: detailType },
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'count' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      )
    },
  }
}

export type AnyEventBridgeEvent = EventBridgeEvent<string, unknown>

/**
 * The middy stack for EventBridge targets: each detail is validated with the zod schema for its detail-type.
 * Unknown detail-types are ignored and counted; an invalid event goes to the service's dead-letter store with
 * its errors (and is not retried: retrying cannot fix it); a valid one is handled once per event id.
 * A handler error releases the claim and is rethrown, so Lambda retries and then dead-letters the invocation.
 */
export function eventHandler<M extends DetailSchemas>(
  schemas: M,
  handle: (event: HandledEvent<M>) => Promise<void>,
  stores: () => EventHandlerStores = memoised(serviceStores),
) {
  const core = async (event: AnyEventBridgeEvent, context: Context): Promise<void> => {
    const detailType = event['detail-type']
    logger.appendKeys({ eventId: event.id, detailType })
    logger.addContext(context)
    const schema = schemas[detailType]
    if (!schema) {
      logger.info('ignored event of an unknown type')
      await stores().countIgnored(detailType)
      return
    }
    const parsed = schema.safeParse(event.detail)
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error, 'detail')
      logger.warn('invalid event sent to the dead-letter store', { fields: errors.map(e => e.field) })
      await stores().deadLetters.put({
        id: event.id,
        source: event.source,
        detailType,
        detail: event.detail,
        errors,
        reason: 'invalid',
        receivedAt: new Date().toISOString(),
      })
      return
    }
    const { idempotency } = stores()
    const claim = await idempotency.claim(event.id)
    if (claim === 'done') {
      logger.info('duplicate event skipped')
      return
    }
    if (claim === 'in-progress') throw new Error(`Event ${event.id} is being handled by another invocation`)
    try {
      await handle({
        id: event.id,
        source: event.source,
        time: event.time,
        detailType,
        detail: parsed.data,
      } as HandledEvent<M>)
    } catch (e) {
      await idempotency.release(event.id)
      throw e
    }
    await idempotency.complete(event.id)
  }
  return middy<AnyEventBridgeEvent, void>().handler(core)
}

function memoised<T>(make: () => T): () => T {
  let value: T | undefined
  return () => {
    value ??= make()
    return value
  }
}
