import type { TierVersion } from '../../src/model/tier-summary'
import type { RecalculationDeps } from '../../src/use-cases/deps'
import {
  InMemoryCaseStore,
  RecordingDispatcher,
  RecordingLog,
  RecordingPublisher,
  RecordingRejectedEvents,
  SequentialIds,
  TestClock,
} from './fakes'

/** The use cases' dependencies, all in memory. */
export function memoryDeps(version: TierVersion = 'v2') {
  const cases = new InMemoryCaseStore()
  const publisher = new RecordingPublisher()
  const rejected = new RecordingRejectedEvents()
  const dispatcher = new RecordingDispatcher()
  const clock = new TestClock()
  const log = new RecordingLog()
  const deps: RecalculationDeps = {
    cases,
    publisher,
    log,
    rejected,
    dispatcher,
    clock,
    ids: new SequentialIds(),
    version,
    jobs: undefined as never,
  }
  return { deps, cases, publisher, log, rejected, dispatcher, clock }
}
