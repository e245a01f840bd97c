import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { notificationEvents } from '../events/subscriptions'
import { handleEvent } from '../use-cases/handle-event'

/** EventBridge: allocation, handover, COM and case events → directory updates and emails. */
export const pipeline = eventPipeline(notificationEvents, async event => {
  const result = await handleEvent(await deps(), event)
  logger.info('event handled', { planned: result.planned, outcomes: result.outcomes })
})
export const handler = pipeline.handler
