import { randomUUID } from 'node:crypto'
import { type HandledDetailType, type NotificationEvent, notificationEvents } from '../../src/events/subscriptions'

/**
 * Test events (synthetic people: names and addresses below are made up), parsed with the service's own schemas
 * (events/subscriptions.ts) so defaults apply as in production, delivered in full (`id`, `source`, `time`,
 * `detailType`, `detail`).
 */
export const NOMS = 'G4821KT'
export const CRN = 'X482913'
export const PRISONER = { firstName: 'Dami', lastName: 'Okafor' }
export const POM = { staffCode: 485926, name: 'Anne Lee', email: 'anne.lee@prison.example' }
export const OTHER_POM = { staffCode: 485101, name: 'Bob Ray', email: 'bob.ray@prison.example' }
export const COM = { staffCode: 'N54A017', name: 'Priya Hollings', email: 'priya.hollings@probation.example' }
export const LDU = { code: 'N54LDS1', name: 'Leeds North and East', email: 'leeds-omu@probation.example' }

export function parsed(
  source: string,
  detailType: HandledDetailType,
  detail: Record<string, unknown>,
): NotificationEvent {
  const parsedDetail = notificationEvents.schemas[detailType].parse(detail)
  const time = typeof detail.occurredAt === 'string' ? detail.occurredAt : new Date().toISOString()
  // the full delivery, as the event pipeline hands it on (id, source, time, detail-type, detail)
  return { id: randomUUID(), source, time, detailType, detail: parsedDetail } as NotificationEvent
}

export function prisonerReceived(occurredAt: string, overrides: Record<string, unknown> = {}, noms = NOMS) {
  return parsed('hmpps.prison', 'prisoner-offender-search.prisoner.received', {
    eventType: 'prisoner-offender-search.prisoner.received',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      reason: 'ADMISSION',
      prisonId: 'LEI',
      snapshot: {
        nomsNumber: noms,
        ...PRISONER,
        dateOfBirth: '1988-04-09',
        prisonId: 'LEI',
        status: 'ACTIVE IN',
        legalStatus: 'SENTENCED',
        imprisonmentStatus: 'SENT03',
        sentenceStartDate: '2026-01-10',
        conditionalReleaseDate: '2028-03-01',
        ...overrides,
      },
    },
  })
}

export function probationDetails(occurredAt: string, noms = NOMS, crn = CRN, ldu = LDU) {
  return parsed('hmpps.probation', 'probation-case.details.changed', {
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
        lduCode: ldu.code || null,
        lduName: ldu.name || null,
        lduEmail: ldu.email || null,
        roshLevel: 'HIGH',
      },
    },
  })
}

export function allocationChanged(
  occurredAt: string,
  info: {
    staffCode: number | null
    staffName?: string | null
    staffEmail?: string | null
    previousStaffCode?: number | null
    previousStaffName?: string | null
    previousStaffEmail?: string | null
    role?: 'primary' | 'coworking'
    eventTrigger?: string
    changedBy?: { staffId: string | null; name: string | null; email: string | null } | null
    note?: string | null
  },
  noms = NOMS,
) {
  return parsed(
    'omic.allocation',
    'offender-management.allocation.changed',
    allocationChangedDetail(occurredAt, info, noms),
  )
}

export function allocationChangedDetail(
  occurredAt: string,
  info: {
    staffCode: number | null
    staffName?: string | null
    staffEmail?: string | null
    previousStaffCode?: number | null
    previousStaffName?: string | null
    previousStaffEmail?: string | null
    role?: 'primary' | 'coworking'
    eventTrigger?: string
    changedBy?: { staffId: string | null; name: string | null; email: string | null } | null
    note?: string | null
  },
  noms = NOMS,
): Record<string, unknown> {
  return {
    eventType: 'offender-management.allocation.changed',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      nomsNumber: noms,
      prisonId: 'LEI',
      role: 'primary',
      eventTrigger: 'user',
      ...info,
    },
  }
}

