/** What changed in this calculation, and its history item (the trace, and what happened on the way). */
import type { TraceStep } from '@omic/domain'
import type { Calculation, CaseRecord, DomainEvent, HistoryEntry } from '../records'
import type { ReconcileContext } from './context'

const COMPARED = [
  'status',
  'responsibility',
  'handoverDate',
  'handoverStartDate',
  'reason',
  'list',
  'comAllocationOverdue',
  'earlyAllocationActive',
  'handoverType',
] as const

/** The outputs that differ from the previous calculation (`first_calculation` when there was none). */
export function changesOf(prev: Calculation | null, calc: Calculation): string[] {
  const changes: string[] = prev === null ? ['first_calculation'] : COMPARED.filter(k => prev[k] !== calc[k])
  if (prev && prev.effective.responsibility !== calc.effective.responsibility) changes.push('effectiveResponsibility')
  if (prev && prev.effective.reason !== calc.effective.reason) changes.push('effectiveReason')
  return changes
}

/** The history item of this calculation, at the version the save will give the record. */
export function historyEntry(
  record: CaseRecord,
  readVersion: number,
  calc: Calculation,
  ctx: ReconcileContext,
  changes: string[],
  events: readonly DomainEvent[],
  happened: TraceStep[],
): HistoryEntry {
  return {
    nomsNumber: record.nomsNumber,
    version: readVersion + 1,
    calculatedAt: ctx.now,
    today: ctx.today,
    source: ctx.source,
    trigger: ctx.trigger,
    status: calc.status,
    responsibility: calc.responsibility,
    effectiveResponsibility: calc.effective.responsibility,
    handoverDate: calc.handoverDate,
    handoverStartDate: calc.handoverStartDate,
    reason: calc.reason,
    effectiveReason: calc.effective.reason,
    episodeId: record.episode?.id ?? null,
    changes,
    published: events.map(e =>
      e.eventType.endsWith('reminder-due') ? `${e.eventType}:${String(e.additionalInformation.reminder)}` : e.eventType,
    ),
    trace: calc.trace,
    happened,
  }
}
