/**
 * Digests: cases gathered for one summary instead of an email each — bulk reallocations (#6) and the cases an
 * inactive POM handed back (#18). Each record has the zod schema its stored item is read with.
 */
import { z } from 'zod'

const personSchema = z.object({ staffId: z.string(), name: z.string().nullable(), email: z.string().nullable() })

export const bulkDigestHeadSchema = z.object({
  prisonId: z.string(),
  source: personSchema,
  target: personSchema,
  lastAddedAt: z.string(),
})
export type BulkDigestHead = z.infer<typeof bulkDigestHeadSchema>

/** A stored head: when its first case joined, and the SPO's newest note (#6 `message`). */
export const bulkDigestHeadItemSchema = bulkDigestHeadSchema.extend({
  firstAddedAt: z.string(),
  message: z.string().optional(),
})
export type StoredBulkDigestHead = z.infer<typeof bulkDigestHeadItemSchema>

/** The SPO's note on a bulk reallocation (#6 `message`), with the `occurredAt` of the event that carried it. */
export interface BulkDigestMessage {
  text: string
  at: string
}

export const bulkDigestLineSchema = z.object({
  nomsNumber: z.string(),
  prisonerName: z.string(),
  role: z.string(),
  /** When the case joined the digest (absent on lines stored before this was kept: the head's firstAddedAt). */
  addedAt: z.string().optional(),
})
export type BulkDigestLine = z.infer<typeof bulkDigestLineSchema>

/** The SPO who set a POM inactive (from `changedBy`): the summary goes to them. */
export const actingSpoRefSchema = z.object({
  staffId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string(),
})
export type ActingSpoRef = z.infer<typeof actingSpoRefSchema>

/** A POM's primary cases returned to the unallocated list when they went inactive, gathered for the SPO (#18). */
export const inactivePomDigestHeadSchema = z.object({
  prisonId: z.string(),
  pom: personSchema,
  spo: actingSpoRefSchema,
  lastAddedAt: z.string(),
})
export type InactivePomDigestHead = z.infer<typeof inactivePomDigestHeadSchema>

export const inactivePomDigestLineSchema = z.object({
  nomsNumber: z.string(),
  /** The prisoner's name as the directory knew it; null when not known yet. */
  prisonerName: z.string().nullable(),
  /** The event's `occurredAt`: when the case was handed back. */
  removedAt: z.string(),
  /** When this service gathered it (the quiet period counts from the last one). */
  addedAt: z.string(),
})
export type InactivePomDigestLine = z.infer<typeof inactivePomDigestLineSchema>

export type AddOutcome = 'added' | 'duplicate'
