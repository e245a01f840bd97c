import type { DeadLetterStore } from '@omic/lambda-kit'
import type { RejectedEvent, RejectedEvents } from '../ports'

/** Events whose snapshot the tiering rules reject go to the service's dead-letter table, reason `failed`. */
export class DeadLetterRejectedEvents implements RejectedEvents {
  constructor(
    private readonly store: Pick<DeadLetterStore, 'put'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  put(event: RejectedEvent): Promise<void> {
    return this.store.put({ ...event, reason: 'failed', receivedAt: this.now().toISOString() })
  }
}
