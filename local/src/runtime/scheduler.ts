import { DstGapPolicy, nextFireTime } from '../scheduler/schedule-expression'
import type { LocalSchedule } from './template'

export interface ScheduleState {
  logicalId: string
  expression: string
  timezone: string
  functionId: string
  nextRun: string | null
  lastRun: string | null
  runs: number
}

/**
 * Runs the template's EventBridge Scheduler schedules on their cron/rate in their time zone, and on demand.
 * Each run is an asynchronous invocation (retries, then the dead-letter queue), as EventBridge Scheduler does.
 */
export class LocalScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly state = new Map<string, ScheduleState>()

  constructor(
    private readonly schedules: readonly LocalSchedule[],
    private readonly invokeAsync: (functionId: string, payload: unknown, origin: string) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    for (const s of schedules) {
      this.state.set(s.logicalId, {
        logicalId: s.logicalId,
        expression: s.expression,
        timezone: s.timezone,
        functionId: s.functionId,
        nextRun: null,
        lastRun: null,
        runs: 0,
      })
    }
  }

  start(): void {
    for (const s of this.schedules) this.arm(s)
  }

  private arm(s: LocalSchedule): void {
    // As EventBridge Scheduler does, a local time that does not exist (clocks going forward) is skipped
    const next = nextFireTime(s.expression, s.timezone, this.now(), { dstGap: DstGapPolicy.skip })
    const st = this.state.get(s.logicalId)
    if (st) st.nextRun = next?.toISOString() ?? null
    if (!next) return
    // setTimeout cannot wait longer than ~24.8 days: re-arm in steps
    const wait = Math.min(next.getTime() - this.now().getTime(), 2 ** 31 - 1)
    const timer = setTimeout(
      () => {
        if (this.now().getTime() >= next.getTime()) this.run(s.logicalId)
        this.arm(s)
      },
      Math.max(0, wait),
    )
    timer.unref()
    this.timers.set(s.logicalId, timer)
  }

  /** Runs a schedule now (its target gets the schedule's input, or the given payload). */
  run(logicalId: string, payload?: unknown): boolean {
    const s = this.schedules.find(x => x.logicalId === logicalId || x.logicalId.startsWith(logicalId))
    if (!s) return false
    const st = this.state.get(s.logicalId)
    if (st) {
      st.lastRun = this.now().toISOString()
      st.runs++
    }
    const input = payload ?? (s.input ? (JSON.parse(s.input) as unknown) : {})
    this.invokeAsync(s.functionId, input, s.logicalId)
    return true
  }

  list(): ScheduleState[] {
    return [...this.state.values()]
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }
}
