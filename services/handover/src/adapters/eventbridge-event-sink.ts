import type { EventPublisher } from '@omic/lambda-kit'
import type { DomainEvent } from '../model/records'
import type { EventSink } from '../ports'

/** Publishes to the bus with the service's source (`omic.handover`); the publisher fails on any rejected entry. */
export class EventBridgeEventSink implements EventSink {
  constructor(private readonly publisher: Pick<EventPublisher, 'publish'>) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return
    await this.publisher.publish(
      events.map(e => ({
        eventType: e.eventType,
        occurredAt: e.occurredAt,
        additionalInformation: e.additionalInformation,
        ...(e.identifiers ? { identifiers: e.identifiers } : {}),
        ...(e.description ? { description: e.description } : {}),
      })),
    )
  }
}
