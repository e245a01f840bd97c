/** What one reconciliation is given (the day, the instant, what caused it, the options) and what it gives back. */
import {
  DEFAULT_HANDOVER_OPTIONS,
  type HandoverOptions,
  type IsoDate,
  type TraceStep,
  UPCOMING_WINDOW_DAYS,
} from '@omic/domain'
import type { OverriddenBy } from '../events'
import type { CaseRecord, DomainEvent, HistoryEntry, SentMarker } from '../records'

export interface ServiceOptions {
  handover: HandoverOptions
  /** The simplified enhanced handover (2 checklist tasks from 2026-09-01) is switched on. */
  simplifiedEnhancedHandover: boolean
  upcomingWindowDays: number
}

export const DEFAULT_SERVICE_OPTIONS: ServiceOptions = {
  handover: DEFAULT_HANDOVER_OPTIONS,
  simplifiedEnhancedHandover: true,
  upcomingWindowDays: UPCOMING_WINDOW_DAYS,
}

export type CalculationSource = 'calculation' | 'sweep' | 'override'

export interface ReconcileContext {
  today: IsoDate
  /** The instant of this calculation (ISO-8601). */
  now: string
  source: CalculationSource
  /** What caused it: an event type, an API action or `daily-sweep`. */
  trigger: string
  options?: ServiceOptions
  /** Steps to add to the trace (e.g. why an override was removed). */
  notes?: readonly TraceStep[]
  /** Keys whose sent-marker already exists in this episode (found by a refused conditional write). */
  alreadySent?: readonly string[]
  /** The SPO who set or removed an override (source `override`): published as `overriddenBy`. */
  actor?: OverriddenBy
}

export interface ReconcileOutcome {
  /** The record to save (its `version` is still the one read). */
  record: CaseRecord
  events: DomainEvent[]
  markers: SentMarker[]
  history: HistoryEntry | null
  changes: string[]
}
