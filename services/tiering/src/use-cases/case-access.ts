/** Reading a case the way every use case needs it: following merges, and publishing events left in its outbox. */
import { publishCommitted } from '@omic/lambda-kit'
import { outboxEntriesOf } from '../events/published'
import type { CaseRecord, TierEventEntry } from '../model/records'
import type { CaseExpectation, CaseStore } from '../ports'
import { outboxDeps, type TieringDeps } from './deps'

/** How many merges are followed from a CRN to the case that holds its records. */
const MAX_MERGE_HOPS = 5

export interface ResolvedCase {
  readonly crn: string
  readonly record: CaseRecord | null
}

/**
 * The case for `crn`, or for the CRN it was merged into (and so on). An erased case (a tombstone) is returned as it
 * is: callers must check `record.deleted` and leave it alone.
 */
export async function resolveCase(cases: CaseStore, crn: string): Promise<ResolvedCase> {
  let current = crn
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const record = await cases.get(current)
    if (record?.deleted || record?.mergedInto == null) return { crn: current, record }
    current = record.mergedInto
  }
  throw new Error(`CRN ${crn} was merged more than ${MAX_MERGE_HOPS} times in a chain`)
}

/** What a write must find to succeed: the case as it was read. */
export function expectationOf(record: CaseRecord | null): CaseExpectation {
  return record === null
    ? { exists: false, inputsVersion: 0, currentDigest: null, hasOutbox: false }
    : {
        exists: true,
        inputsVersion: record.inputsVersion,
        currentDigest: record.current?.resultDigest ?? null,
        hasOutbox: record.outbox !== null,
      }
}

export type OutboxDepsOf = Pick<TieringDeps, 'cases' | 'publisher' | 'log'>

/**
 * Publishes a case's outbox entries (oldest first), then removes them from the case (lambda-kit's
 * `publishCommitted`): right after the write that stored them, and again whenever a later event finds some left. A
 * failed publish is logged and leaves them for the drain (`drain-outbox`); a crash in between publishes them again:
 * consumers see `tier.calculation.complete` at least once per calculation (same calculationId).
 */
export async function publishOutbox(
  deps: OutboxDepsOf,
  crn: string,
  outbox: Readonly<Record<string, TierEventEntry>> | null,
): Promise<void> {
  await publishCommitted(outboxDeps(deps), crn, outboxEntriesOf(outbox))
}
