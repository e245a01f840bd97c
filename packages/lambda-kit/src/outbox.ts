/**
 * The outbox, one convention for every service (docs/decisions/0005-outbox.md): the events a change causes are
 * stored with the aggregate, in the same conditional write; published right after that write commits, then cleared
 * by id; and a scheduled drain republishes what a failed publish or a crash left behind. A failure is logged, never
 * swallowed. Consumers see an event at least once (they dedupe by event id and `occurredAt`), never lose one.
 */
import type { OutgoingEvent } from './publisher'

/** One stored event: its id (stable: the clear removes exactly these ids) and when it was saved. */
export interface OutboxEntry {
  id: string
  savedAt: string
  event: OutgoingEvent
}

/** An aggregate's unpublished entries, as the drain finds them. */
export interface PendingOutbox<Ref> {
  ref: Ref
  entries: readonly OutboxEntry[]
}

/** The store side: a service's store implements it over its own items (and its own lease rules, if any). */
export interface OutboxStore<Ref> {
  /** Aggregates holding entries saved before `before` that are free to publish, oldest first, at most `limit`. */
  pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<Ref>[]>
  /** Removes these entries (by id) from the aggregate's outbox; entries saved since stay. */
  clear(ref: Ref, ids: readonly string[]): Promise<void>
}

export interface OutboxDeps<Ref> {
  store: OutboxStore<Ref>
  publisher: { publish(events: readonly OutgoingEvent[]): Promise<void> }
  log: {
    warn(message: string, data: Record<string, unknown>): void
    info(message: string, data: Record<string, unknown>): void
  }
}

/**
 * After a commit: publishes the entries and clears them. `false` when the publish or the clear failed: the entries
 * stay (logged) for the drain, and the caller's answer is not affected — the change itself is committed.
 */
export function publishCommitted<Ref>(
  deps: OutboxDeps<Ref>,
  ref: Ref,
  entries: readonly OutboxEntry[],
): Promise<boolean> {
  return publishCommittedAll(deps, [{ ref, entries }])
}

/**
 * {@link publishCommitted} for several aggregates committed together (a page of a bulk job): one publish of all their
 * entries, then each aggregate's clear, `clearConcurrency` at a time.
 */
export async function publishCommittedAll<Ref>(
  deps: OutboxDeps<Ref>,
  committed: readonly PendingOutbox<Ref>[],
  options: { clearConcurrency?: number } = {},
): Promise<boolean> {
  const withEntries = committed.filter(c => c.entries.length > 0)
  const all = withEntries.flatMap(c => c.entries)
  if (all.length === 0) return true
  const eventTypes = [...new Set(all.map(e => e.event.eventType))]
  try {
    await deps.publisher.publish(all.map(e => e.event))
  } catch (error) {
    deps.log.warn('publishing committed events failed; left in the outbox for the drain', {
      eventTypes,
      error: String(error),
    })
    return false
  }
  const concurrency = options.clearConcurrency ?? 8
  try {
    for (let i = 0; i < withEntries.length; i += concurrency) {
      await Promise.all(
        withEntries.slice(i, i + concurrency).map(c =>
          deps.store.clear(
            c.ref,
            c.entries.map(e => e.id),
          ),
        ),
      )
    }
  } catch (error) {
    // published but still stored: the drain publishes them again (at least once), consumers dedupe
    deps.log.warn('clearing published events failed; the drain will publish them again', {
      eventTypes,
      error: String(error),
    })
    return false
  }
  return true
}

/** How long after saving an entry the drain may take it: a publish in flight right after a commit is not a failure. */
export const OUTBOX_DRAIN_GRACE_MS = 60_000

/** The scheduled drain: republishes every entry older than the grace period, aggregate by aggregate. */
export async function drainOutbox<Ref>(
  deps: OutboxDeps<Ref>,
  options: { now: Date; graceMs?: number; limit?: number },
): Promise<{ aggregates: number; published: number; failed: number }> {
  const before = new Date(options.now.getTime() - (options.graceMs ?? OUTBOX_DRAIN_GRACE_MS)).toISOString()
  const pending = await deps.store.pendingBefore(before, options.limit ?? 500)
  let published = 0
  let failed = 0
  for (const { ref, entries } of pending) {
    if (await publishCommitted(deps, ref, entries)) published += entries.length
    else failed += entries.length
  }
  if (pending.length > 0) deps.log.info('outbox drained', { aggregates: pending.length, published, failed })
  return { aggregates: pending.length, published, failed }
}

/** The scheduled handler of a service's outbox drain (`src/handlers/drain-outbox.ts`). */
export function outboxDrainHandler<Ref>(deps: () => OutboxDeps<Ref>, now: () => Date = () => new Date()) {
  return async (): Promise<{ aggregates: number; published: number; failed: number }> => {
    const outcome = await drainOutbox(deps(), { now: now() })
    if (outcome.failed > 0)
      throw new Error(`${outcome.failed} outbox event(s) could not be published; retried next run`)
    return outcome
  }
}
