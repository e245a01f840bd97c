/** The staff registry's records: POMs per prison and COMs per PDU. */
import { z } from 'zod'

export const POM_STATUSES = ['active', 'unavailable', 'inactive'] as const
export type PomStatus = (typeof POM_STATUSES)[number]
export const POM_GRADES = ['PO', 'PRO'] as const
export type PomGrade = (typeof POM_GRADES)[number]
export const COM_STAFF_GRADES = ['PO', 'PQiP', 'PSO', 'SPO'] as const
export type ComStaffGrade = (typeof COM_STAFF_GRADES)[number]

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
