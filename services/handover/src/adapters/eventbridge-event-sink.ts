import type { EventPublisher, OutgoingEvent } from '@omic/lambda-kit'
import type { DomainEvent } from '../model/records'
import type { EventSink } from '../ports'

/** What the publisher sends of an outbox event (the bookkeeping — id, lease, holder — stays behind). */
export function outgoingEvent(e: DomainEvent): OutgoingEvent {
  return {
    eventType: e.eventType,
    occurredAt: e.occurredAt,
    additionalInformation: e.additionalInformation,
    ...(e.identifiers ? { identifiers: e.identifiers } : {}),
    ...(e.description ? { description: e.description } : {}),
  }
}

/**
 * Publishes to the bus with the service's source (`omic.handover`); the publisher checks every event against the
 * catalogue and fails on any rejected entry (nothing is filtered or skipped here).
 */
export class EventBridgeEventSink implements EventSink {
  constructor(private readonly publisher: Pick<EventPublisher, 'publish'>) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    if (events.length === 0) return
    await this.publisher.publish(events.map(outgoingEvent))
  }
}
