import type { CaseRules } from '../model'
import type { AllocationStore, CaseCrnLinks, Clock, EventSink, Ids, Log } from '../ports'

/** What every use case works with (composition.ts builds the real ones; tests pass in-memory ones). */
export interface Deps {
  store: AllocationStore
  crnLinks: CaseCrnLinks
  events: EventSink
  clock: Clock
  ids: Ids
  rules: CaseRules
  log: Log
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
