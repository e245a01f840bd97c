import { addDays, type IsoDate } from '@omic/domain'
import { CaseNotFoundError } from '../errors'
import { EVENT_TYPES } from '../model/events'
import { type HandoverDeps, updateCase } from './update-case'

export interface SweepOptions {
  /** With no previous run recorded, how many past days' due partitions the first run reads. */
  firstRunLookbackDays: number
  pageSize: number
  /** Cases recalculated in parallel. */
  concurrency: number
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = { firstRunLookbackDays: 31, pageSize: 100, concurrency: 8 }

export interface SweepReport {
  today: IsoDate
  /** The due days read: from the day after the last run (caught up) to today. */
  from: IsoDate
  days: number
  dueCases: number
  recalculated: number
  handoverChanged: number
  remindersDue: number
  comAllocationRequested: number
  eligibilityChanged: number
  failed: number
  /** Read capacity the due-index queries consumed. */
  consumedReadUnits: number
  ms: number
}

export class SweepIncompleteError extends Error {
  constructor(readonly report: SweepReport) {
    super(`The daily sweep failed for ${report.failed} case(s); they stay due and the run will be retried`)
    this.name = 'SweepIncompleteError'
  }
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T
      await fn(item)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/**
 * The daily sweep: reads only the cases due (gsi2 `DUE#<day>`) on each day since the last run up to today — never a
 * scan — and recalculates each as of today: time-driven responsibility changes are published (source `sweep`) and
 * reminders whose day has come are sent once per episode. A failed case stays due; the run then throws so the
 * scheduler retries, and the last run day is not advanced.
 */
export async function runDailySweep(
  deps: HandoverDeps,
  input: { today?: IsoDate | undefined },
  options: SweepOptions = DEFAULT_SWEEP_OPTIONS,
  onError: (nomsNumber: string, error: unknown) => void = () => {},
): Promise<SweepReport> {
  const started = Date.now()
  const today = input.today ?? deps.clock.today()
  const state = await deps.store.sweepState()
  let from = state ? addDays(state.lastRunDate, 1) : addDays(today, -options.firstRunLookbackDays)
  if (from > today) from = today
  const report: SweepReport = {
    today,
    from,
    days: 0,
    dueCases: 0,
    recalculated: 0,
    handoverChanged: 0,
    remindersDue: 0,
    comAllocationRequested: 0,
    eligibilityChanged: 0,
    failed: 0,
    consumedReadUnits: 0,
    ms: 0,
  }
  for (let day = from; day <= today; day = addDays(day, 1)) {
    report.days++
    let cursor: string | undefined
    do {
      const page = await deps.store.dueCases(day, { limit: options.pageSize, ...(cursor ? { cursor } : {}) })
      report.consumedReadUnits += page.consumedReadUnits
      report.dueCases += page.items.length
      await forEachLimited(page.items, options.concurrency, async item => {
        try {
          const { outcome } = await updateCase(deps, {
            nomsNumber: item.nomsNumber,
            startFrom: item,
            today,
            source: 'sweep',
            trigger: 'daily-sweep',
            createIfMissing: false,
            mutate: () => 'changed',
          })
          report.recalculated++
          for (const e of outcome?.events ?? []) {
            if (e.eventType === EVENT_TYPES.handoverChanged) report.handoverChanged++
            else if (e.eventType === EVENT_TYPES.reminderDue) report.remindersDue++
            else if (e.eventType === EVENT_TYPES.comAllocationRequested) report.comAllocationRequested++
            else if (e.eventType === EVENT_TYPES.earlyAllocationEligibility) report.eligibilityChanged++
          }
        } catch (e) {
          // merged away since the index was read: nothing left to do
          if (e instanceof CaseNotFoundError) return
          report.failed++
          onError(item.nomsNumber, e)
        }
      })
      cursor = page.cursor
    } while (cursor)
  }
  report.ms = Date.now() - started
  if (report.failed > 0) throw new SweepIncompleteError(report)
  if (!state || state.lastRunDate < today) {
    await deps.store.saveSweepState({
      lastRunDate: today,
      lastRunAt: deps.clock.now().toISOString(),
      lastRunStats: {
        days: report.days,
        dueCases: report.dueCases,
        handoverChanged: report.handoverChanged,
        remindersDue: report.remindersDue,
        consumedReadUnits: report.consumedReadUnits,
      },
    })
  }
  return report
}
