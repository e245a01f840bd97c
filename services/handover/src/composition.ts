import { documentClient, EventPublisher } from '@omic/lambda-kit'
import { DynamoDbCaseStore } from './adapters/dynamodb-case-store'
import { EventBridgeEventSink } from './adapters/eventbridge-event-sink'
import { config } from './config'
import { DEFAULT_SERVICE_OPTIONS } from './model/reconcile'
import { DEFAULT_SWEEP_OPTIONS, type SweepOptions } from './use-cases/run-daily-sweep'
import type { HandoverDeps } from './use-cases/update-case'

/** The handover service's object graph, built once per cold start. */
export const deps: HandoverDeps = {
  store: new DynamoDbCaseStore(documentClient(), config.tableName),
  events: new EventBridgeEventSink(EventPublisher.fromEnv()),
  clock: { now: () => new Date() },
  options: { ...DEFAULT_SERVICE_OPTIONS, simplifiedEnhancedHandover: config.simplifiedEnhancedHandover },
}

export const sweepOptions: SweepOptions = {
  ...DEFAULT_SWEEP_OPTIONS,
  firstRunLookbackDays: config.sweepFirstRunLookbackDays,
}
