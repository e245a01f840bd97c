import { randomUUID } from 'node:crypto'
import { DynamoCrnLinks, documentClient, EventPublisher, logger, systemClock } from '@omic/lambda-kit'
import { DynamoAllocationStore } from './adapters/dynamo-allocation-store'
import { loadConfig } from './config'
import { PARKED_PARTS } from './model'
import type { Deps } from './use-cases/deps'

/** The allocation service's object graph, built once per cold start. */
export const config = loadConfig()
const client = documentClient()
export const deps: Deps = {
  store: new DynamoAllocationStore(client, config.tableName),
  crnLinks: new DynamoCrnLinks(client, config.tableName, PARKED_PARTS),
  events: EventPublisher.fromEnv(),
  clock: systemClock,
  ids: { next: () => randomUUID() },
  rules: config.rules,
  log: {
    warn: (message, data) => logger.warn(message, data ?? {}),
    info: (message, data) => logger.info(message, data ?? {}),
  },
}
