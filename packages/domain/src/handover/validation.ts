import type { z } from 'zod'
import { fail, ok, type Result, type RuleViolation } from '../shared/result'

/**
 * Checks untrusted input (an HTTP body, an event, a vector) against a rule's input schema. Expected failures are
 * values: the first problem comes back as a `RuleViolation` naming the field.
 */
export function parseHandoverInput<S extends z.ZodType>(schema: S, raw: unknown): Result<z.output<S>, RuleViolation> {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return ok(parsed.data)
  const issue = parsed.error.issues[0]
  return fail({
    field: issue ? issue.path.map(p => String(p)).join('.') : '',
    reason: issue?.message ?? 'invalid input',
  })
}
