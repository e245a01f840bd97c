import { PUBLISHED_EVENTS, UPSTREAM_EVENTS } from '@omic/contracts'
import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { drainOutbox } from '../use-cases/case-writer'
import { type CaseEvent, recordCaseEvent } from '../use-cases/record-case-event'

const schemas = {
  'prisoner-offender-search.prisoner.received': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.received'].schema,
  'prisoner-offender-search.prisoner.updated': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].schema,
  'prisoner-offender-search.prisoner.released': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.released'].schema,
  'prison-offender-events.prisoner.merged': UPSTREAM_EVENTS['prison-offender-events.prisoner.merged'].schema,
  'probation-case.details.changed': UPSTREAM_EVENTS['probation-case.details.changed'].schema,
  'person.community.manager.allocated': UPSTREAM_EVENTS['person.community.manager.allocated'].schema,
  'tier.calculation.complete': PUBLISHED_EVENTS['tier.calculation.complete'].schema,
  'offender-management.handover.changed': PUBLISHED_EVENTS['offender-management.handover.changed'].schema,
  'offender-management.com.allocation-requested':
    PUBLISHED_EVENTS['offender-management.com.allocation-requested'].schema,
}

/**
 * How often one container looks for events a failed publish left in the outbox. drainOutbox only takes entries
 * older than 30 s, so looking on every event (a query each) would mostly find nothing.
 */
const DRAIN_EVERY_MS = 10_000
let lastDrain = 0

/** EventBridge: keeps the case read model and deallocates on release, transfer and legal status. */
export const pipeline = eventPipeline(schemas, async event => {
  const outcome = await recordCaseEvent(deps, event as CaseEvent)
  logger.info('case event recorded', { outcome })
  if (Date.now() - lastDrain < DRAIN_EVERY_MS) return
  lastDrain = Date.now()
  const drained = await drainOutbox(deps).catch(() => 0)
  if (drained > 0) logger.info('outbox drained', { drained })
})
export const handler = pipeline.handler
