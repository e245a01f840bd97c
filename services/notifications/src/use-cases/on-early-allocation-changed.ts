/** community-early-allocation-eligibility.status.changed → the early allocation emails. */
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { plansOf, type RecordDeps } from './record-support'

/** Early allocation eligibility changed (#15). */
export async function onEarlyAllocationChanged(
  deps: RecordDeps,
  event: NotificationEventOf<'community-early-allocation-eligibility.status.changed'>,
): Promise<PlannedEmail[]> {
  const record = await deps.directory.getCase(event.detail.additionalInformation.nomsNumber)
  return plansOf(deps, { detailType: event.detailType, detail: event.detail }, record, 'applied')
}
