/** Segment work requests for our own worker, as events on the bus (the rule sends them back to on-case-event). */
import { type Clock, type EventPublisher, systemClock } from '@omic/lambda-kit'
import { SEGMENT_REQUESTED } from '../events/published'
import type { SegmentDispatcher, SegmentRequest } from '../ports'

export class EventBridgeSegmentDispatcher implements SegmentDispatcher {
  constructor(
    private readonly bus: Pick<EventPublisher, 'publish'>,
    private readonly clock: Clock = systemClock,
  ) {}

  dispatch(requests: readonly SegmentRequest[]): Promise<void> {
    const occurredAt = this.clock.now().toISOString()
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
