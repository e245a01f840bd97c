/**
 * Upstream events for tiering tests (a `null` snapshot makes the event thin): raw envelopes (what a producer puts on the bus) and the same parsed with the
 * contracts' schema (what the handler gives a use case). One realistic case, CRN X100001, unless told otherwise.
 */
import { randomUUID } from 'node:crypto'
import { UPSTREAM_EVENTS, type UpstreamEventInputOf, type UpstreamEventOf } from '@omic/contracts'
import type { DeletionEvent } from '../../src/use-cases/delete-case'
import type { MergeEvent } from '../../src/use-cases/merge-cases'
import type { TierInputEvent } from '../../src/use-cases/record-tier-input'
import type { UnmergeEvent } from '../../src/use-cases/unmerge-cases'

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

type HandledTypes =
  | TierInputEvent['detailType']
  | 'probation-case.merge.completed'
  | 'probation-case.unmerge.completed'
  | 'probation-case.deleted.gdpr'
type HandledEvent<T extends HandledTypes> = T extends 'probation-case.merge.completed'
  ? MergeEvent
  : T extends 'probation-case.unmerge.completed'
    ? UnmergeEvent
    : T extends 'probation-case.deleted.gdpr'
      ? DeletionEvent
      : TierInputEvent

/** The envelope as the handler passes it to a use case: parsed by its contract schema, with an event id. */
export function handled<T extends HandledTypes>(
  envelope: { eventType: T },
  id: string = randomUUID(),
): HandledEvent<T> {
  const type = envelope.eventType
  const detail = UPSTREAM_EVENTS[type].schema.parse(envelope) as UpstreamEventOf<T>
  return { id, source: 'hmpps.probation', detailType: type, detail } as never
}
