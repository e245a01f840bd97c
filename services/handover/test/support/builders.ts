/** Test data: parsed upstream snapshots and case records, as the handlers would store them. */
import {
  type PrisonerSnapshot,
  type ProbationCaseSnapshot,
  prisonerSnapshotSchema,
  probationCaseSnapshotSchema,
} from '@omic/contracts'
import type { z } from 'zod'
import { type CaseRecord, emptyCase } from '../../src/model/records'

export const NOMS = 'A1234BC'
export const CRN = 'X123456'

export function prisoner(overrides: Partial<z.input<typeof prisonerSnapshotSchema>> = {}): PrisonerSnapshot {
  return prisonerSnapshotSchema.parse({
    nomsNumber: NOMS,
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
  })
}

export function probation(overrides: Partial<z.input<typeof probationCaseSnapshotSchema>> = {}): ProbationCaseSnapshot {
  return probationCaseSnapshotSchema.parse({
    crn: CRN,
    nomsNumber: NOMS,
    probationService: 'England',
    pduCode: 'N54LEEDS',
    pduName: 'Leeds',
    lduCode: 'N54LDS1',
    lduName: 'Leeds North',
    lduEmail: 'leeds-ldu@probation.example.gov.uk',
    mappaLevel: 1,
    enhancedResourcing: true,
    ...overrides,
  })
}

export const AT = '2026-01-01T09:00:00Z'

/** A stored case with a prisoner in custody (and optionally probation details), not yet calculated. */
export function aCase(p: PrisonerSnapshot = prisoner(), more: Partial<CaseRecord> = {}, at = AT): CaseRecord {
  return {
    ...emptyCase(p.nomsNumber, at),
    prisoner: { snapshot: p, at },
    custody: { status: 'in_custody', at, prisonId: p.prisonId, releaseReason: null },
    ...more,
  }
}
