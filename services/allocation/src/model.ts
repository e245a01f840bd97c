/**
 * The allocation service's own records: a case (the read model from events plus who manages the person), POMs
 * and COMs in the staff registry, and the history of every allocation decision. Types come from the zod schemas,
 * which also check items read back from DynamoDB.
 */
import type { CommunityManagerSnapshot, PrisonerSnapshot, ProbationCaseSnapshot } from '@omic/contracts'
import { ALLOCATION_EVENT_TRIGGERS } from '@omic/contracts'
import { z } from 'zod'

export const POM_STATUSES = ['active', 'unavailable', 'inactive'] as const
export type PomStatus = (typeof POM_STATUSES)[number]
export const POM_GRADES = ['PO', 'PRO'] as const
export type PomGrade = (typeof POM_GRADES)[number]
export const COM_STAFF_GRADES = ['PO', 'PQiP', 'PSO', 'SPO'] as const
export type ComStaffGrade = (typeof COM_STAFF_GRADES)[number]

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

// ---------------------------------------------------------------------------------------------------------------
// Staff registry

export const pomRecordSchema = z.object({
  staffId: z.number().int().positive(),
  prisonId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  grade: z.enum(POM_GRADES),
  status: z.enum(POM_STATUSES),
  workingPattern: z.number(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
})
export type PomRecord = z.infer<typeof pomRecordSchema>

export const reductionSchema = z.object({
  hours: z.number(),
  startDate: z.string(),
  endDate: z.string(),
  reason: z.string().nullable(),
})
export type Reduction = z.infer<typeof reductionSchema>

export const comRecordSchema = z.object({
  staffCode: z.string(),
  pduCode: z.string(),
  teamCode: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  grade: z.enum(COM_STAFF_GRADES),
  /** Weekly contracted hours; null = the grade's default. */
  contractedHours: z.number().nullable(),
  reductions: z.array(reductionSchema),
  /** WMT points of the caseload this practitioner holds outside this service (community and licence cases). */
  otherWorkloadPoints: z.number().int().nonnegative(),
  version: z.number().int().nonnegative(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
})
export type ComRecord = z.infer<typeof comRecordSchema>

// ---------------------------------------------------------------------------------------------------------------
// Derived index entries (written with the case, read for workload)

/** One POM role on a case, kept in the prison's caseload index. */
export const caseloadEntrySchema = z.object({
  staffId: z.number().int().positive(),
  nomsNumber: z.string(),
  prisonId: z.string(),
  role: z.enum(['responsible', 'supporting', 'co_working']),
  /** A–G, or null when not tiered yet. */
  tier: z.string().nullable(),
  allocatedAt: z.string(),
})
export type CaseloadEntry = z.infer<typeof caseloadEntrySchema>

/** The COM role on a case, kept in the PDU's caseload index. */
export const comCaseloadEntrySchema = z.object({
  staffCode: z.string(),
  nomsNumber: z.string(),
  pduCode: z.string(),
  /** The WMT (v2) tier label, e.g. B2; null when the case has no v2 tier. */
  wmtTier: z.string().nullable(),
  allocatedAt: z.string(),
})
export type ComCaseloadEntry = z.infer<typeof comCaseloadEntrySchema>

// ---------------------------------------------------------------------------------------------------------------
// History

export const HISTORY_EVENTS = [
  'allocate_primary_pom',
  'reallocate_primary_pom',
  'deallocate_primary_pom',
  'allocate_secondary_pom',
  'deallocate_secondary_pom',
  'allocate_com',
  'reallocate_com',
] as const
export type HistoryEventName = (typeof HISTORY_EVENTS)[number]

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  nomsNumber: z.string(),
  prisonId: z.string().nullable(),
  event: z.enum(HISTORY_EVENTS),
  trigger: z.enum(ALLOCATION_EVENT_TRIGGERS),
  role: z.enum(['primary', 'coworking', 'com']),
  from: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  to: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  /** The person who made the decision (`null` for system changes such as a release). */
  by: z.object({ subject: z.string(), staffId: z.string().nullable() }).nullable(),
  /** What the SPO was shown: the recommended type and where the chosen staff member ranked. */
  recommendation: z
    .object({
      pomType: z.string().nullable(),
      code: z.string(),
      reason: z.string(),
      chosenRank: z.number().nullable(),
      rankedFirst: z.string().nullable(),
    })
    .nullable(),
  override: z
    .object({
      reasons: z.array(z.string()),
      suitabilityDetail: z.string().nullable(),
      otherDetail: z.string().nullable(),
    })
    .nullable(),
  reallocation: z
    .object({
      basis: z.string(),
      reason: z.string().nullable(),
      lineManagerAuthorisation: z
        .object({ authorisedBy: z.string(), authorisedOn: z.string(), recordedReason: z.string() })
        .nullable(),
    })
    .nullable(),
  note: z.string().nullable(),
  tier: z.string().nullable(),
  rosh: z.string().nullable(),
  /** COM decisions (Manage a Workforce "decision evidencing"). */
  decision: z.object({ notes: z.string().nullable(), sensitive: z.boolean() }).nullable(),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>
