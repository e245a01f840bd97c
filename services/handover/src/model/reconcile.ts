/**
 * The heart of the service, pure: given a case record whose inputs were just updated (by an event, the API or the
 * passing of time) and `today`, recalculate the handover, apply an override, decide the lists, what changed and must
 * be published, which reminders are due now, and the next day the sweep must look at the case. Each step is a
 * function of its own in `reconcile/`; `reconcile` is their sequence.
 */
import type { TraceStep } from '@omic/domain'
import { calculate } from './reconcile/calculation'
import { resetChecklistIfNeeded } from './reconcile/checklist'
import { comRequestStep, withdrawComRequest } from './reconcile/com-request'
import { DEFAULT_SERVICE_OPTIONS, type ReconcileContext, type ReconcileOutcome } from './reconcile/context'
import { sendDueReminders } from './reconcile/due-reminders'
import { earlyAllocationEvents } from './reconcile/early-allocation'
import { endPreviousEpisodeOverride, markAlreadySent, updateEpisode } from './reconcile/episode'
import { changesOf, historyEntry } from './reconcile/history'
import { nextDueDate } from './reconcile/next-due-date'
import { handoverChangeEvents } from './reconcile/published'
import type { CaseRecord } from './records'

export { caseInputFor } from './reconcile/calculation'
export { comRequestStep, comRequestTarget, hasCom } from './reconcile/com-request'
export {
  type CalculationSource,
  DEFAULT_SERVICE_OPTIONS,
  type ReconcileContext,
  type ReconcileOutcome,
  type ServiceOptions,
} from './reconcile/context'
export { reminderFactsFor } from './reconcile/due-reminders'
export { ASSESSMENT_TRIGGERS, eligibilityBasis, latestAssessment } from './reconcile/early-allocation'

export function reconcile(input: CaseRecord, ctx: ReconcileContext): ReconcileOutcome {
  const options = ctx.options ?? DEFAULT_SERVICE_OPTIONS
  const record: CaseRecord = structuredClone(input)
  record.updatedAt = ctx.now
  const prisoner = record.prisoner?.snapshot
  if (!prisoner) {
    // probation or allocation facts may arrive before the prisoner: kept, nothing to calculate yet
    record.nextDueDate = null
    return { record, events: [], markers: [], history: null, changes: [] }
  }
  const prev = input.calculation
  // what this calculation did on the way (kept in its history item): the trace itself states only what is true now,
  // so that the same facts give the same trace whatever order they arrived in
  const happened: TraceStep[] = []
  const inCustody = record.custody?.status !== 'released'
  const newEpisode = updateEpisode(record, ctx, inCustody, happened)
  markAlreadySent(record, ctx)
  if (newEpisode) endPreviousEpisodeOverride(record, happened)

  const { calc, caseInput } = calculate(record, prisoner, prev, inCustody, ctx, options)
  record.calculation = calc

  const events = [...handoverChangeEvents(record, calc, ctx), ...earlyAllocationEvents(record, calc, ctx, happened)]
  resetChecklistIfNeeded(record, prev, calc, newEpisode, ctx, happened)
  withdrawComRequest(record, happened)
  const reminders = sendDueReminders(record, calc, ctx, happened)
  events.push(...reminders.events)
  calc.trace.push(comRequestStep(record), ...(ctx.notes ?? []))

  record.nextDueDate = nextDueDate(record, calc, caseInput, reminders.facts, ctx, options)
  const changes = changesOf(prev, calc)
  const history = historyEntry(record, input.version, calc, ctx, changes, events, happened)
  return { record, events, markers: reminders.markers, history, changes }
}
