import { addDays, type IsoDate, londonDateOf, minDate, type TraceStep } from '@omic/domain'
import { type Clock, type CrnLinks, logger, RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import { CaseNotFoundError, MarkerExistsError, StaleVersionError, VersionConflictError } from '../errors'
import { assertPublishable, type OverriddenBy } from '../model/events'
import { forecastEntries } from '../model/keys'
import { OUTBOX_LEASE_MS, published, takenOverBy, uniqueById } from '../model/outbox'
import type { ParkedParts } from '../model/parked'
import { type CalculationSource, type ReconcileOutcome, reconcile, type ServiceOptions } from '../model/reconcile'
import { type CaseRecord, type DomainEvent, emptyCase } from '../model/records'
import type { CaseStore, EventSink, OutboxWrite } from '../ports'

export { OUTBOX_LEASE_MS } from '../model/outbox'

export interface HandoverDeps {
  store: CaseStore
  /** CRN → NOMS links, and the probation parts parked until their CRN is linked. */
  crnLinks: CrnLinks<ParkedParts>
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
  /**
   * The id of the event being handled (absent for API writes and the sweep). Lambda-kit's idempotency lets only one
   * live invocation handle an event id, so outbox events held by this id were left by an earlier attempt of this
   * very event that died (timed out, killed, or failed) before clearing them: this write takes them over at once.
   */
  holder?: string | undefined
}

export interface UpdateResult {
  record: CaseRecord
  outcome: ReconcileOutcome | null
}

const MAX_ATTEMPTS = 6

const CLEAR_ATTEMPTS = 3

/**
 * Removes the events just published from the outbox, trying again on an error: once they are on the bus, only this
 * invocation knows it, and if it fails now the retry of its event publishes them a second time.
 */
async function clearPublished(deps: HandoverDeps, noms: string, outbox: OutboxWrite, due: IsoDate | null) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.store.clearPending(noms, outbox, due)
    } catch (error) {
      if (attempt >= CLEAR_ATTEMPTS) throw error
      await new Promise(resolve => setTimeout(resolve, 50 * 2 ** attempt))
    }
  }
}

/**
 * Publishes the outbox events this writer took (right after its save committed) and clears them. The convention's
 * `publishCommitted` with handover's leases: a failed publish is logged as there, then handed back at once (the
 * lease ended) and thrown, so the retry of the event (which holds them) publishes them, or the next writer or the
 * outbox drain; a clear that keeps failing is logged and thrown (only this invocation knows they are out: the retry
 * of its event publishes them again, at least once).
 */
async function publishSaved(
  deps: HandoverDeps,
  noms: string,
  mine: readonly DomainEvent[],
  saved: Omit<OutboxWrite, 'ids'>,
  due: IsoDate | null,
): Promise<void> {
  if (mine.length === 0) return
  const outbox = { ...saved, ids: mine.map(e => e.id ?? '') }
  const eventTypes = mine.map(e => e.eventType)
  try {
    await deps.events.publish(mine.map(published))
  } catch (error) {
    logger.warn('publishing committed events failed; left in the outbox for the drain', {
      eventTypes,
      error: String(error),
    })
    // not published: handed back at once, so the retry (or the next writer, or the drain) publishes them
    await deps.store.releasePending(noms, outbox).catch((release: unknown) =>
      logger.warn('handing back unpublished events failed; they wait for their lease', {
        eventTypes,
        error: String(release),
      }),
    )
    throw error
  }
  try {
    await clearPublished(deps, noms, outbox, due)
  } catch (error) {
    logger.warn('clearing published events failed; the drain will publish them again', {
      eventTypes,
      error: String(error),
    })
    throw error
  }
}

/**
 * Load → apply → recalculate (reconcile) → save atomically (conditional on the version) → publish the outbox.
 * Events are saved with the state first, each with an id of its own (`<noms>#<version>#<n>`) and a lease, and
 * published after by the writer that saved them, which then removes exactly those ids from the outbox. No other
 * writer publishes them during the lease (so a concurrent writer never sends a change a second time); a retry of
 * the event whose writer died takes them over at once (they are held by its event id); a failed publish hands them
 * back at once, and an abandoned one is taken over after the lease — claimed by the next version-conditional save,
 * so exactly one writer takes it. A concurrent writer costs a retry, never a lost update or a lost event.
 */
export async function updateCase(deps: HandoverDeps, req: UpdateRequest): Promise<UpdateResult> {
  // a record read from an index may be older than the table: its outbox is never published from it
  const candidate = req.startFrom && req.startFrom.pendingEvents.length === 0 ? req.startFrom : undefined
  const alreadySent = new Set<string>()
  return withOptimisticRetry<UpdateResult>(
    async attempt => {
      const stored = (attempt === 0 ? candidate : undefined) ?? (await deps.store.load(req.nomsNumber))
      if (!stored && !req.createIfMissing) throw new CaseNotFoundError(req.nomsNumber)
      if (req.expectedVersion !== undefined && (stored?.version ?? 0) !== req.expectedVersion) {
        throw new StaleVersionError(req.expectedVersion, stored?.version ?? 0)
      }
      const now = deps.clock.now()
      const today = req.today ?? londonDateOf(now)
      const base = stored ?? emptyCase(req.nomsNumber, now.toISOString())
      const outbox = uniqueById([...base.pendingEvents, ...(req.adopt ?? [])])
      const mineToTake = takenOverBy(req.holder, now)
      const takeOver = outbox.filter(mineToTake)
      const carried = outbox.filter(e => !mineToTake(e))
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
      const held = req.holder === undefined ? {} : { heldBy: req.holder }
      const mine: DomainEvent[] = [
        ...takeOver.map(({ heldBy: _was, ...e }, i) => ({
          ...e,
          id: e.id ?? `${base.nomsNumber}#${base.version}#old${i}`,
          publishAfter: lease,
          ...held,
        })),
        ...outcome.events.map((e, i) => ({
          ...e,
          id: `${base.nomsNumber}#${version}#${i}`,
          publishAfter: lease,
          ...held,
        })),
      ]
      const pendingEvents = [...carried, ...mine]
      const realDue = outcome.record.nextDueDate
      const forecast = forecastEntries(outcome.record)
      const record: CaseRecord = {
        ...outcome.record,
        version,
        pendingEvents,
        // until the outbox is confirmed empty, the case stays due for the next sweep; whoever clears its last event
        // puts it back under its real due day
        nextDueDate: pendingEvents.length > 0 ? minDate(realDue, addDays(today, 1)) : realDue,
        calculatedDueDate: realDue,
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
          return RETRY
        }
        if (e instanceof MarkerExistsError) {
          for (const k of e.keys) alreadySent.add(k)
          return RETRY
        }
        throw e
      }
      await publishSaved(deps, record.nomsNumber, mine, { version, saved: pendingEvents }, realDue)
      return {
        record: { ...record, pendingEvents: carried, nextDueDate: carried.length > 0 ? record.nextDueDate : realDue },
        outcome,
      }
    },
    { what: 'case', attempts: MAX_ATTEMPTS, exhausted: () => new VersionConflictError(req.nomsNumber) },
  )
}