/** A reminder; `crn` in `info` names the case's CRN (null: not known to the handover service yet). */
export function reminderDue(occurredAt: string, info: Record<string, unknown>, noms = NOMS) {
  const crn = 'crn' in info ? info.crn : CRN
  return parsed('omic.handover', 'offender-management.handover.reminder-due', {
    eventType: 'offender-management.handover.reminder-due',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'NOMS', value: noms }, ...(typeof crn === 'string' ? [{ type: 'CRN', value: crn }] : [])],
    },
    additionalInformation: {
      nomsNumber: noms,
      reminder: 'upcoming-window',
      dueDate: '2026-11-23',
      handoverDate: '2027-01-18',
      handoverStartDate: '2026-11-23',
      episodeId: 'E1',
      prisonId: 'LEI',
      crn: CRN,
      lduCode: LDU.code,
      lduEmail: LDU.email,
      comName: null,
      comEmail: null,
      pomStaffCode: POM.staffCode,
      earliestReleaseDate: '2027-07-23',
      handoverType: 'standard',
      ...info,
    },
  })
}

export function handoverChanged(occurredAt: string, info: Record<string, unknown>, noms = NOMS) {
  return parsed('omic.handover', 'offender-management.handover.changed', {
    eventType: 'offender-management.handover.changed',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: {
      nomsNumber: noms,
      responsibility: 'CustodyOnly',
      handoverStartDate: '2026-12-10',
      handoverDate: '2027-02-10',
      reason: 'determinate',
      source: 'calculation',
      ...info,
    },
  })
}

export function comAllocated(
  occurredAt: string,
  com = COM,
  extras: Record<string, unknown> = {},
  source = 'hmpps.probation',
  ids: { crn: string; noms: string | null } = { crn: CRN, noms: NOMS },
) {
  return parsed(source, 'person.community.manager.allocated', {
    eventType: 'person.community.manager.allocated',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [{ type: 'CRN', value: ids.crn }, ...(ids.noms ? [{ type: 'NOMS', value: ids.noms }] : [])],
    },
    additionalInformation: {
      staffCode: com.staffCode,
      snapshot: { ...com, grade: 'PO', teamCode: 'N54T01', pduCode: 'N54LEEDS' },
      ...extras,
    },
  })
}

/** A tier calculation; `missingInputs` the inputs it was made without (omitted: an older event that does not say). */
export function tierComplete(occurredAt: string, crn: string, tier = 'B', missingInputs?: readonly string[]) {
  return parsed('omic.tiering', 'tier.calculation.complete', {
    eventType: 'tier.calculation.complete',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'CRN', value: crn }] },
    additionalInformation: {
      crn,
      version: 3,
      tier,
      previousTier: null,
      changed: true,
      calculationId: '3f1e6a52-2c4b-4d7e-9b0a-5d6c7e8f9a01',
      ...(missingInputs === undefined ? {} : { missingInputs }),
    },
  })
}

export function assessmentProduced(
  occurredAt: string,
  crn: string,
  scores: { completedDate: string; rsrScore: number | null; ogrsScore: number | null },
) {
  return parsed('hmpps.probation', 'assessment.summary.produced', {
    eventType: 'assessment.summary.produced',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'CRN', value: crn }] },
    additionalInformation: {
      assessmentId: '10083457',
      snapshot: { assessmentId: '10083457', type: 'LAYER3', status: 'COMPLETE', sections: {}, ...scores },
    },
  })
}

export function comAllocationRequested(occurredAt: string, noms: string, crn: string) {
  return parsed('omic.handover', 'offender-management.com.allocation-requested', {
    eventType: 'offender-management.com.allocation-requested',
    version: 1,
    occurredAt,
    personReference: {
      identifiers: [
        { type: 'NOMS', value: noms },
        { type: 'CRN', value: crn },
      ],
    },
    additionalInformation: { nomsNumber: noms, crn, pduCode: null, lduCode: null, neededBy: '2026-12-01' },
  })
}

export function earlyAllocationChanged(occurredAt: string, info: Record<string, unknown>, noms = NOMS) {
  return parsed('omic.handover', 'community-early-allocation-eligibility.status.changed', {
    eventType: 'community-early-allocation-eligibility.status.changed',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: noms }] },
    additionalInformation: { nomsNumber: noms, eligibilityStatus: false, ...info },
  })
}
