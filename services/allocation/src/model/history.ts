/** The history of every allocation decision (who, when, why, what was recommended). */
import { ALLOCATION_EVENT_TRIGGERS } from '@omic/contracts'
import { z } from 'zod'

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
