/**
 * Upstream events for tiering tests (a `null` snapshot makes the event thin): raw envelopes (what a producer puts on the bus) and the same parsed with the
 * contracts' schema (what the handler gives a use case). One realistic case, CRN X100001, unless told otherwise.
 */
import { randomUUID } from 'node:crypto'
import { UPSTREAM_EVENTS, type UpstreamEventInputOf } from '@omic/contracts'
import type { CaseEvent, SegmentRequestedEvent } from '../../src/events/subscriptions'

export const CRN = 'X100001'

type Registration = { code: string; level?: string | null; category?: string | null; date: string }

/** MAPPA level 2 (category M2), RoSH high, domestic abuse, mental health. */
export const REGISTRATIONS: Registration[] = [
  { code: 'MAPP', level: 'M2', category: 'M2', date: '2026-10-01' },
  { code: 'RHRH', date: '2026-09-03' },
  { code: 'ADVP', date: '2025-02-17' },
  { code: 'RMDO', date: '2024-12-01' },
]

/**
 * RSR 4.73 (10 points), OGRS 61 (6 points); accommodation 2+2+2+1 = 7 (severe, 2 points), attitudes 2+1 = 3 (standard ×
 * weight 2 = 2 points): needs 4 + OGRS 6 = 10 change points → change level 2. ARP 61.4 and CSRP 3.21, both dynamic:
 * OGRS4 table cell C.
 */
export function assessmentSnapshot(overrides: Record<string, unknown> = {}) {
  return {
    assessmentId: '10083457',
    completedDate: '2026-11-21',
    type: 'LAYER3',
    status: 'COMPLETE',
    sanIndicator: false,
    rsrScore: 4.73,
    ogrsScore: 61,
    roshLevel: 'HIGH',
    sections: {
      accommodation: {
        noFixedAbodeOrTransient: 'Yes',
        suitabilityOfAccommodation: 'Significant',
        permanenceOfAccommodation: 'Significant',
        locationOfAccommodation: 'Some',
      },
      attitudes: {
        proCriminalAttitudes: 'Significant',
        attitudesTowardsSupervision: 'Some',
        attitudesTowardsCommunitySociety: 'None',
        motivationToAddressBehaviour: 'None',
      },
    },
    womensFactors: null,
    predictors: {
      allReoffending: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
      combinedSeriousReoffending: { score: 3.21, band: 'HIGH', staticOrDynamic: 'DYNAMIC' },
      directContactSexualReoffending: { score: 0, band: 'Not Applicable', staticOrDynamic: null },
    },
    everCommittedSexualOffence: false,
    ...overrides,
  }
}

export const CONVICTIONS = {
  convictions: [{ terminationDate: null, sentenceTypeCode: 'NC', requirements: [] }],
  hasActiveEvent: true,
  latestReleaseDate: null,
  previousEnforcementActivity: false,
}

const person = (crn: string) => ({ identifiers: [{ type: 'CRN', value: crn }] })

export function registrationsEnvelope(
  occurredAt: string,
  registrations: Registration[] | null = REGISTRATIONS,
  crn = CRN,
  eventType:
    | 'probation-case.registration.added'
    | 'probation-case.registration.updated'
    | 'probation-case.registration.deleted' = 'probation-case.registration.added',
): UpstreamEventInputOf<'probation-case.registration.added'> {
  return {
    eventType: eventType as 'probation-case.registration.added',
    version: 1,
    occurredAt,
    personReference: person(crn) as never,
    additionalInformation: {
      registerTypeCode: registrations?.[0]?.code ?? 'MAPP',
      ...(registrations ? { snapshot: { registrations } } : {}),
    },
  }
}

export function assessmentEnvelope(
  occurredAt: string,
  snapshot: Record<string, unknown> | null = assessmentSnapshot(),
  crn = CRN,
): UpstreamEventInputOf<'assessment.summary.produced'> {
  return {
    eventType: 'assessment.summary.produced',
    version: 1,
    occurredAt,
    personReference: person(crn) as never,
    additionalInformation: {
      assessmentId: String(snapshot?.assessmentId ?? '10083457'),
      ...(snapshot ? { snapshot: snapshot as never } : {}),
    },
  }
}

export function convictionsEnvelope(
  occurredAt: string,
  snapshot: Record<string, unknown> | null = CONVICTIONS,
  crn = CRN,
): UpstreamEventInputOf<'probation-case.convictions.changed'> {
  return {
    eventType: 'probation-case.convictions.changed',
    version: 1,
    occurredAt,
    personReference: person(crn) as never,
    additionalInformation: snapshot ? { snapshot: snapshot as never } : {},
  }
}

export function detailsEnvelope(
  occurredAt: string,
  gender: string | null,
  crn = CRN,
): UpstreamEventInputOf<'probation-case.details.changed'> {
  return {
    eventType: 'probation-case.details.changed',
    version: 1,
    occurredAt,
    personReference: person(crn) as never,
    additionalInformation: { snapshot: { crn, gender, probationService: 'England', pduCode: 'N54LEEDS' } },
  }
}

export function mergeEnvelope(
  occurredAt: string,
  sourceCRN: string,
  targetCRN: string,
): UpstreamEventInputOf<'probation-case.merge.completed'> {
  return {
    eventType: 'probation-case.merge.completed',
    version: 1,
    occurredAt,
    personReference: person(targetCRN) as never,
    additionalInformation: { sourceCRN, targetCRN },
  }
}

export function deletionEnvelope(occurredAt: string, crn = CRN): UpstreamEventInputOf<'probation-case.deleted.gdpr'> {
  return { eventType: 'probation-case.deleted.gdpr', version: 1, occurredAt, personReference: person(crn) as never }
}

export function unmergeEnvelope(
  occurredAt: string,
  reactivatedCRN: string,
  unmergedCRN: string,
): UpstreamEventInputOf<'probation-case.unmerge.completed'> {
  return {
    eventType: 'probation-case.unmerge.completed',
    version: 1,
    occurredAt,
    personReference: person(unmergedCRN) as never,
    additionalInformation: { reactivatedCRN, unmergedCRN },
  }
}

/** The upstream events tiering handles (all but its own segment requests). */
type HandledTypes = Exclude<CaseEvent['detailType'], SegmentRequestedEvent['detailType']>
type HandledEvent<T extends HandledTypes> = Extract<CaseEvent, { detailType: T }>

/**
 * The envelope as the event pipeline passes it to a use case: the whole delivery (`id`, `source`, `time`,
 * `detailType`) with its detail parsed by the type's contract schema.
 */
export function handled<T extends HandledTypes>(
  envelope: { eventType: T },
  id: string = randomUUID(),
  time = '2026-11-23T10:00:00Z',
): HandledEvent<T> {
  const event: unknown = {
    id,
    source: 'hmpps.probation',
    time,
    detailType: envelope.eventType,
    detail: UPSTREAM_EVENTS[envelope.eventType].schema.parse(envelope),
  }
  return event as HandledEvent<T>
}
