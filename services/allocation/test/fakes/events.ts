/** Event builders for tests: the envelopes upstream systems and our other services publish (events.md). */

import { randomUUID } from 'node:crypto'
import type { SubscribedEventOf } from '@omic/contracts'
import { type CaseEvent, caseEvents } from '../../src/events/subscriptions'

type Snapshot = Record<string, unknown>

export function prisonerSnapshot(noms: string, prisonId: string, over: Snapshot = {}): Snapshot {
  return {
    nomsNumber: noms,
    firstName: 'Dami',
    lastName: `Okafor${noms.slice(1, 5)}`,
    dateOfBirth: '1988-04-09',
    gender: 'Male',
    prisonId,
    status: 'ACTIVE IN',
    legalStatus: 'SENTENCED',
    imprisonmentStatus: 'SENT03',
    sentenceStartDate: '2026-01-10',
    conditionalReleaseDate: '2029-03-01',
    ...over,
  }
}

/**
 * A delivery as the event pipeline hands it to the use case: the detail checked with the subscription's schema,
 * from the catalogue's source for its type, with its own id.
 */
const parse = <T extends CaseEvent['detailType']>(
  detailType: T,
  detail: unknown,
): SubscribedEventOf<typeof caseEvents, T> => {
  const parsed = caseEvents.schemas[detailType].parse(detail) as { occurredAt: string }
  return {
    id: randomUUID(),
    source: caseEvents.sources[detailType][0] ?? '',
    time: parsed.occurredAt,
    detailType,
    detail: parsed,
  } as SubscribedEventOf<typeof caseEvents, T>
}

export const received = (
  noms: string,
  prisonId: string,
  occurredAt: string,
  over: Snapshot = {},
  reason = 'ADMISSION',
) =>
  parse('prisoner-offender-search.prisoner.received', {
    eventType: 'prisoner-offender-search.prisoner.received',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: { reason, prisonId, snapshot: prisonerSnapshot(noms, prisonId, over) },
  })

export const updated = (noms: string, prisonId: string, occurredAt: string, over: Snapshot = {}) =>
  parse('prisoner-offender-search.prisoner.updated', {
    eventType: 'prisoner-offender-search.prisoner.updated',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: { categoriesChanged: ['STATUS'], snapshot: prisonerSnapshot(noms, prisonId, over) },
  })

export const released = (noms: string, prisonId: string, occurredAt: string, reason = 'RELEASED') =>
  parse('prisoner-offender-search.prisoner.released', {
    eventType: 'prisoner-offender-search.prisoner.released',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: { reason, prisonId },
  })

export const probationDetails = (noms: string, crn: string, occurredAt: string, over: Snapshot = {}) =>
  parse('probation-case.details.changed', {
    eventType: 'probation-case.details.changed',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [
        { type: 'CRN', value: crn },
        { type: 'NOMS', value: noms },
      ],
    },
    additionalInformation: {
      snapshot: {
        crn,
        nomsNumber: noms,
        probationService: 'England',
        pduCode: 'PDU1',
        pduName: 'Leeds',
        lduCode: 'LDU1',
        teamCode: 'TEAM1',
        mappaLevel: 0,
        roshLevel: 'MEDIUM',
        ...over,
      },
    },
  })

export const tierCalculated = (crn: string, tier: string, occurredAt: string, version: 2 | 3 = 3, noms?: string) =>
  parse('tier.calculation.complete', {
    eventType: 'tier.calculation.complete',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'CRN', value: crn }, ...(noms ? [{ type: 'NOMS', value: noms }] : [])],
    },
    additionalInformation: {
      crn,
      tier,
      previousTier: null,
      changed: true,
      calculationId: '0b8e6a3e-5b0c-4c55-9a0e-3c1f7c1b2a10',
      version,
    },
  })

export const handoverChanged = (noms: string, responsibility: string, occurredAt: string) =>
  parse('offender-management.handover.changed', {
    eventType: 'offender-management.handover.changed',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      nomsNumber: noms,
      responsibility,
      handoverStartDate: '2028-06-01',
      handoverDate: '2028-07-01',
      reason: 'determinate',
      source: 'calculation',
    },
  })

export const comRequested = (
  noms: string,
  crn: string,
  occurredAt: string,
  pduCode = 'PDU1',
  neededBy = '2026-12-01',
) =>
  parse('offender-management.com.allocation-requested', {
    eventType: 'offender-management.com.allocation-requested',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [
        { type: 'NOMS', value: noms },
        { type: 'CRN', value: crn },
      ],
    },
    additionalInformation: { nomsNumber: noms, crn, pduCode, lduCode: 'LDU1', neededBy },
  })

/** nDelius's COM allocation; with `noms` null it names only the CRN (as nDelius does for an unlinked case). */
export const comAllocatedByProbation = (noms: string | null, crn: string, staffCode: string, occurredAt: string) =>
  parse('person.community.manager.allocated', {
    eventType: 'person.community.manager.allocated',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'CRN', value: crn }, ...(noms ? [{ type: 'NOMS', value: noms }] : [])],
    },
    additionalInformation: {
      staffCode,
      snapshot: {
        staffCode,
        name: 'Pat Jones',
        email: 'pat.jones@example.gov.uk',
        grade: 'PO',
        teamCode: 'TEAM1',
        pduCode: 'PDU1',
      },
    },
  })

export const merged = (kept: string, removed: string, occurredAt: string) =>
  parse('prison-offender-events.prisoner.merged', {
    eventType: 'prison-offender-events.prisoner.merged',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: kept }] },
    additionalInformation: { nomsNumber: kept, removedNomsNumber: removed },
  })
