import { DynamoCrnLinks, documentClient, EventPublisher, logger, systemClock } from '@omic/lambda-kit'
import { DynamoCaseStore } from './adapters/dynamo-case-store'
import { EventBridgeEventSink } from './adapters/eventbridge-event-sink'
import { config } from './config'
import { PARKED_PART_SCHEMAS } from './model/parked'
import { DEFAULT_SERVICE_OPTIONS } from './model/reconcile'
import { DEFAULT_SWEEP_OPTIONS, type SweepOptions } from './use-cases/run-daily-sweep'
import type { HandoverDeps } from './use-cases/update-case'

const client = documentClient()
const publisher = EventPublisher.fromEnv()

/** The handover service's object graph, built once per cold start. */
export const deps: HandoverDeps = {
  store: new DynamoCaseStore(client, config.tableName),
  crnLinks: new DynamoCrnLinks(client, config.tableName, PARKED_PART_SCHEMAS),
  events: new EventBridgeEventSink(publisher),
  clock: systemClock,
  options: { ...DEFAULT_SERVICE_OPTIONS, simplifiedEnhancedHandover: config.simplifiedEnhancedHandover },
}

/** The outbox drain's dependencies: the case table's outboxes, the publisher, the logger. */
export const outboxDeps = () => ({ store: deps.store, publisher, log: logger })

export const sweepOptions: SweepOptions = {
  ...DEFAULT_SWEEP_OPTIONS,
  firstRunLookbackDays: config.sweepFirstRunLookbackDays,
}
