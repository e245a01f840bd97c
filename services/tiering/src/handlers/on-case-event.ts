import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import { PUBLISHED_EVENTS, UPSTREAM_EVENTS } from '@omic/contracts'
import { type AnyEventBridgeEvent, eventPipeline, logger } from '@omic/lambda-kit'
import type { Context } from 'aws-lambda'
import { deps } from '../composition'
import { deleteCase } from '../use-cases/delete-case'
import { mergeCases } from '../use-cases/merge-cases'
import { runSegment } from '../use-cases/recalculate-all'
import { recordTierInput } from '../use-cases/record-tier-input'
import { unmergeCases } from '../use-cases/unmerge-cases'

const schemas = {
  'probation-case.registration.added': UPSTREAM_EVENTS['probation-case.registration.added'].schema,
  'probation-case.registration.updated': UPSTREAM_EVENTS['probation-case.registration.updated'].schema,
  'probation-case.registration.deleted': UPSTREAM_EVENTS['probation-case.registration.deleted'].schema,
  'assessment.summary.produced': UPSTREAM_EVENTS['assessment.summary.produced'].schema,
  'probation-case.convictions.changed': UPSTREAM_EVENTS['probation-case.convictions.changed'].schema,
  'probation-case.details.changed': UPSTREAM_EVENTS['probation-case.details.changed'].schema,
  'probation-case.merge.completed': UPSTREAM_EVENTS['probation-case.merge.completed'].schema,
  'probation-case.unmerge.completed': UPSTREAM_EVENTS['probation-case.unmerge.completed'].schema,
  'probation-case.deleted.gdpr': UPSTREAM_EVENTS['probation-case.deleted.gdpr'].schema,
  'tier.recalculation.segment-requested': PUBLISHED_EVENTS['tier.recalculation.segment-requested'].schema,
}

/** A segment hands over to a continuation when less than this is left of the invocation's time. */
const HAND_OVER_WITH_MS_LEFT = 90_000
/** Cases per page of the recalculation scan (progress is recorded after each page). */
const RECALCULATION_PAGE_SIZE = 250

const invocation = new AsyncLocalStorage<Context>()

export const pipeline = eventPipeline(schemas, async event => {
  switch (event.detailType) {
    case 'probation-case.merge.completed': {
      logger.info('merge handled', { outcome: await mergeCases(deps, event) })
      return
    }
    case 'probation-case.unmerge.completed': {
      logger.info('unmerge handled', { outcome: await unmergeCases(deps, event) })
      return
    }
    case 'probation-case.deleted.gdpr': {
      // counts only: the CRN is in the event id's context already, and nothing personal is logged
      logger.info('erasure handled', { ...(await deleteCase(deps, event)) })
      return
    }
    case 'tier.recalculation.segment-requested': {
      if (event.source !== 'omic.tiering') {
        logger.warn('segment request from another source ignored', { source: event.source })
        return
      }
      const context = invocation.getStore()
      const outcome = await runSegment(deps, {
        request: event.detail.additionalInformation,
        claimant: context?.awsRequestId ?? randomUUID(),
        shouldStop: () => (context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY) < HAND_OVER_WITH_MS_LEFT,
        pageSize: RECALCULATION_PAGE_SIZE,
      })
      logger.info('recalculation segment handled', { outcome, ...event.detail.additionalInformation })
      return
    }
    default:
      logger.info('tiering input recorded', { outcome: await recordTierInput(deps, event) })
  }
})

/**
 * Tiering inputs from probation events (and merges, unmerges and erasures), and the segments of a full recalculation: one function, one
 * rule. The Lambda context is kept for the segment worker, which stops before the deadline and hands over.
 */
export const handler = (event: AnyEventBridgeEvent, context: Context): Promise<void> =>
  invocation.run(context, () => pipeline.handler(event, context))
