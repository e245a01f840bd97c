import type { OutgoingEvent } from '@omic/lambda-kit'
import type { EventSink } from '../../src/ports'

/** Keeps what would have been published, in order; can be told to fail to exercise the outbox. */
export class RecordingSink implements EventSink {
  readonly published: OutgoingEvent[] = []
  failNext = 0

  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--
      throw new Error('EventBridge unavailable')
    }
    this.published.push(...events)
  }

  ofType(eventType: string): OutgoingEvent[] {
    return this.published.filter(e => e.eventType === eventType)
  }

  clear(): void {
    this.published.length = 0
  }
}
