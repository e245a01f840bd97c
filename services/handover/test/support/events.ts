/** Upstream and allocation events as producers send them (the envelope is the EventBridge `detail`). */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { type CaseEvent, caseEvents } from '../../src/events/subscriptions'

const caseEventTypeSchema = z.enum(caseEvents.types)

type Json = Record<string, unknown>

export function prisonerSnapshotInput(noms: string, overrides: Json = {}): Json {
  return {
    nomsNumber: noms,
    firstName: 'Sam',
    lastName: 'Tester',
    dateOfBirth: '1990-01-01',
    prisonId: 'LEI',
    status: 'ACTIVE IN',
    legalStatus: 'SENTENCED',
    imprisonmentStatus: 'SENT03',
    sentenceStartDate: '2025-01-10',
    conditionalReleaseDate: '2027-12-31',
    releaseDate: '2027-12-31',
    ...overrides,
  }
}

export function received(noms: string, occurredAt: string, snapshot: Json = {}, prisonId = 'LEI'): Json {
  return {
    eventType: 'prisoner-offender-search.prisoner.received',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      reason: 'ADMISSION',
      prisonId,
      snapshot: prisonerSnapshotInput(noms, { prisonId, ...snapshot }),
    },
  }
}

export function released(noms: string, occurredAt: string, prisonId = 'LEI'): Json {
  return {
    eventType: 'prisoner-offender-search.prisoner.released',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: { reason: 'RELEASED', prisonId },
  }
}

export function probationDetails(crn: string, noms: string | null, occurredAt: string, snapshot: Json = {}): Json {
  return {
    eventType: 'probation-case.details.changed',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'CRN', value: crn }, ...(noms ? [{ type: 'NOMS', value: noms }] : [])],
    },
    additionalInformation: {
      snapshot: {
        crn,
        nomsNumber: noms,
        probationService: 'England',
        pduCode: 'N54LEEDS',
        lduCode: 'N54LDS1',
        lduName: 'Leeds North',
        lduEmail: 'leeds-ldu@probation.example.gov.uk',
        mappaLevel: 1,
        enhancedResourcing: true,
        ...snapshot,
      },
    },
  }
}

export function comAllocated(crn: string, noms: string | null, occurredAt: string, staffCode = 'N54A017'): Json {
  return {
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
        name: 'Priya Hollings',
        email: 'priya.hollings@probation.example',
        grade: 'PO',
        teamCode: 'N54T01',
        pduCode: 'N54LEEDS',
      },
    },
  }
}

export function pomAllocated(
  noms: string,
  staffCode: number,
  occurredAt: string,
  prisonId = 'LEI',
  staffName?: string,
): Json {
  return {
    eventType: 'offender-management.allocation.changed',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      nomsNumber: noms,
      staffCode,
      prisonId,
      role: 'primary',
      eventTrigger: 'user',
      ...(staffName === undefined ? {} : { staffName }),
    },
  }
}

export function merged(kept: string, removed: string, occurredAt: string): Json {
  return {
    eventType: 'prison-offender-events.prisoner.merged',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: kept }] },
    additionalInformation: { nomsNumber: kept, removedNomsNumber: removed },
  }
}

/**
 * The delivery as the event pipeline passes it: validated with the subscription's schema, from the type's producer,
 * with an EventBridge id (the same on every retry of a delivery: pass it to model a retry; otherwise a new one).
 */
export function caseEvent(detail: Json, id: string = randomUUID()): CaseEvent {
  const detailType = caseEventTypeSchema.parse(detail.eventType)
  const parsed: unknown = caseEvents.schemas[detailType].parse(detail)
  return {
    id,
    source: caseEvents.sources[detailType][0] ?? '',
    time: String(detail.occurredAt),
    detailType,
    detail: parsed,
  } as CaseEvent
}
