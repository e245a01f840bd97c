import { logger } from '@omic/lambda-kit'
import { config, deps } from '../composition'
import { startRecalculation } from '../use-cases/recalculate-all'

/** The weekly schedule: start a full recalculation (or resume a stalled one); the segments run in the worker. */
export const handler = async (): Promise<void> => {
  const { job, outcome } = await startRecalculation(deps, {
    trigger: 'schedule',
    requestedBy: null,
    segments: config.recalculationSegments,
  })
  logger.info('weekly tier recalculation', { jobId: job.jobId, outcome, segments: job.totalSegments })
}
