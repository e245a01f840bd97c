import type { CaseRules } from '../case-status'
import type { AllocationStore, Clock, EventSink, Ids } from '../ports'

/** What every use case works with (composition.ts builds the real ones; tests pass in-memory ones). */
export interface Deps {
  store: AllocationStore
  events: EventSink
  clock: Clock
  ids: Ids
  rules: CaseRules
  /** Reports a failure that must not fail the caller (ids and names of things only, never personal data). */
  warn(message: string, data?: Record<string, unknown>): void
}

/**
 * Who is acting: the caller of an API route, or the system (events, schedules). `name` and `email` are the
 * token's claims (null when absent, blank or, for the email, not a valid address): they go out on
 * `allocation.changed` as `changedBy` (the notifications service writes to the SPO) and are never stored.
 */
export interface Actor {
  subject: string
  staffId: string | null
  name: string | null
  email: string | null
}
