/**
 * The service's own directory, built from events: who each prisoner is, who manages them (POMs, COM), their
 * local delivery unit, handover dates; staff contact details; LDU mailboxes. Emails are addressed and
 * personalised from it, so the service never calls another service or upstream API. Each record has the zod
 * schema its stored item is read with.
 */
import { z } from 'zod'

export const prisonerPartSchema = z.object({
  firstName: z.string(),
  lastName: z.string(),
  prisonId: z.string(),
  status: z.string(),
  legalStatus: z.string(),
  indeterminate: z.boolean(),
  conditionalReleaseDate: z.string().nullable(),
  paroleEligibilityDate: z.string().nullable(),
  tariffDate: z.string().nullable(),
  releaseDate: z.string().nullable(),
})
export type PrisonerPart = z.infer<typeof prisonerPartSchema>

export const probationPartSchema = z.object({
  crn: z.string(),
  lduCode: z.string().nullable(),
  lduName: z.string().nullable(),
  lduEmail: z.string().nullable(),
  roshLevel: z.string().nullable(),
})
export type ProbationPart = z.infer<typeof probationPartSchema>

export const staffRefSchema = z.object({
  staffId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
})
export type StaffRef = z.infer<typeof staffRefSchema>

export const handoverPartSchema = z.object({
  responsibility: z.enum(['CustodyOnly', 'CustodyWithCom', 'Community']),
  handoverStartDate: z.string().nullable(),
  handoverDate: z.string().nullable(),
  reason: z.string(),
  source: z.string(),
  /** London date of the event (when the dates were last calculated). */
  changedOn: z.string(),
})
export type HandoverPart = z.infer<typeof handoverPartSchema>

export const tierPartSchema = z.object({
  tier: z.string(),
  /**
   * The inputs tiering calculated this tier without (`tier.calculation.complete`'s `missingInputs`, kept as
   * published); absent when the event did not say (older events, tiers stored before it was kept).
   */
  missingInputs: z.array(z.string()).optional(),
})
export type TierPart = z.infer<typeof tierPartSchema>

export const assessmentPartSchema = z.object({
  completedDate: z.string().nullable(),
  rsrScore: z.number().nullable(),
  ogrsScore: z.number().nullable(),
})
export type AssessmentPart = z.infer<typeof assessmentPartSchema>

export interface CaseParts {
  prisoner: PrisonerPart
  probation: ProbationPart
  com: StaffRef | null
  primaryPom: StaffRef | null
  coworkingPom: StaffRef | null
  handover: HandoverPart
  tier: TierPart
  assessment: AssessmentPart
}

/** Each part of a case with its schema (a removed POM or COM is stored as `null`). */
export const CASE_PART_SCHEMAS: { [P in keyof CaseParts]: z.ZodType<CaseParts[P]> } = {
  prisoner: prisonerPartSchema,
  probation: probationPartSchema,
  com: staffRefSchema.nullable(),
  primaryPom: staffRefSchema.nullable(),
  coworkingPom: staffRefSchema.nullable(),
  handover: handoverPartSchema,
  tier: tierPartSchema,
  assessment: assessmentPartSchema,
}
export type CasePartName = keyof CaseParts

/**
 * A case as stored: its parts, and per part when it was last written (`<part>At`) and the value it replaced
 * (`<part>Prev`), the facts version, index keys (kept as they are).
 */
export const caseItemSchema = z
  .object({
    nomsNumber: z.string(),
    crn: z.string().optional(),
    prisoner: prisonerPartSchema.optional(),
    probation: probationPartSchema.optional(),
    com: staffRefSchema.nullable().optional(),
    primaryPom: staffRefSchema.nullable().optional(),
    coworkingPom: staffRefSchema.nullable().optional(),
    handover: handoverPartSchema.optional(),
    tier: tierPartSchema.optional(),
    assessment: assessmentPartSchema.optional(),
    factsVersion: z.number().optional(),
  })
  .loose()
export type CaseRecord = z.infer<typeof caseItemSchema>

export type ApplyOutcome = 'applied' | 'replayed' | 'stale'

export interface Applied<P extends CasePartName> {
  outcome: ApplyOutcome
  /** The part as it was before this event (kept, so a redelivered event sees the same "before"). */
  previous: CaseParts[P] | undefined
  record: CaseRecord
}

export const lduItemSchema = z.object({
  lduCode: z.string(),
  name: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
})
export type LduRecord = z.infer<typeof lduItemSchema>

/** Parts that belong to a CRN and may arrive before the CRN is linked to a prisoner (parked until linked). */
export type ParkablePart = 'tier' | 'assessment'
export type ParkableParts = Pick<CaseParts, ParkablePart>
export const PARKABLE_PART_SCHEMAS: { [P in ParkablePart]: z.ZodType<CaseParts[P]> } = {
  tier: tierPartSchema,
  assessment: assessmentPartSchema,
}

/**
 * How many times the case's facts changed: every applied part adds one. An email that waited for facts is sent
 * only if the case still has the version its personalisation was built from (else it is built again).
 */
export function factsVersionOf(record: CaseRecord | undefined): number | undefined {
  return record?.factsVersion
}
