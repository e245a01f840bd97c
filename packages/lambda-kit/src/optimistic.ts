/**
 * Optimistic concurrency, one way for every service: read → decide → conditional write, and when someone else wrote
 * in between, read and decide again. A store reports a lost race by throwing the SDK's conditional failure (or by
 * returning {@link RETRY}); {@link isConditionalFailure} recognises every form DynamoDB gives it.
 */

/** What an attempt returns to say "someone else wrote first: read and decide again". */
export const RETRY: unique symbol = Symbol('retry')
export type Retry = typeof RETRY

/** The item changed under every attempt: the caller's retry (Lambda's, or the user's) starts again. */
export class OptimisticRetryExhaustedError extends Error {
  constructor(
    readonly what: string,
    readonly attempts: number,
  ) {
    super(`${what} changed under each of ${attempts} attempts; try again`)
    this.name = 'OptimisticRetryExhaustedError'
  }
}

export interface OptimisticRetryOptions {
  /** What is being written, for the error (no personal data): e.g. `case`, `staff member`. */
  what?: string
  /** Attempts in all, default 8. */
  attempts?: number
  /** The error thrown when the attempts run out (default {@link OptimisticRetryExhaustedError}). */
  exhausted?: () => Error
  /** Waits before attempt `n` (1-based retries), default a jittered 0–10·n ms. */
  backoffMs?: (retry: number) => number
}

/** A little jitter so two writers that collided do not collide again at once. */
export const jitteredBackoff = (retry: number): number => Math.floor(Math.random() * 10 * retry)

/**
 * Runs `attempt` (0-based) until it returns something other than {@link RETRY} and does not throw a conditional
 * failure; anything else it throws goes straight to the caller.
 */
export async function withOptimisticRetry<T>(
  attempt: (n: number) => Promise<T | Retry>,
  options: OptimisticRetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 8
  const backoff = options.backoffMs ?? jitteredBackoff
  for (let n = 0; n < attempts; n++) {
    if (n > 0) {
      const ms = backoff(n)
      if (ms > 0) await new Promise(resolve => setTimeout(resolve, ms))
    }
    try {
      const result = await attempt(n)
      if (result !== RETRY) return result
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
  }
  throw options.exhausted?.() ?? new OptimisticRetryExhaustedError(options.what ?? 'the item', attempts)
}

interface CancellationReason {
  Code?: string
}

/** The codes of a cancelled transaction's items, in item order (`None` for an item that did not fail). */
export function cancellationReasons(error: unknown): string[] {
  if (!isNamed(error, 'TransactionCanceledException')) return []
  const reasons: unknown = (error as { CancellationReasons?: unknown }).CancellationReasons
  if (!Array.isArray(reasons)) return []
  return reasons.map((r: CancellationReason | null) => (typeof r?.Code === 'string' ? r.Code : 'None'))
}

/**
 * A write that lost a race: a `ConditionalCheckFailedException` (a single write counts as item 0), a single write
 * that met a running transaction (`TransactionConflictException`), or a cancelled transaction in which some item's
 * condition failed or which collided with another transaction (`TransactionConflict`). With `item`, only when that
 * item of the transaction (0-based) is the one whose condition failed.
 */
export function isConditionalFailure(error: unknown, item?: number): boolean {
  // a single write is item 0; a single write that met a running transaction lost the same race
  if (isNamed(error, 'ConditionalCheckFailedException')) return item === undefined || item === 0
  if (isNamed(error, 'TransactionConflictException')) return item === undefined
  const reasons = cancellationReasons(error)
  if (item !== undefined) return reasons[item] === 'ConditionalCheckFailed'
  return reasons.some(code => code === 'ConditionalCheckFailed' || code === 'TransactionConflict')
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name
}
