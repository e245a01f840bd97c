import { randomUUID } from 'node:crypto'
import { type Envelope, PUBLISHED_EVENTS, UPSTREAM_EVENTS } from '@omic/contracts'
import { londonDateOf } from '@omic/domain'
import { documentClient, EventPublisher, logger } from '@omic/lambda-kit'
import { DynamoAllocationStore } from './adapters/dynamo-store'
import { readConfig } from './config'
import type { Clock } from './ports'
import type { Deps } from './use-cases/deps'

/** Every event this service publishes is checked against its contract before it leaves. */
export function validateOutgoing(envelope: Envelope): void {
  const type = envelope.eventType
  if (Object.hasOwn(PUBLISHED_EVENTS, type)) {
    PUBLISHED_EVENTS[type as keyof typeof PUBLISHED_EVENTS].schema.parse(envelope)
  } else if (type === 'person.community.manager.allocated') {
    // Published with source omic.allocation in the shape nDelius uses, so its consumers need no second schema
    UPSTREAM_EVENTS[type].schema.parse(envelope)
  } else {
    throw new Error(`No contract for event type ${type}`)
  }
}

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  today: () => londonDateOf(new Date()),
}

/** The allocation service's object graph, built once per cold start. */
export const config = readConfig()
export const deps: Deps = {
  store: new DynamoAllocationStore(documentClient(), config.tableName),
  events: EventPublisher.fromEnv(process.env, validateOutgoing),
  clock: systemClock,
  ids: { next: () => randomUUID() },
  rules: config.rules,
  warn: (message, data) => logger.warn(message, data ?? {}),
}
