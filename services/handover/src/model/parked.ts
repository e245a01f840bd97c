/**
 * The probation parts an event names by CRN only, parked under the CRN until it is linked to a prisoner
 * (lambda-kit's CRN links, `parked.<part>`): each part's schema reads it back.
 */
import { probationCaseSnapshotSchema } from '@omic/contracts'
import { z } from 'zod'

export const parkedComSchema = z.object({
  staffCode: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
})

export const PARKED_PART_SCHEMAS = {
  probation: probationCaseSnapshotSchema,
  com: parkedComSchema,
}

export type ParkedParts = { [K in keyof typeof PARKED_PART_SCHEMAS]: z.infer<(typeof PARKED_PART_SCHEMAS)[K]> }
