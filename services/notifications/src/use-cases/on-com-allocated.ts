/** person.community.manager.allocated → the COM part of the case and the COM allocation emails. */
import { allocatedComStaffCode, identifierOf } from '@omic/contracts'
import type { NotificationEventOf } from '../events/subscriptions'
import type { CaseRecord, StaffRef } from '../model/directory'
import type { PlannedEmail } from '../model/planned-email'
import { nomsForCrn, withContact } from './case-facts'
import { linkAndApplyParked, plansOf, type RecordDeps } from './record-support'

/** A COM allocated (#17). */
export async function onComAllocated(
  deps: RecordDeps,
  event: NotificationEventOf<'person.community.manager.allocated'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const detail = event.detail
  const info = detail.additionalInformation
  const crn = identifierOf(detail, 'CRN') ?? ''
  const noms = identifierOf(detail, 'NOMS') ?? (await nomsForCrn(deps.crnLinks, crn))
  const snapshot = info.snapshot
  const staffId = allocatedComStaffCode(detail)
  // hmpps-workload's thin event names no one: no email until it is enriched
  if (staffId === null) return []
  if (snapshot) {
    await deps.directory.putStaff({ staffId: snapshot.staffCode, name: snapshot.name, email: snapshot.email }, at)
  }
  const com = await withContact(deps.directory, {
    staffId,
    name: snapshot?.name ?? null,
    email: snapshot?.email ?? null,
  })
  let record: CaseRecord | undefined
  let outcome: 'applied' | 'replayed' | 'stale' = 'applied'
  let previous: StaffRef | null = null
  if (noms) {
    await linkAndApplyParked(deps, crn, noms)
    const applied = await deps.directory.applyPart(noms, 'com', at, com, { crn })
    record = applied.record
    outcome = applied.outcome
    previous = applied.previous ?? null
  }
  return plansOf(
    deps,
    {
      detailType: event.detailType,
      detail,
      com: com ?? { staffId, name: null, email: null },
      previous,
    },
    record,
    outcome,
  )
}
