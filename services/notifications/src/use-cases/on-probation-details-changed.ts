/** probation-case.details.changed → the LDU and the probation part of the case. */
import { identifierOf } from '@omic/contracts'
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { nomsForCrn } from './case-facts'
import { linkAndApplyParked, type RecordDeps } from './record-support'

/** Probation case details: the LDU and the probation part of the case. */
export async function onProbationDetailsChanged(
  deps: RecordDeps,
  event: NotificationEventOf<'probation-case.details.changed'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const crn = identifierOf(event.detail, 'CRN') ?? ''
  const snapshot = event.detail.additionalInformation.snapshot
  const noms = identifierOf(event.detail, 'NOMS') ?? snapshot?.nomsNumber ?? (await nomsForCrn(deps.crnLinks, crn))
  if (noms) await linkAndApplyParked(deps, crn, noms)
  if (!snapshot) return []
  if (snapshot.lduCode) {
    await deps.directory.putLdu({ lduCode: snapshot.lduCode, name: snapshot.lduName, email: snapshot.lduEmail }, at)
  }
  if (noms) {
    await deps.directory.applyPart(
      noms,
      'probation',
      at,
      {
        crn,
        lduCode: snapshot.lduCode,
        lduName: snapshot.lduName,
        lduEmail: snapshot.lduEmail,
        roshLevel: snapshot.roshLevel,
      },
      { crn, ...(snapshot.lduCode ? { gsi1pk: `LDU#${snapshot.lduCode}`, gsi1sk: noms } : {}) },
      // a case that no longer has an LDU leaves the LDU's list (the monthly report)
      snapshot.lduCode ? [] : ['gsi1pk', 'gsi1sk'],
    )
  }
  return []
}
