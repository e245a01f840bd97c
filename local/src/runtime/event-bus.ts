import { randomUUID } from 'node:crypto'
import { matchesPattern } from '../eventbridge/event-pattern'
import type { FunctionHost } from './function-host'
import type { LocalQueues } from './queues'
import { LOCAL_ACCOUNT, LOCAL_REGION, type LocalFunction, type LocalRule } from './template'

export interface PutEventsEntry {
  Source?: string
  DetailType?: string
  Detail?: string
  EventBusName?: string
  Resources?: string[]
  Time?: string | number
}

export interface BusEvent {
  version: '0'
  id: string
  'detail-type': string
  source: string
  account: string
  time: string
  region: string
  resources: string[]
  detail: unknown
}

export interface EventBusOptions {
  /** Delay before each retry of a failed asynchronous invocation; Lambda waits about 1 and 2 minutes. */
  retryDelaysMs?: readonly number[]
  /** How many recent events to keep for inspection (`GET /_local/events`). */
  historySize?: number
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string }

/**
 * The local EventBridge: accepts PutEvents, matches each event against the template's rules on its bus, and
 * invokes each target asynchronously like Lambda does: the first attempt, then the function's retries, then
 * its dead-letter queue.
 */
export class LocalEventBus {
  private readonly history: BusEvent[] = []
  private inFlight = 0
  private idleWaiters: (() => void)[] = []
  readonly counters = { received: 0, delivered: 0, failedAttempts: 0, deadLettered: 0, unmatched: 0 }

  constructor(
    private readonly buses: readonly string[],
    private readonly rules: readonly LocalRule[],
    private readonly functions: ReadonlyMap<string, LocalFunction>,
    private readonly host: FunctionHost,
    private readonly queues: LocalQueues,
    private readonly options: EventBusOptions = {},
  ) {}

  putEvents(entries: readonly PutEventsEntry[]): { FailedEntryCount: number; Entries: EntryResult[] } {
    const results = entries.map(e => this.putOne(e))
    return { FailedEntryCount: results.filter(r => 'ErrorCode' in r).length, Entries: results }
  }

  private putOne(entry: PutEventsEntry): EntryResult {
    if (!entry.Source || !entry.DetailType || entry.Detail === undefined) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' }
    }
    let detail: unknown
    try {
      detail = JSON.parse(entry.Detail)
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' }
    }
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail must be a JSON object' }
    }
    const busName = (entry.EventBusName ?? 'default').split('/').pop() ?? 'default'
    if (!this.buses.includes(busName)) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist` }
    }
    const time =
      entry.Time === undefined ? new Date() : new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time)
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: LOCAL_ACCOUNT,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: LOCAL_REGION,
      resources: entry.Resources ?? [],
      detail,
    }
    this.counters.received++
    this.remember(event)
    this.route(busName, event)
    return { EventId: event.id }
  }

  /**
   * Delivers an event that already has its id and time again, as EventBridge may (delivery is at least once, and
   * a second delivery carries the same id): routed on `busName` like a PutEvents entry, without a new id. Into a
   * fresh system it also replays a captured event with its original id. Local only, for tests.
   */
  redeliver(busName: string, event: BusEvent): void {
    if (!this.buses.includes(busName)) throw new Error(`Event bus ${busName} does not exist`)
    this.counters.received++
    if (!this.history.some(e => e.id === event.id)) this.remember(event)
    this.route(busName, event)
  }

  private remember(event: BusEvent): void {
    this.history.push(event)
    const max = this.options.historySize ?? 20_000
    if (this.history.length > max) this.history.splice(0, this.history.length - max)
  }

  /** Recent events, newest last, optionally only of some detail-types. */
  recent(filter: { detailType?: string; source?: string } = {}): BusEvent[] {
    return this.history.filter(
      e =>
        (filter.detailType === undefined || e['detail-type'] === filter.detailType) &&
        (filter.source === undefined || e.source === filter.source),
    )
  }

  private route(busName: string, event: BusEvent): void {
    let matched = false
    for (const rule of this.rules) {
      if (rule.busName !== busName || !matchesPattern(rule.pattern, event as unknown as Record<string, unknown>)) {
        continue
      }
      for (const target of rule.targets) {
        matched = true
        this.track(this.deliver(target.functionId, event, rule.logicalId))
      }
    }
    if (!matched) this.counters.unmatched++
  }

  /** Invokes a function asynchronously with Lambda's retry behaviour, then its dead-letter queue. */
  invokeAsync(functionId: string, event: unknown, origin: string): void {
    this.track(this.deliver(functionId, event, origin))
  }

  private async deliver(functionId: string, event: unknown, origin: string): Promise<void> {
    const fn = this.functions.get(functionId)
    const retries = fn?.asyncRetryAttempts ?? 2
    const delays = this.options.retryDelaysMs ?? [200, 1000]
    let lastError: Error | undefined
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise(r => setTimeout(r, delays[Math.min(attempt - 1, delays.length - 1)] ?? 0))
      try {
        await this.host.invoke(functionId, event)
        this.counters.delivered++
        return
      } catch (e) {
        lastError = e as Error
        this.counters.failedAttempts++
      }
    }
    this.counters.deadLettered++
    const queue = fn?.deadLetterQueue ?? `${functionId}-unrouted-failures`
    this.queues.send(queue, event, {
      functionId,
      origin,
      ErrorCode: lastError?.name ?? 'Error',
      ErrorMessage: lastError?.message ?? 'unknown',
    })
  }

  private track(p: Promise<void>): void {
    this.inFlight++
    void p.finally(() => {
      this.inFlight--
      if (this.inFlight === 0) {
        const waiters = this.idleWaiters
        this.idleWaiters = []
        for (const w of waiters) w()
      }
    })
  }

  /** Resolves when every delivery (including retries) has finished. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve()
    return new Promise(resolve => this.idleWaiters.push(resolve))
  }

  get pending(): number {
    return this.inFlight
  }
}
