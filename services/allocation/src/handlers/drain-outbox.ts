import { outboxDrainHandler } from '@omic/lambda-kit'
import { deps } from '../composition'
import { outboxDeps } from '../use-cases/case-writer'

/** Scheduled (every 5 minutes, `service.outboxDrain()`): republishes the events a failed publish left in the outbox. */
export const handler = outboxDrainHandler(
  () => outboxDeps(deps),
  () => deps.clock.now(),
)
