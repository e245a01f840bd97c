import { addDays, type IsoDate, londonDateOf, minDate, type TraceStep } from '@omic/domain'
import { CaseNotFoundError, MarkerExistsError, StaleVersionError, VersionConflictError } from '../errors'
import { assertPublishable, type OverriddenBy } from '../model/events'
import { forecastEntries } from '../model/keys'
import { type CalculationSource, type ReconcileOutcome, reconcile, type ServiceOptions } from '../model/reconcile'
import { type CaseRecord, type DomainEvent, emptyCase } from '../model/records'
import type { CaseStore, Clock, EventSink } from '../ports'

export interface HandoverDeps {
  store: CaseStore
  events: EventSink
  clock: Clock
  options: ServiceOptions
}

export interface UpdateRequest {
  nomsNumber: string
  /** Applies the change to a copy of the record; `skip` when there is nothing to do (a stale or thin fact). */
  mutate: (record: CaseRecord, today: IsoDate) => 'changed' | 'skip'
  source: CalculationSource
  trigger: string
  /** The version the client read (If-Match / `version`); a different stored version is a StaleVersionError. */
  expectedVersion?: number | undefined
  /** Keep facts about a prisoner we do not know yet (probation, parole, POM); otherwise CaseNotFoundError. */
  createIfMissing: boolean
  /** A record already read (the sweep reads it from the due index); re-read only after a conflict. */
  startFrom?: CaseRecord
  /** The calculation day (the sweep's run day); otherwise today in London. */
  today?: IsoDate
  /** Added to the calculation's trace (e.g. the reason an override was removed). */
  notes?: readonly TraceStep[]
  /** Who set or removed an override, for `overriddenBy` on handover.changed (source `override`). */
  actor?: OverriddenBy
  /** Checks the recalculated record before it is saved (throw to refuse the change). */
  verify?: (record: CaseRecord) => void
  /** Outbox events of a record merged into this one: carried along, or published when abandoned. */
  adopt?: readonly DomainEvent[]
}

export interface UpdateResult {
  record: CaseRecord
  outcome: ReconcileOutcome | null
}

const MAX_ATTEMPTS = 6

/**
 * How long the writer that saved outbox events has to publish and clear them before anyone else may: longer than
 * any invocation that writes a case (event handler 15 s, API 29 s; the sweep publishes each case right after its
 * save). Within it, other writers and retried invocations carry the events along untouched instead of publishing
 * them a second time; after it, they are abandoned (the writer died between saving and clearing) and the next
 * writer of the case (or the next day's sweep, for which the case stays due) publishes them.
 */
export const OUTBOX_LEASE_MS = 120_000

const abandoned = (e: DomainEvent, now: Date): boolean =>
  e.publishAfter === undefined || Date.parse(e.publishAfter) <= now.getTime()

/** The event as reconcile built it, without the outbox bookkeeping. */
const published = ({ id: _id, publishAfter: _after, ...event }: DomainEvent): DomainEvent => event

/**
 * Load → apply → recalculate (reconcile) → save atomically (conditional on the version) → publish the outbox.
 * Events are saved with the state first, each with an id of its own (`<noms>#<version>#<n>`) and a lease, and
 * published after by the writer that saved them, which then removes exactly those ids from the outbox. Nobody
 * else publishes them during the lease (so a concurrent writer or a retried invocation never sends a change a
 * second time); a failed publish hands them back at once, and an abandoned one is taken over after the lease —
 * claimed by the next version-conditional save, so exactly one writer takes it. A concurrent writer costs a retry,
 * never a lost update or a lost event.
 */
export async function updateCase(deps: HandoverDeps, req: UpdateRequest): Promise<UpdateResult> {
  // a record read from an index may be older than the table: its outbox is never published from it
  let candidate = req.startFrom && req.startFrom.pendingEvents.length === 0 ? req.startFrom : undefined
  const alreadySent = new Set<string>()
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = candidate ?? (await deps.store.load(req.nomsNumber))
    candidate = undefined
    if (!stored && !req.createIfMissing) throw new CaseNotFoundError(req.nomsNumber)
    if (req.expectedVersion !== undefined && (stored?.version ?? 0) !== req.expectedVersion) {
      throw new StaleVersionError(req.expectedVersion, stored?.version ?? 0)
    }
    const now = deps.clock.now()
    const today = req.today ?? londonDateOf(now)
    const base = stored ?? emptyCase(req.nomsNumber, now.toISOString())
    const outbox = [...base.pendingEvents, ...(req.adopt ?? [])]
    const takeOver = outbox.filter(e => abandoned(e, now))
    const carried = outbox.filter(e => !abandoned(e, now))
    const working: CaseRecord = structuredClone({ ...base, pendingEvents: [] })
    if (req.mutate(working, today) === 'skip' && takeOver.length === 0) {
      return { record: base, outcome: null }
    }
    const outcome = reconcile(working, {
      today,
      now: now.toISOString(),
      source: req.source,
      trigger: req.trigger,
      options: deps.options,
      ...(req.notes ? { notes: req.notes } : {}),
      ...(req.actor ? { actor: req.actor } : {}),
      alreadySent: [...alreadySent],
    })
    req.verify?.(outcome.record)
    assertPublishable(outcome.events)
    const version = base.version + 1
    const lease = new Date(now.getTime() + OUTBOX_LEASE_MS).toISOString()
    const mine: DomainEvent[] = [
      ...takeOver.map((e, i) => ({
        ...e,
        id: e.id ?? `${base.nomsNumber}#${base.version}#old${i}`,
        publishAfter: lease,
      })),
      ...outcome.events.map((e, i) => ({ ...e, id: `${base.nomsNumber}#${version}#${i}`, publishAfter: lease })),
    ]
    const pendingEvents = [...carried, ...mine]
    const realDue = outcome.record.nextDueDate
    const forecast = forecastEntries(outcome.record)
    const record: CaseRecord = {
      ...outcome.record,
      version,
      pendingEvents,
      // until the outbox is confirmed empty, the case stays due for the next sweep
      nextDueDate: pendingEvents.length > 0 ? minDate(realDue, addDays(today, 1)) : realDue,
      forecastKeys: forecast.map(f => ({ pdu: f.pdu, sk: f.sk })),
    }
    try {
      await deps.store.save({
        record,
        expectedVersion: stored?.version ?? 0,
        history: outcome.history ? { ...outcome.history, version: record.version } : null,
        markers: outcome.markers,
        forecast: { put: forecast, remove: base.forecastKeys },
      })
    } catch (e) {
      if (e instanceof VersionConflictError) {
        if (req.expectedVersion !== undefined) throw new StaleVersionError(req.expectedVersion, base.version + 1)
        continue
      }
      if (e instanceof MarkerExistsError) {
        for (const k of e.keys) alreadySent.add(k)
        continue
      }
      throw e
    }
    if (mine.length > 0) {
      const ids = mine.map(e => e.id ?? '')
      try {
        await deps.events.publish(mine.map(published))
      } catch (error) {
        // not published: handed back at once, so the retry (or the next writer) publishes them
        await deps.store.releasePending(record.nomsNumber, { version, saved: pendingEvents, ids }).catch(() => false)
        throw error
      }
      await deps.store.clearPending(record.nomsNumber, { version, saved: pendingEvents, ids }, realDue)
    }
    return {
      record: { ...record, pendingEvents: carried, nextDueDate: carried.length > 0 ? record.nextDueDate : realDue },
      outcome,
    }
  }
  throw new VersionConflictError(req.nomsNumber)
}
