/** offender-management.handover.changed → the handover part of the case, and the override emails. */
import { londonDateOf } from '@omic/domain'
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { withContact } from './case-facts'
import { plansOf, type RecordDeps } from './record-support'

/** New handover dates and responsibility: an override (#7) is emailed. */
export async function onHandoverChanged(
  deps: RecordDeps,
  event: NotificationEventOf<'offender-management.handover.changed'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const info = event.detail.additionalInformation
  const applied = await deps.directory.applyPart(info.nomsNumber, 'handover', at, {
    responsibility: info.responsibility,
    handoverStartDate: info.handoverStartDate,
    handoverDate: info.handoverDate,
    reason: info.reason,
    source: info.source,
    changedOn: londonDateOf(new Date(at)),
  })
  return plansOf(
    deps,
    {
      detailType: event.detailType,
      detail: event.detail,
      primaryPom: await withContact(deps.directory, applied.record.primaryPom),
    },
    applied.record,
    applied.outcome,
  )
}
