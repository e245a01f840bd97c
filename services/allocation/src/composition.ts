import { randomUUID } from 'node:crypto'
import { londonDateOf } from '@omic/domain'
import { documentClient, EventPublisher, logger } from '@omic/lambda-kit'
import { DynamoAllocationStore } from './adapters/dynamo-store'
import { readConfig } from './config'
import type { Clock } from './ports'
import type { Deps } from './use-cases/deps'

export const systemClock: Clock = {
  now: () => new Date().toISOString(),
  today: () => londonDateOf(new Date()),
}

/** The allocation service's object graph, built once per cold start. */
export const config = readConfig()
export const deps: Deps = {
  store: new DynamoAllocationStore(documentClient(), config.tableName),
  events: EventPublisher.fromEnv(),
  clock: systemClock,
  ids: { next: () => randomUUID() },
  rules: config.rules,
  warn: (message, data) => logger.warn(message, data ?? {}),
}
