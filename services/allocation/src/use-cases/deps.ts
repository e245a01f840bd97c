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

/** Who is acting: the caller of an API route, or the system (events, schedules). */
export interface Actor {
  subject: string
  staffId: string | null
}
