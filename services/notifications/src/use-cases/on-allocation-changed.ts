/** offender-management.allocation.changed → the POM part of the case, emails and digests. */
import { fullName, pomResponsibility } from '@omic/domain'
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { withContact } from './case-facts'
import { actingSpoOf } from './inactive-pom-digest'
import { plansOf, type RecordDeps } from './record-support'

/** A POM allocated, reallocated or removed: #1–#5 by email, #6 and #18 gathered in digests. */
export async function onAllocationChanged(
  deps: RecordDeps,
  event: NotificationEventOf<'offender-management.allocation.changed'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const info = event.detail.additionalInformation
  const current =
    info.staffCode === null
      ? null
      : await withContact(deps.directory, {
          staffId: String(info.staffCode),
          name: info.staffName ?? null,
          email: info.staffEmail ?? null,
        })
  if (current && (info.staffName || info.staffEmail)) {
    await deps.directory.putStaff(
      { staffId: current.staffId, name: info.staffName ?? null, email: info.staffEmail ?? null },
      at,
    )
  }
  const part = info.role === 'primary' ? 'primaryPom' : 'coworkingPom'
  const applied = await deps.directory.applyPart(info.nomsNumber, part, at, current)
  // the previous POM as the event names them (the allocation service adds their contact details), else the
  // directory's "before"
  const previous =
    info.previousStaffCode !== undefined
      ? info.previousStaffCode === null
        ? null
        : await withContact(deps.directory, {
            staffId: String(info.previousStaffCode),
            name: info.previousStaffName ?? null,
            email: info.previousStaffEmail ?? null,
          })
      : await withContact(deps.directory, applied.previous)
  const others = previous && previous.staffId !== current?.staffId ? previous : null
  if (info.eventTrigger === 'bulk_reallocation' && info.role === 'primary' && current && others) {
    if (applied.outcome !== 'stale') {
      const p = applied.record.prisoner
      const addedAt = deps.clock.now().toISOString()
      await deps.digests.addToBulkDigest(
        { prisonId: info.prisonId, source: others, target: current, lastAddedAt: addedAt },
        {
          nomsNumber: info.nomsNumber,
          prisonerName: fullName(p?.firstName, p?.lastName) ?? info.nomsNumber,
          role: pomResponsibility(applied.record.handover?.responsibility ?? null),
          addedAt,
        },
        at,
        info.note ? { text: info.note, at } : null,
      )
    }
    return []
  }
  // #18: a primary case an inactive POM handed back is gathered for the SPO who set them inactive
  const spo = actingSpoOf(info.changedBy)
  if (
    info.eventTrigger === 'inactive_pom' &&
    info.role === 'primary' &&
    current === null &&
    previous &&
    spo &&
    applied.outcome !== 'stale'
  ) {
    const p = applied.record.prisoner
    const added = deps.clock.now().toISOString()
    await deps.digests.addToInactivePomDigest(
      { prisonId: info.prisonId, pom: previous, spo, lastAddedAt: added },
      {
        nomsNumber: info.nomsNumber,
        prisonerName: fullName(p?.firstName, p?.lastName),
        removedAt: at,
        addedAt: added,
      },
    )
  }
  return plansOf(
    deps,
    {
      detailType: event.detailType,
      detail: event.detail,
      previous: others,
      current,
      primaryPom: await withContact(deps.directory, applied.record.primaryPom),
    },
    applied.record,
    applied.outcome,
  )
}
