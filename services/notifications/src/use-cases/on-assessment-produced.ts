/** assessment.summary.produced → the assessment part of the case. */
import { identifierOf } from '@omic/contracts'
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { nomsForCrn } from './case-facts'
import { applyOrPark, type RecordDeps } from './record-support'

/** An assessment summary: applied to the case, or parked under the CRN until linked. */
export async function onAssessmentProduced(
  deps: RecordDeps,
  event: NotificationEventOf<'assessment.summary.produced'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const crn = identifierOf(event.detail, 'CRN') ?? ''
  const snapshot = event.detail.additionalInformation.snapshot
  if (!snapshot) return []
  const noms = identifierOf(event.detail, 'NOMS') ?? (await nomsForCrn(deps.crnLinks, crn))
  await applyOrPark(deps, crn, noms, at, {
    part: 'assessment',
    value: {
      completedDate: snapshot.completedDate,
      rsrScore: snapshot.rsrScore,
      ogrsScore: snapshot.ogrsScore,
    },
  })
  return []
}
