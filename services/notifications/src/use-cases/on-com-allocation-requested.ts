/** offender-management.com.allocation-requested → the CRN link. */
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { linkAndApplyParked, type RecordDeps } from './record-support'

/** A COM is asked for: the request links the CRN to the prisoner. */
export async function onComAllocationRequested(
  deps: RecordDeps,
  event: NotificationEventOf<'offender-management.com.allocation-requested'>,
): Promise<PlannedEmail[]> {
  const info = event.detail.additionalInformation
  if (info.crn) await linkAndApplyParked(deps, info.crn, info.nomsNumber)
  return []
}
