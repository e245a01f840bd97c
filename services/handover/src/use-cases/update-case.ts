import { addDays, type IsoDate, londonDateOf, minDate, type TraceStep } from '@omic/domain'
import { CaseNotFoundError, MarkerExistsError, StaleVersionError, VersionConflictError } from '../errors'
import { assertPublishable, type OverriddenBy } from '../model/events'
import { forecastEntries } from '../model/keys'
import { type CalculationSource, type ReconcileOutcome, reconcile, type ServiceOptions } from '../model/reconcile'
import { type CaseRecord, emptyCase } from '../model/records'
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
}

export interface UpdateResult {
  record: CaseRecord
  outcome: ReconcileOutcome | null
}

const MAX_ATTEMPTS = 6

/**
 * Load → apply → recalculate (reconcile) → save atomically (conditional on the version) → publish the outbox.
 * Events are saved with the state first and published after, so a failed publish is retried (by the event retry,
 * the next touch of the case, or the next sweep, which the case is due for) and never lost; a concurrent writer
 * costs a retry, never a lost update.
 */
export async function updateCase(deps: HandoverDeps, req: UpdateRequest): Promise<UpdateResult> {
  let candidate = req.startFrom
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
    // an earlier attempt saved these but could not publish them: publish before anything else
    if (base.pendingEvents.length > 0) await deps.events.publish(base.pendingEvents)
    const working: CaseRecord = structuredClone({ ...base, pendingEvents: [] })
    if (req.mutate(working, today) === 'skip' && base.pendingEvents.length === 0) {
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
    const realDue = outcome.record.nextDueDate
    const forecast = forecastEntries(outcome.record)
    const record: CaseRecord = {
      ...outcome.record,
      version: base.version + 1,
      pendingEvents: outcome.events,
      // until the outbox is confirmed empty, the case stays due for the next sweep
      nextDueDate: outcome.events.length > 0 ? minDate(realDue, addDays(today, 1)) : realDue,
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
    if (outcome.events.length > 0) {
      await deps.events.publish(outcome.events)
      await deps.store.clearPending(record.nomsNumber, record.version, realDue)
    }
    return { record: { ...record, pendingEvents: [], nextDueDate: realDue }, outcome }
  }
  throw new VersionConflictError(req.nomsNumber)
}
