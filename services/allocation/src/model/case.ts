/**
 * The allocation service's case record: the read model from events plus who manages the person. Types come from
 * the zod schemas, which also check items read back from DynamoDB.
 */
import type {
  ALLOCATION_EVENT_TRIGGERS,
  CommunityManagerSnapshot,
  PrisonerSnapshot,
  ProbationCaseSnapshot,
} from '@omic/contracts'
import { z } from 'zod'
import { POM_GRADES } from './staff'

export type AllocationTrigger = (typeof ALLOCATION_EVENT_TRIGGERS)[number]

/** Who holds a POM role on a case. */
export const pomRefSchema = z.object({
  staffId: z.number().int().positive(),
  name: z.string(),
  /** The POM's email when allocated (for notifications); null when none was recorded. */
  email: z.string().nullable().default(null),
  grade: z.enum(POM_GRADES),
  prisonId: z.string(),
  allocatedAt: z.string(),
  allocatedBy: z.string().nullable(),
})
export type PomRef = z.infer<typeof pomRefSchema>

export const allocationStateSchema = z.object({
  primary: pomRefSchema.nullable(),
  coworking: pomRefSchema.nullable(),
  /** When the last primary POM was removed (days waiting count from here when it is after arrival). */
  lastDeallocatedAt: z.string().nullable(),
  /** The last primary POM removed, for "Previously allocated to …". */
  previousPrimary: pomRefSchema.extend({ until: z.string() }).nullable(),
})
export type AllocationState = z.infer<typeof allocationStateSchema>

export const NO_ALLOCATION: AllocationState = {
  primary: null,
  coworking: null,
  lastDeallocatedAt: null,
  previousPrimary: null,
}

/** The COM on the case: from nDelius (`person.community.manager.allocated`) or allocated here. */
export const comStateSchema = z.object({
  staffCode: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  grade: z.string().nullable(),
  teamCode: z.string().nullable(),
  pduCode: z.string().nullable(),
  /** `ndelius` = told by probation; `omic` = allocated through this service. */
  source: z.enum(['ndelius', 'omic']),
})
export type ComState = z.infer<typeof comStateSchema>

export const comRequestSchema = z.object({
  crn: z.string().nullable(),
  pduCode: z.string().nullable(),
  lduCode: z.string().nullable(),
  neededBy: z.string(),
})
export type ComRequest = z.infer<typeof comRequestSchema>

export const tierStateSchema = z.object({
  tier: z.string(),
  calculationId: z.string(),
  provisional: z.boolean().optional(),
})
export type TierState = z.infer<typeof tierStateSchema>

export const handoverStateSchema = z.object({
  responsibility: z.enum(['CustodyOnly', 'CustodyWithCom', 'Community']),
  handoverStartDate: z.string().nullable(),
  handoverDate: z.string().nullable(),
  reason: z.string(),
})
export type HandoverState = z.infer<typeof handoverStateSchema>

/** A case part and the time (event `occurredAt`) it was true; an older event never overwrites a newer part. */
const part = <T extends z.ZodType>(value: T) => z.object({ value, at: z.string() }).nullable()

/** Snapshots are checked when the event arrives; on read they are taken as stored. */
const prisonerValue = z.custom<PrisonerSnapshot>(v => typeof v === 'object' && v !== null)
const probationValue = z.custom<ProbationCaseSnapshot>(v => typeof v === 'object' && v !== null)

export const caseRecordSchema = z.object({
  nomsNumber: z.string(),
  /** Optimistic-locking version: 0 until first stored; every write is conditional on it. */
  version: z.number().int().nonnegative(),
  crn: z.string().nullable(),
  prisoner: part(prisonerValue),
  probation: part(probationValue),
  tierV2: part(tierStateSchema),
  tierV3: part(tierStateSchema),
  handover: part(handoverStateSchema),
  com: part(comStateSchema),
  comRequest: part(comRequestSchema),
  /** The prison the person is in now; `OUT` once released, `TRN` in transit; null until a prison event arrives. */
  prisonId: z.string().nullable(),
  /** When the last movement (received, released, transferred) happened, for order safety without a snapshot. */
  prisonAt: z.string().nullable(),
  /** Arrival at the current prison. */
  arrivedOn: z.string().nullable(),
  /** Prisons in the order the person arrived in them (as far as this service has seen). */
  prisonHistory: z.array(z.string()),
  allocation: allocationStateSchema,
  /** NOMS numbers merged into this one. */
  mergedFrom: z.array(z.string()),
  updatedAt: z.string(),
})
export type CaseRecord = z.infer<typeof caseRecordSchema>

export function emptyCase(nomsNumber: string): CaseRecord {
  return {
    nomsNumber,
    version: 0,
    crn: null,
    prisoner: null,
    probation: null,
    tierV2: null,
    tierV3: null,
    handover: null,
    com: null,
    comRequest: null,
    prisonId: null,
    prisonAt: null,
    arrivedOn: null,
    prisonHistory: [],
    allocation: NO_ALLOCATION,
    mergedFrom: [],
    updatedAt: '1970-01-01T00:00:00Z',
  }
}

export type CommunityManager = CommunityManagerSnapshot
