import type { OutboxEntry, OutgoingEvent } from '@omic/lambda-kit'
import type { TierEventEntry } from '../model/records'

/** What tiering publishes (events.md): one `tier.calculation.complete` per stored calculation. */
export const TIER_CALCULATION_COMPLETE = 'tier.calculation.complete'
/** A work request of a full recalculation, sent to our own worker through the rule (`caseEvents`). */
export const SEGMENT_REQUESTED = 'tier.recalculation.segment-requested'

/** The bus event of a stored outbox entry. */
export function tierCalculationCompleteEvent(entry: TierEventEntry): OutgoingEvent {
  return {
    eventType: TIER_CALCULATION_COMPLETE,
    occurredAt: entry.occurredAt,
    description: entry.info.changed ? 'Tier calculation complete: the tier changed' : 'Tier calculation complete',
    identifiers: { crn: entry.info.crn },
    additionalInformation: { ...entry.info },
  }
}

/**
 * A case's outbox as lambda-kit's outbox entries, oldest first. An entry is saved by the write that stores its
 * calculation, at the calculation's instant, so its `occurredAt` is its `savedAt`.
 */
export function outboxEntriesOf(outbox: Readonly<Record<string, TierEventEntry>> | null): OutboxEntry[] {
  return Object.entries(outbox ?? {})
    .sort(([, a], [, b]) => a.occurredAt.localeCompare(b.occurredAt))
    .map(([id, entry]) => ({ id, savedAt: entry.occurredAt, event: tierCalculationCompleteEvent(entry) }))
}
