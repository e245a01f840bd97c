import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { EVENT_SCHEMAS, EVENT_SOURCES, type NotificationEvent } from '../model/events'
import { handleEvent } from '../use-cases/handle-event'

/** EventBridge: allocation, handover, COM and case events → directory updates and emails. */
export const pipeline = eventPipeline(EVENT_SCHEMAS, async event => {
  if (!EVENT_SOURCES[event.detailType].includes(event.source)) {
    // the rule only matches the expected producers; anything else is a misconfiguration, not an email
    logger.warn('event from an unexpected source ignored', { source: event.source })
    return
  }
  const result = await handleEvent(await deps(), event as NotificationEvent)
  logger.info('event handled', { planned: result.planned, outcomes: result.outcomes })
})
export const handler = pipeline.handler
