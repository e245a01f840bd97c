import { DeadLetterStore, documentClient, EventPublisher, logger, systemClock } from '@omic/lambda-kit'
import { DeadLetterRejectedEvents } from './adapters/dead-letter-rejected-events'
import { DynamoCaseStore } from './adapters/dynamo-case-store'
import { DynamoJobStore } from './adapters/dynamo-job-store'
import { EventBridgeSegmentDispatcher } from './adapters/eventbridge-segment-dispatcher'
import { UuidV7Generator } from './adapters/uuid-v7-ids'
import { loadConfig } from './config'
import { outboxDeps, type RecalculationDeps } from './use-cases/deps'

/** The tiering service's object graph, built once per cold start. */
export const config = loadConfig()

const client = documentClient()
const bus = EventPublisher.fromEnv()

export const deps: RecalculationDeps = {
  cases: new DynamoCaseStore(client, config.tableName),
  jobs: new DynamoJobStore(client, config.tableName),
  publisher: bus,
  log: logger,
  dispatcher: new EventBridgeSegmentDispatcher(bus, systemClock),
  rejected: new DeadLetterRejectedEvents(new DeadLetterStore(client, config.deadLetterTableName), {
    client,
    tableName: config.deadLetterTableName,
  }),
  clock: systemClock,
  ids: new UuidV7Generator(),
  version: config.tierVersion,
}

/** The outbox drain's dependencies: the case store's outbox and the bus. */
export const outbox = outboxDeps(deps)
