/** Expected failures are values, bugs are throws. A rule that can reject its input returns a Result. */
export interface RuleViolation {
  /** Dotted path of the offending input field, e.g. `dcSrp.score`. */
  field: string
  /** Plain-words reason, safe to show to a user. */
  reason: string
}

export type Result<T, E = RuleViolation> = { ok: true; value: T } | { ok: false; error: E }

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value })
export const fail = <E = RuleViolation>(error: E): Result<never, E> => ({ ok: false, error })

/** One step of an explanation: which rule decided, from which inputs, in a human sentence. */
export interface TraceStep {
  rule: string
  /** A sentence a caseworker can read, e.g. "ERD 2027-01-31 − 8 months − 14 days = 2026-05-17". */
  explanation: string
  inputs?: Readonly<Record<string, unknown>>
}
