/**
 * Read → decide → conditional write, retried when someone else wrote the case in between (optimistic locking,
 * lambda-kit `withOptimisticRetry`). The events a change causes are stored in the case's outbox in the same
 * transaction, published right after it commits and then cleared (`publishCommitted`); the scheduled drain
 * (`handlers/drain-outbox.ts`) republishes what a failed publish left behind (decision 0005).
 */
import {
  type OutboxDeps,
  type OutboxEntry,
  type OutgoingEvent,
  publishCommitted,
  RETRY,
  withOptimisticRetry,
} from '@omic/lambda-kit'
import { CaseBusyError } from '../errors'
import { type CaseRecord, caseStatus, emptyCase, type HistoryEntry } from '../model'
import type { Deps } from './deps'

export type Decision<R> =
  | { write: true; after: CaseRecord; history?: HistoryEntry[]; events?: OutgoingEvent[]; result: R }
  | { write: false; result: R }

/** The outbox side of the deps: the store's outbox, the publisher and the log. */
export function outboxDeps(deps: Pick<Deps, 'store' | 'events' | 'log'>): OutboxDeps<string> {
  return {
    store: deps.store,
    publisher: deps.events,
    log: {
      warn: (message, data) => deps.log.warn(message, data),
      info: (message, data) => deps.log.info(message, data),
    },
  }
}

/**
 * Applies `decide` to the current case (an empty one, version 0, when none is stored) and writes the outcome if
 * the case has not changed since it was read; on a conflict it reads again and decides again. `read` is the case
 * as the caller has just read it: the first attempt decides on it instead of reading it again.
 */
export async function writeCase<R>(
  deps: Deps,
  nomsNumber: string,
  decide: (current: CaseRecord) => Decision<R> | Promise<Decision<R>>,
  read?: CaseRecord,
): Promise<R> {
  return withOptimisticRetry(
    async attempt => {
      const stored = attempt === 0 && read ? read : await deps.store.getCase(nomsNumber)
      const current = stored ?? emptyCase(nomsNumber)
      const decision = await decide(current)
      if (!decision.write) return decision.result
      const today = deps.clock.today()
      const now = deps.clock.now().toISOString()
      const after: CaseRecord = { ...decision.after, updatedAt: now }
      const events: OutboxEntry[] = (decision.events ?? []).map(event => ({ id: deps.ids.next(), savedAt: now, event }))
      const outcome = await deps.store.commit({
        before: current,
        beforeStatus: current.version > 0 ? caseStatus(current, today, deps.rules) : null,
        after,
        status: caseStatus(after, today, deps.rules),
        history: decision.history ?? [],
        events,
      })
      if (!outcome.committed) return RETRY
      await publishCommitted(outboxDeps(deps), nomsNumber, events)
      return decision.result
    },
    { what: 'case', exhausted: () => new CaseBusyError(nomsNumber) },
  )
}
