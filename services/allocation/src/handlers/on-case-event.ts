import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { drainOutbox } from '../use-cases/case-writer'
import { caseEvents } from '../events/subscriptions'
import { recordCaseEvent } from '../use-cases/record-case-event'

/**
 * How often one container looks for events a failed publish left in the outbox. drainOutbox only takes entries
 * older than 30 s, so looking on every event (a query each) would mostly find nothing.
 */
const DRAIN_EVERY_MS = 10_000
let lastDrain = 0

/** EventBridge: keeps the case read model and deallocates on release, transfer and legal status. */
export const pipeline = eventPipeline(caseEvents, async event => {
  const outcome = await recordCaseEvent(deps, event)
  logger.info('case event recorded', { outcome })
  if (Date.now() - lastDrain < DRAIN_EVERY_MS) return
  lastDrain = Date.now()
  const drained = await drainOutbox(deps).catch(() => 0)
  if (drained > 0) logger.info('outbox drained', { drained })
})
export const handler = pipeline.handler
