/**
 * The events the handover service publishes (events.md §4 and `offender-management.handover.reminder-due`), built
 * from the read model and checked against their contract before they are saved in the outbox, so an event that
 * could never be published never blocks a case.
 */
import {
  type EarlyAllocationEligibilityChangedEvent,
  type Envelope,
  type HandoverChangedEvent,
  isPublishedEventType,
  type PUBLISHED_EVENTS,
  parsePublishedEvent,
} from '@omic/contracts'
import type { CaseRecord, DomainEvent, PublishedState } from './records'
import type { Reminder } from './reminders'

export const EVENT_TYPES = {
  handoverChanged: 'offender-management.handover.changed',
  comAllocationRequested: 'offender-management.com.allocation-requested',
  earlyAllocationEligibility: 'community-early-allocation-eligibility.status.changed',
  reminderDue: 'offender-management.handover.reminder-due',
} as const satisfies Record<string, keyof typeof PUBLISHED_EVENTS>

type Source = HandoverChangedEvent['additionalInformation']['source']

function identifiers(record: CaseRecord): DomainEvent['identifiers'] {
  return { noms: record.nomsNumber, crn: record.crn }
}

/** The HMPPS envelope of an event, as the publisher will send it. */
export function envelopeOf(event: DomainEvent): Envelope {
  const ids: { type: 'NOMS' | 'CRN'; value: string }[] = []
  if (event.identifiers?.noms) ids.push({ type: 'NOMS', value: event.identifiers.noms })
  if (event.identifiers?.crn) ids.push({ type: 'CRN', value: event.identifiers.crn })
  return {
    eventType: event.eventType,
    version: 1,
    occurredAt: event.occurredAt,
    ...(event.description ? { description: event.description } : {}),
    ...(ids.length ? { personReference: { identifiers: ids } } : {}),
    additionalInformation: event.additionalInformation,
  }
}

/** Throws (a bug, not an expected failure) when an event breaks its published contract. */
export function assertPublishable(events: readonly DomainEvent[]): void {
  for (const e of events) {
    if (!isPublishedEventType(e.eventType)) throw new Error(`Not a published event type: ${e.eventType}`)
    parsePublishedEvent(e.eventType, envelopeOf(e))
  }
}

/** Who set or removed an override (from their token), on `handover.changed` with source `override`. */
export type OverriddenBy = NonNullable<HandoverChangedEvent['additionalInformation']['overriddenBy']>

export function handoverChanged(
  record: CaseRecord,
  state: PublishedState,
  source: Source,
  at: string,
  overriddenBy: OverriddenBy | null = null,
): DomainEvent {
  return {
    eventType: EVENT_TYPES.handoverChanged,
    occurredAt: at,
    description: 'Handover date and/or responsibility was updated',
    identifiers: identifiers(record),
    additionalInformation: {
      nomsNumber: record.nomsNumber,
      ...state,
      source,
      ...(source === 'override' ? { overriddenBy } : {}),
    },
  }
}

/**
 * A COM is needed: with the CRN, PDU and LDU as far as they are known (null until nDelius tells us; the request is
 * re-issued once they arrive or change, see reconcile).
 */
export function comAllocationRequested(
  record: CaseRecord,
  target: { crn: string | null; pduCode: string | null; lduCode: string | null },
  neededBy: string,
  at: string,
): DomainEvent {
  return {
    eventType: EVENT_TYPES.comAllocationRequested,
    occurredAt: at,
    description: 'A community offender manager is needed',
    identifiers: { noms: record.nomsNumber, crn: target.crn },
    additionalInformation: {
      nomsNumber: record.nomsNumber,
      crn: target.crn,
      pduCode: target.pduCode,
      lduCode: target.lduCode,
      neededBy,
    },
  }
}

type EligibilityInfo = EarlyAllocationEligibilityChangedEvent['additionalInformation']

/** The assessment behind an eligibility event: its id and what it means for the LDU (see docs/handover.md). */
export interface EligibilityBasis {
  assessmentId: string | null
  assessmentOutcome: NonNullable<EligibilityInfo['assessmentOutcome']> | null
}

export function earlyAllocationEligibilityChanged(
  record: CaseRecord,
  eligible: boolean,
  at: string,
  basis: EligibilityBasis,
): DomainEvent {
  return {
    eventType: EVENT_TYPES.earlyAllocationEligibility,
    occurredAt: at,
    description:
      !eligible && basis.assessmentOutcome === 'discretionary'
        ? 'Discretionary early allocation referral: a community decision is needed'
        : 'Early allocation eligibility changed',
    identifiers: { noms: record.nomsNumber },
    additionalInformation: {
      nomsNumber: record.nomsNumber,
      eligibilityStatus: eligible,
      assessmentOutcome: basis.assessmentOutcome,
      assessmentId: basis.assessmentId,
    },
  }
}

export function reminderDue(record: CaseRecord, reminder: Reminder, dueDate: string, at: string): DomainEvent {
  const calc = record.calculation
  const probation = record.probation?.snapshot
  return {
    eventType: EVENT_TYPES.reminderDue,
    occurredAt: at,
    description: `Handover reminder due: ${reminder}`,
    identifiers: identifiers(record),
    additionalInformation: {
      nomsNumber: record.nomsNumber,
      reminder,
      dueDate,
      handoverDate: calc?.handoverDate ?? null,
      handoverStartDate: calc?.handoverStartDate ?? null,
      episodeId: record.episode?.id ?? 'none',
      prisonId: record.prisoner?.snapshot.prisonId ?? record.custody?.prisonId ?? 'OUT',
      crn: record.crn,
      lduCode: probation?.lduCode ?? null,
      lduEmail: probation?.lduEmail ?? null,
      comName: record.com?.name ?? null,
      comEmail: record.com?.email ?? null,
      pomStaffCode: record.pom?.staffCode ?? null,
      earliestReleaseDate: calc?.earliestRelease?.date ?? null,
      handoverType: calc?.handoverType ?? 'missing',
    },
  }
}
