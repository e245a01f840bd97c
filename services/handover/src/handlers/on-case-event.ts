import { PUBLISHED_EVENTS, UPSTREAM_EVENTS } from '@omic/contracts'
import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { type CaseEvent, recordCaseEvent } from '../use-cases/record-case-event'

const schemas = {
  'prisoner-offender-search.prisoner.received': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.received'].schema,
  'prisoner-offender-search.prisoner.updated': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].schema,
  'prisoner-offender-search.prisoner.released': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.released'].schema,
  'prison-offender-events.prisoner.merged': UPSTREAM_EVENTS['prison-offender-events.prisoner.merged'].schema,
  'probation-case.details.changed': UPSTREAM_EVENTS['probation-case.details.changed'].schema,
  'person.community.manager.allocated': UPSTREAM_EVENTS['person.community.manager.allocated'].schema,
  'parole.review.updated': UPSTREAM_EVENTS['parole.review.updated'].schema,
  'offender-management.allocation.changed': PUBLISHED_EVENTS['offender-management.allocation.changed'].schema,
}

/** Keeps the handover read model from upstream events and recalculates (today = London date of now). */
export const pipeline = eventPipeline(schemas, async event => {
  const outcome = await recordCaseEvent(deps, event as CaseEvent)
  logger.info('case event handled', { outcome })
})
export const handler = pipeline.handler
