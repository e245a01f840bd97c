/**
 * Keys of the tiering state table (one table, several item kinds):
 *
 * | item | pk | sk | gsi1 (case listing) | gsi2 (job listing) | outbox (keys only) |
 * |---|---|---|---|---|---|
 * | case (inputs, current tier, outbox) | `CASE#<crn>` | `CASE` | `CASES#<00–63>` / `<crn>` | — | `OUTBOX` / `<savedAt>#<crn>` while its outbox holds entries |
 * | calculation | `CASE#<crn>` | `CALC#<uuid v7>` (time-ordered) | — | — | — |
 * | recalculation job | `JOB#<jobId>` | `JOB` | — | `JOBS` / `<createdAt>#<jobId>` | — |
 * | thin-event counter | `COUNTER#thin-events` | `<eventType>` | — | — | — |
 *
 * Only case items carry gsi1 keys, so the index lists exactly the cases. The listing is spread over 64 partitions
 * ("buckets") so that writes do not all land on one index partition, and so that a full recalculation can read it
 * in up to 64 parallel segments, each a Query of its own buckets.
 *
 * The keys-only `outbox` index marks the cases whose outbox holds events (sparse: a case carries `outboxpk = OUTBOX`
 * only from the write that stores an event until the clear that empties its outbox), with the oldest entry's save
 * time first in the sort key, so the outbox drain finds what a failed publish left behind with one Query
 * (docs/decisions/0005-outbox.md). Keys only: the marker costs one small index write each way, and the case's other
 * updates while it is marked cost the index nothing.
 */
export const CASE_SK = 'CASE'
export const CALC_PREFIX = 'CALC#'
export const LISTING_BUCKETS = 64
export const CASE_LISTING_INDEX = 'gsi1'
export const JOB_LISTING_INDEX = 'gsi2'
export const JOB_LISTING_PK = 'JOBS'
export const OUTBOX_INDEX = 'outbox'
export const OUTBOX_MARKER_PK = 'OUTBOX'
export const outboxMarkerSk = (savedAt: string, crn: string): string => `${savedAt}#${crn}`
/** The CRN of a marker's sort key (`<savedAt>#<crn>`: an instant has no `#`). */
export const crnOfOutboxMarker = (sk: string): string => sk.slice(sk.indexOf('#') + 1)

export const casePk = (crn: string): string => `CASE#${crn}`
export const caseKey = (crn: string) => ({ pk: casePk(crn), sk: CASE_SK })
export const calculationKey = (crn: string, calculationId: string) => ({
  pk: casePk(crn),
  sk: `${CALC_PREFIX}${calculationId}`,
})
export const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' })
export const thinCounterKey = (eventType: string) => ({ pk: 'COUNTER#thin-events', sk: eventType })

/** FNV-1a of the CRN, modulo the bucket count: a stable, even spread. */
export function listingBucket(crn: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < crn.length; i++) {
    hash ^= crn.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash % LISTING_BUCKETS
}

export const listingPk = (bucket: number): string => `CASES#${String(bucket).padStart(2, '0')}`
export const caseListingKeys = (crn: string) => ({ gsi1pk: listingPk(listingBucket(crn)), gsi1sk: crn })
