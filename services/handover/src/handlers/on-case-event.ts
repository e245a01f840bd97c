import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { caseEvents } from '../events/subscriptions'
import { recordCaseEvent } from '../use-cases/record-case-event'

/** Keeps the handover read model from upstream events and recalculates (today = London date of now). */
export const pipeline = eventPipeline(caseEvents, async event => {
  const outcome = await recordCaseEvent(deps, event)
  logger.info('case event handled', { outcome })
})
export const handler = pipeline.handler
