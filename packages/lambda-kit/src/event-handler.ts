import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import middy from '@middy/core'
import type { DetailSchemas, DetailSubscription, ReceivedEvent } from '@omic/contracts'
import type { Context, EventBridgeEvent } from 'aws-lambda'
import { DeadLetterStore } from './dead-letters'
import { documentClient, dynamoClient } from './dynamodb'
import { requireEnv } from './env'
import type { FieldError } from './errors'
import { EventIdempotency } from './idempotency'
import { logger } from './logger'
import { fieldErrors } from './zod-errors'

export type { DetailSchemas, DetailSubscription }

/** A validated event, typed by its detail-type. */
export type HandledEvent<M extends DetailSchemas> = ReceivedEvent<M>

/** What a service does with one validated delivery; the Lambda context tells it the invocation's deadline. */
export type EventHandle<M extends DetailSchemas> = (event: HandledEvent<M>, context: Context) => Promise<void>

export interface EventHandlerStores {
  deadLetters: Pick<DeadLetterStore, 'put' | 'list' | 'findByEventId' | 'remove'>
  idempotency: Pick<EventIdempotency, 'once'>
  countIgnored(detailType: string): Promise<void>
}

/** The stores of the service this function belongs to, from `TABLE_NAME` and `DEAD_LETTER_TABLE_NAME`. */
export function serviceStores(env: NodeJS.ProcessEnv = process.env): EventHandlerStores {
  const client = documentClient()
  const table = requireEnv('TABLE_NAME', env)
  return {
    deadLetters: new DeadLetterStore(client, requireEnv('DEAD_LETTER_TABLE_NAME', env)),
    idempotency: new EventIdempotency(dynamoClient(), table),
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

/** How far ahead of now an event may say it occurred (clock skew between producers is minutes, not days). */
export const MAX_FUTURE_OCCURRED_AT_MS = 24 * 3600 * 1000

/**
 * Checks what a schema cannot know without a clock: an `occurredAt` more than a day in the future would win
 * every later order-safety comparison, so that case could never be updated again.
 */
export function implausibilities(detail: unknown, now = Date.now()): FieldError[] {
  const occurredAt =
    typeof detail === 'object' && detail !== null && 'occurredAt' in detail ? detail.occurredAt : undefined
  if (typeof occurredAt !== 'string') return []
  const at = Date.parse(occurredAt)
  if (Number.isNaN(at) || at <= now + MAX_FUTURE_OCCURRED_AT_MS) return []
  return [{ field: 'detail.occurredAt', reason: 'must not be more than a day in the future' }]
}

/** The delivery's `source` is the one the catalogue gives its detail-type (a rule matches exact pairs; a redrive or
 * a test may not). */
export function wrongSource(subscription: DetailSubscription, detailType: string, source: string): FieldError[] {
  const expected = subscription.sources[detailType]
  return expected === undefined || expected.includes(source)
    ? []
    : [{ field: 'source', reason: `must be ${expected.join(' or ')} for ${detailType}, not ${source}` }]
}

/** What became of one event: handled now, skipped as a duplicate, ignored (unknown type), or rejected as invalid. */
export type EventOutcome =
  | { outcome: 'handled' | 'duplicate' | 'ignored' }
  | { outcome: 'invalid'; errors: readonly FieldError[] }

/**
 * One service's handling of its events, shared by its EventBridge function ({@link EventPipeline.handler}) and by
 * the operators' redrive of its dead letters (lambda-kit `deadLetterRoutes`), so a redrive is exactly a delivery.
 */
export interface EventPipeline {
  readonly handler: (event: AnyEventBridgeEvent, context: Context) => Promise<void>
  /** Validates and handles one event once; an invalid one is dead-lettered unless `deadLetter` is false. */
  process(event: AnyEventBridgeEvent, context: Context, options?: { deadLetter?: boolean }): Promise<EventOutcome>
  readonly stores: () => EventHandlerStores
}

/**
 * The middy stack for EventBridge targets: each detail is validated with the subscription's zod schema for its
 * detail-type, and its source checked against the catalogue's for that type.
 * Unknown detail-types are ignored and counted; an invalid, implausible or wrongly sourced event goes to the service's dead-letter
 * store with its errors (and is not retried: retrying cannot fix it); a valid one is handled once per event id
 * ({@link EventIdempotency}). A handler error releases the claim and is rethrown, so Lambda retries and then
 * dead-letters the invocation; a timed-out or killed attempt leaves a claim that expires with it.
 */
export function eventPipeline<M extends DetailSchemas>(
  subscription: DetailSubscription<M>,
  handle: EventHandle<M>,
  stores: () => EventHandlerStores = memoised(serviceStores),
): EventPipeline {
  const process = async (
    event: AnyEventBridgeEvent,
    context: Context,
    options: { deadLetter?: boolean } = {},
  ): Promise<EventOutcome> => {
    const detailType = event['detail-type']
    logger.appendKeys({ eventId: event.id, detailType })
    logger.addContext(context)
    const schema = subscription.schemas[detailType]
    if (!schema) {
      logger.info('ignored event of an unknown type')
      await stores().countIgnored(detailType)
      return { outcome: 'ignored' }
    }
    const parsed = schema.safeParse(event.detail)
    const errors = [
      ...wrongSource(subscription, detailType, event.source),
      ...(parsed.success ? implausibilities(event.detail) : fieldErrors(parsed.error, 'detail')),
    ]
    if (!parsed.success || errors.length > 0) {
      if (options.deadLetter === false) return { outcome: 'invalid', errors }
      logger.warn('invalid event sent to the dead-letter store', { fields: errors.map(e => e.field) })
      await stores().deadLetters.put({
        id: event.id,
        source: event.source,
        detailType,
        time: event.time,
        detail: event.detail,
        errors,
        reason: 'invalid',
        receivedAt: new Date().toISOString(),
      })
      return { outcome: 'invalid', errors }
    }
    const received = { id: event.id, source: event.source, time: event.time, detailType, detail: parsed.data }
    const outcome = await stores().idempotency.once(event.id, context, () =>
      handle(received as HandledEvent<M>, context),
    )
    if (outcome === 'duplicate') logger.info('duplicate event skipped')
    return { outcome }
  }
  const handler = middy<AnyEventBridgeEvent, void>().handler(async (event, context) => {
    await process(event, context)
  })
  return { handler, process, stores }
}

/** The EventBridge handler of {@link eventPipeline}. */
export function eventHandler<M extends DetailSchemas>(
  subscription: DetailSubscription<M>,
  handle: EventHandle<M>,
  stores?: () => EventHandlerStores,
) {
  return eventPipeline(subscription, handle, stores).handler
}

function memoised<T>(make: () => T): () => T {
  let value: T | undefined
  return () => {
    value ??= make()
    return value
  }
}
