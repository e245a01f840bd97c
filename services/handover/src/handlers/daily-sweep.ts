import { isoDateSchema } from '@omic/domain'
import { fieldErrors, logger } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps, sweepOptions } from '../composition'
import { runDailySweep, type SweepReport } from '../use-cases/run-daily-sweep'

/** The scheduler's input; `today` runs the sweep as of that London day (tests and the demo), else London today. */
const payloadSchema = z.looseObject({ today: isoDateSchema.optional() })

/** 03:00 Europe/London: the daily sweep over the cases due since the last run (never a scan). */
export const handler = async (event: unknown): Promise<SweepReport> => {
  const parsed = payloadSchema.safeParse(typeof event === 'object' && event !== null ? event : {})
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, 'payload')
    logger.error('invalid sweep payload', { errors })
    throw new Error(`Invalid sweep payload: ${errors.map(e => `${e.field} ${e.reason}`).join('; ')}`)
  }
  const report = await runDailySweep(deps, parsed.data, sweepOptions, (nomsNumber, error) =>
    logger.error('sweep failed for a case', { nomsNumber, error: error as Error }),
  )
  logger.info('daily sweep finished', { ...report })
  return report
}
