import { isoDateSchema } from '@omic/domain'
import { logger } from '@omic/lambda-kit'
import { z } from 'zod'
import { clock, deps } from '../composition'
import { sendMonthlyPipelineReports } from '../use-cases/monthly-report'

/** A run may name its date (a re-run for a missed month); otherwise it is today in London. */
const inputSchema = z.object({ runDate: isoDateSchema.optional() }).loose()

/** EventBridge Scheduler, 1st of each month (Europe/London): the LDU pipeline reports. */
export const handler = async (input: unknown): Promise<void> => {
  const parsed = inputSchema.safeParse(input ?? {})
  if (!parsed.success) {
    logger.error('invalid schedule input', { fields: parsed.error.issues.map(i => i.path.join('.')) })
    throw new Error('Invalid schedule input')
  }
  const runDate = parsed.data.runDate ?? clock.today()
  const run = await sendMonthlyPipelineReports(await deps(), runDate)
  logger.info('monthly pipeline reports', { runDate, ldus: run.ldus })
}
