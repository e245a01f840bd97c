/**
 * Read → decide → conditional write, retried when someone else wrote the case in between (optimistic locking).
 * Events go into the outbox in the same transaction as the change; they are published right after it commits
 * and the outbox entry is then removed; `drainOutbox` republishes what a failed publish left behind.
 */
import type { OutgoingEvent } from '@omic/lambda-kit'
import { caseStatus } from '../case-status'
import { CaseBusyError } from '../errors'
import { type CaseRecord, emptyCase, type HistoryEntry } from '../model'
import type { Deps } from './deps'

export type Decision<R> =
  | { write: true; after: CaseRecord; history?: HistoryEntry[]; events?: OutgoingEvent[]; result: R }
  | { write: false; result: R }

const MAX_ATTEMPTS = 8

/**
 * Applies `decide` to the current case (an empty one, version 0, when none is stored) and writes the outcome if
 * the case has not changed since it was read; on a conflict it reads again and decides again.
 */
export async function writeCase<R>(
  deps: Deps,
  nomsNumber: string,
  decide: (current: CaseRecord) => Decision<R> | Promise<Decision<R>>,
): Promise<R> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = (await deps.store.getCase(nomsNumber)) ?? emptyCase(nomsNumber)
    const decision = await decide(current)
    if (!decision.write) return decision.result
    const today = deps.clock.today()
    const after: CaseRecord = { ...decision.after, updatedAt: deps.clock.now() }
    const events = decision.events ?? []
    const outcome = await deps.store.commit({
      before: current,
      beforeStatus: current.version > 0 ? caseStatus(current, today, deps.rules) : null,
      after,
      status: caseStatus(after, today, deps.rules),
      history: decision.history ?? [],
      events,
    })
    if (outcome.committed) {
      await publishCommitted(deps, events, outcome.outboxKeys)
      return decision.result
    }
    // Someone else wrote the case: back off a little (with jitter) and decide again on what is there now
    await new Promise(r => setTimeout(r, Math.floor(Math.random() * 10 * (attempt + 1))))
  }
  throw new CaseBusyError(nomsNumber)
}

export async function publishCommitted(deps: Deps, events: readonly OutgoingEvent[], keys: readonly string[]) {
  if (events.length === 0) return
  try {
    await deps.events.publish(events)
    await deps.store.confirmPublished(keys)
  } catch (error) {
    // The events stay in the outbox; drainOutbox publishes them later
    deps.warn('publishing committed events failed; left in the outbox', {
      eventTypes: events.map(e => e.eventType),
      error: (error as Error).name,
    })
  }
}

/** Publishes outbox entries older than `minAgeMs` (a publish still in flight is younger) and removes them. */
export async function drainOutbox(deps: Deps, options: { limit?: number; minAgeMs?: number } = {}): Promise<number> {
  const pending = await deps.store.pendingEvents(options.limit ?? 25)
  const cutoff = new Date(Date.parse(deps.clock.now()) - (options.minAgeMs ?? 30_000)).toISOString()
  const due = pending.filter(p => p.event.occurredAt < cutoff)
  if (due.length === 0) return 0
  await deps.events.publish(due.map(d => d.event))
  await deps.store.confirmPublished(due.map(d => d.key))
  return due.length
}
