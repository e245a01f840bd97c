/** assessment.summary.produced → the assessment part of the case. */
import type { SubscribedEventOf } from '@omic/contracts'
import { identifierOf } from '@omic/contracts'
import type { HandledDetailType, notificationEvents } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { nomsForCrn } from './case-facts'
import { applyOrPark, type RecordDeps } from './record-support'

type EventOf<T extends HandledDetailType> = SubscribedEventOf<typeof notificationEvents, T>

/** An assessment summary: applied to the case, or parked under the CRN until linked. */
export async function onAssessmentProduced(
  deps: RecordDeps,
  event: EventOf<'assessment.summary.produced'>,
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
