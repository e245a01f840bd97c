import { logger } from '@omic/lambda-kit'
import { deps } from '../composition'
import { flushBulkDigests } from '../use-cases/bulk-digest'
import { pollDeliveryStatuses } from '../use-cases/delivery-status'

/**
 * EventBridge Scheduler, every 15 minutes (Europe/London): reads GOV.UK Notify's delivery statuses of sent emails,
 * and sends the bulk reallocation summaries whose reallocation is over.
 */
export const handler = async (): Promise<void> => {
  const d = await deps()
  const receipts = await pollDeliveryStatuses(d)
  const bulk = await flushBulkDigests(d)
  logger.info('quarter-hourly run', { receipts, bulk })
}
