import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { caseEvents } from '../events/subscriptions'
import { recordCaseEvent } from '../use-cases/record-case-event'

/** EventBridge: keeps the case read model and deallocates on release, transfer and legal status. */
export const pipeline = eventPipeline(caseEvents, async event => {
  const outcome = await recordCaseEvent(deps, event)
  logger.info('case event recorded', { outcome })
})
export const handler = pipeline.handler
