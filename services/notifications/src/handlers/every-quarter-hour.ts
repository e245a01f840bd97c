import { logger } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { flushBulkDigests } from '../use-cases/bulk-digest'
import { pollDeliveryStatuses } from '../use-cases/delivery-status'
import { flushInactivePomDigests } from '../use-cases/inactive-pom-digest'
import { replanEndedWaits } from '../use-cases/replan'

/**
 * A run may name the instant the digests' quiet period and the end of the waits for optional facts are measured to
 * (tests and the demo); otherwise now.
 */
const inputSchema = z.object({ asOf: z.iso.datetime({ offset: true }).optional() }).loose()

/**
 * EventBridge Scheduler, every 15 minutes (Europe/London): reads GOV.UK Notify's delivery statuses of sent emails,
 * sends the bulk reallocation summaries (#6) and the inactive-POM summaries (#18) whose digests are quiet, and the
 * parked emails whose wait for optional facts is over (with what is known).
 */
export const handler = async (input: unknown): Promise<void> => {
  const parsed = inputSchema.safeParse(input ?? {})
  if (!parsed.success) {
    logger.error('invalid schedule input', { fields: parsed.error.issues.map(i => i.path.join('.')) })
    throw new Error('Invalid schedule input')
  }
  const d = await deps()
  const asOf = parsed.data.asOf ? new Date(parsed.data.asOf) : d.clock.now()
  const receipts = await pollDeliveryStatuses(d)
  const bulk = await flushBulkDigests(d, undefined, asOf)
  const inactivePoms = await flushInactivePomDigests(d, undefined, asOf)
  const waits = await replanEndedWaits(d, asOf)
  logger.info('quarter-hourly run', {
    receipts,
    bulk,
    inactivePoms,
    endedWaits: waits.replanned,
    outcomes: waits.outcomes,
  })
}
