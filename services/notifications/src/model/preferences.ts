import { TEMPLATE_NAMES, type TemplateName } from '@omic/domain'
import { z } from 'zod'

/** A staff member's notification preferences: the templates they opted out of. */
export const preferencesItemSchema = z.object({
  optOut: z.array(z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]])).default([]),
  updatedAt: z.string().nullable().default(null),
})

export interface Preferences {
  staffId: string
  optOut: TemplateName[]
  updatedAt: string | null
}
