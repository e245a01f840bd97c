/** prisoner-offender-search.prisoner.* → the prisoner part of the case. */
import { identifierOf } from '@omic/contracts'
import type { NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { prisonerPart, type RecordDeps } from './record-support'

/** A prisoner received or updated: their snapshot is the prisoner part of the case. */
export async function onPrisonerReceivedOrUpdated(
  deps: RecordDeps,
  event: NotificationEventOf<
    'prisoner-offender-search.prisoner.received' | 'prisoner-offender-search.prisoner.updated'
  >,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const snapshot = event.detail.additionalInformation.snapshot
  if (snapshot) await deps.directory.applyPart(snapshot.nomsNumber, 'prisoner', at, prisonerPart(snapshot))
  return []
}

/** A prisoner released: their case is no longer in custody. */
export async function onPrisonerReleased(
  deps: RecordDeps,
  event: NotificationEventOf<'prisoner-offender-search.prisoner.released'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const noms = identifierOf(event.detail, 'NOMS') ?? ''
  const snapshot = event.detail.additionalInformation.snapshot
  const existing = snapshot ? prisonerPart(snapshot) : (await deps.directory.getCase(noms))?.prisoner
  if (existing) await deps.directory.applyPart(noms, 'prisoner', at, { ...existing, status: 'INACTIVE OUT' })
  return []
}
