/** The bus side of tiering: `tier.calculation.complete` for everyone, segment work requests for our own worker. */
import type { EventPublisher } from '@omic/lambda-kit'
import type { OutboxEntry } from '../model/records'
import type { SegmentDispatcher, SegmentRequest, TierEventPublisher } from '../ports'

export const TIER_CALCULATION_COMPLETE = 'tier.calculation.complete'
export const SEGMENT_REQUESTED = 'tier.recalculation.segment-requested'

export class BusTierEventPublisher implements TierEventPublisher {
  constructor(private readonly bus: Pick<EventPublisher, 'publish'>) {}

  publish(entries: readonly OutboxEntry[]): Promise<void> {
    return this.bus.publish(
      entries.map(entry => ({
        eventType: TIER_CALCULATION_COMPLETE,
        occurredAt: entry.occurredAt,
        description: entry.info.changed ? 'Tier calculation complete: the tier changed' : 'Tier calculation complete',
        identifiers: { crn: entry.info.crn },
        additionalInformation: { ...entry.info },
      })),
    )
  }
}

/** Each segment request is an event on the bus; the rule sends it back to this service's worker. */
export class BusSegmentDispatcher implements SegmentDispatcher {
  constructor(
    private readonly bus: Pick<EventPublisher, 'publish'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  dispatch(requests: readonly SegmentRequest[]): Promise<void> {
    const occurredAt = this.now().toISOString()
    return this.bus.publish(
      requests.map(request => ({
        eventType: SEGMENT_REQUESTED,
        occurredAt,
        description: 'Recalculate one segment of a full tier recalculation',
        additionalInformation: { ...request },
      })),
    )
  }
}
