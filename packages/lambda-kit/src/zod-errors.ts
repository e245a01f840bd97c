import type { z } from 'zod'
import type { FieldError } from './errors'

/** Turns zod issues into `{field, reason}` pairs, the field prefixed with where it came from (body, path, query). */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.map(issue => {
    const path = issue.path.map(String).join('.')
    return { field: [prefix, path].filter(Boolean).join('.') || (prefix ?? '(root)'), reason: issue.message }
  })
}
