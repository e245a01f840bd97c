/** offender-management.handover.reminder-due → the reminder emails. */
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { staffById, withContact } from './case-facts'
import { linkAndApplyParked, plansOf, type RecordDeps } from './record-support'

/** A handover reminder is due (#8–#13, #16). */
export async function onHandoverReminderDue(
  deps: RecordDeps,
  event: NotificationEventOf<'offender-management.handover.reminder-due'>,
): Promise<PlannedEmail[]> {
  const info = event.detail.additionalInformation
  const record = await deps.directory.getCase(info.nomsNumber)
  if (info.crn) await linkAndApplyParked(deps, info.crn, info.nomsNumber)
  const pomId = info.pomStaffCode === null ? (record?.primaryPom?.staffId ?? null) : String(info.pomStaffCode)
  const pom =
    pomId === record?.primaryPom?.staffId
      ? await withContact(deps.directory, record?.primaryPom)
      : await staffById(deps.directory, pomId)
  return plansOf(deps, { detailType: event.detailType, detail: event.detail, pom }, record, 'applied')
}
