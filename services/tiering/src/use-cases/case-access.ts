/** Reading a case the way every use case needs it: following merges, and flushing events left in its outbox. */
import type { CaseRecord, OutboxEntry } from '../model/records'
import type { CapacityMeter, CaseExpectation, CaseStore, TierEventPublisher } from '../ports'

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

/**
 * Publishes outbox entries (oldest first), then removes them from the case. A crash in between publishes them again
 * next time: consumers see `tier.calculation.complete` at least once per calculation (same calculationId).
 */
export async function flushOutbox(
  deps: { cases: CaseStore; publisher: TierEventPublisher },
  crn: string,
  outbox: Readonly<Record<string, OutboxEntry>> | null,
  meter?: CapacityMeter,
): Promise<number> {
  const entries = Object.entries(outbox ?? {}).sort(([, a], [, b]) => a.occurredAt.localeCompare(b.occurredAt))
  if (entries.length === 0) return 0
  await deps.publisher.publish(entries.map(([, entry]) => entry))
  await deps.cases.clearOutbox(
    crn,
    entries.map(([id]) => id),
    meter,
  )
  return entries.length
}
