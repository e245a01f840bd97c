import { eventPipeline, logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { caseEvents } from '../events/subscriptions'
import { deleteCase } from '../use-cases/delete-case'
import { mergeCases } from '../use-cases/merge-cases'
import { runSegment, segmentRunFor } from '../use-cases/recalculate-all'
import { recordTierInput } from '../use-cases/record-tier-input'
import { unmergeCases } from '../use-cases/unmerge-cases'

/**
 * Tiering inputs from probation events (and merges, unmerges and erasures), and the segments of a full
 * recalculation: one function, one rule. A segment worker reads the invocation's deadline from the Lambda context,
 * stops before it and hands over.
 */
export const pipeline = eventPipeline(caseEvents, async (event, context) => {
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
      const outcome = await runSegment(deps, segmentRunFor(event.detail.additionalInformation, context, deps.ids))
      logger.info('recalculation segment handled', { outcome, ...event.detail.additionalInformation })
      return
    }
    default:
      logger.info('tiering input recorded', { outcome: await recordTierInput(deps, event) })
  }
})

export const handler = pipeline.handler
