/**
 * The outbox on the case (docs/decisions/0005-outbox.md, with handover's leases): events are saved with the state,
 * each with an id (`<noms>#<version>#<n>`) and a lease (`publishAfter`), held by the event being handled (`heldBy`).
 * Pure rules of who may publish an entry when; the store and updateCase apply them.
 */
import type { DomainEvent } from './records'

/**
 * How long the writer that saved outbox events has to publish and clear them before any *other* writer may: longer
 * than any invocation that writes a case (event handler 15 s, API 29 s; the sweep publishes each case right after
 * its save). Within it, other writers carry the events along untouched instead of publishing them a second time;
 * after it, they are abandoned (the writer died between saving and clearing) and the next writer of the case, or the
 * outbox drain, publishes them. A retry of the event that saved them does not wait for the lease: it takes them over
 * at once (`heldBy`).
 */
export const OUTBOX_LEASE_MS = 120_000

/** Who holds the events the outbox drain claims (no event id: only the lease lets anyone else take them). */
export const DRAIN_HOLDER = 'outbox-drain'

/** An entry whose lease has run out by `at` (or that was handed back after a failed publish). */
export const abandoned = (e: DomainEvent, at: Date): boolean =>
  e.publishAfter === undefined || Date.parse(e.publishAfter) <= at.getTime()

/** Events this writer publishes: abandoned ones, and those an earlier (dead) attempt of the same event left. */
export const takenOverBy = (holder: string | undefined, now: Date) => (e: DomainEvent) =>
  abandoned(e, now) || (holder !== undefined && e.heldBy === holder)

/** The event as reconcile built it, without the outbox bookkeeping. */
export const published = ({ id: _id, publishAfter: _after, heldBy: _holder, ...event }: DomainEvent): DomainEvent =>
  event

/** One copy of each outbox id (a merge retried after it adopted the removed case's outbox brings it again). */
export function uniqueById(events: readonly DomainEvent[]): DomainEvent[] {
  const seen = new Set<string>()
  return events.filter(e => {
    if (e.id === undefined) return true
    if (seen.has(e.id)) return false
    seen.add(e.id)
    return true
  })
}

/** The earliest lease among the entries (the drain's marker: nothing is free before it); null when none. */
export function earliestLease(events: readonly DomainEvent[]): string | null {
  const leases = events.map(e => e.publishAfter ?? new Date(0).toISOString()).sort()
  return leases[0] ?? null
}
