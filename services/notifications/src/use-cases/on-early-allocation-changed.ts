/** community-early-allocation-eligibility.status.changed → the early allocation emails. */
import type { SubscribedEventOf } from '@omic/contracts'
import type { HandledDetailType, notificationEvents } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { plansOf, type RecordDeps } from './record-support'

type EventOf<T extends HandledDetailType> = SubscribedEventOf<typeof notificationEvents, T>

/** Early allocation eligibility changed (#15). */
export async function onEarlyAllocationChanged(
  deps: RecordDeps,
  event: EventOf<'community-early-allocation-eligibility.status.changed'>,
): Promise<PlannedEmail[]> {
  const record = await deps.directory.getCase(event.detail.additionalInformation.nomsNumber)
  return plansOf(deps, { detailType: event.detailType, detail: event.detail }, record, 'applied')
}
