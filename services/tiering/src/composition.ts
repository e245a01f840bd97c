import { DeadLetterStore, documentClient, EventPublisher } from '@omic/lambda-kit'
import { BusSegmentDispatcher, BusTierEventPublisher } from './adapters/bus'
import { DynamoCaseStore } from './adapters/case-store'
import { systemClock, UuidV7Generator } from './adapters/ids'
import { DynamoJobStore } from './adapters/job-store'
import { DeadLetterRejectedEvents } from './adapters/rejected-events'
import { loadConfig } from './config'
import type { RecalculationDeps } from './use-cases/deps'

/** The tiering service's object graph, built once per cold start. */
export const config = loadConfig()

const client = documentClient()
const bus = EventPublisher.fromEnv()

export const deps: RecalculationDeps = {
  cases: new DynamoCaseStore(client, config.tableName),
  jobs: new DynamoJobStore(client, config.tableName),
  publisher: new BusTierEventPublisher(bus),
  dispatcher: new BusSegmentDispatcher(bus),
  rejected: new DeadLetterRejectedEvents(new DeadLetterStore(client, config.deadLetterTableName), {
    client,
    tableName: config.deadLetterTableName,
  }),
  clock: systemClock,
  ids: new UuidV7Generator(),
  version: config.tierVersion,
}
