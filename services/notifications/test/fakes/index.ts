import { fixedClock, InMemoryCrnLinks, type OutgoingEvent } from '@omic/lambda-kit'
import { OutboxChannel } from '../../src/adapters/outbox-channel'
import type { ParkableParts } from '../../src/model/directory'
import { PortalLinks } from '../../src/model/links'
import type { OutcomePublisher } from '../../src/ports'
import type { DispatchDeps } from '../../src/use-cases/dispatch'
import type { RecordDeps } from '../../src/use-cases/handle-event'
import { InMemoryDigestStore } from './in-memory-digest-store'
import { InMemoryDirectory } from './in-memory-directory'
import { InMemoryEmailOutbox } from './in-memory-email-outbox'
import { InMemoryMessageStore } from './in-memory-message-store'
import { InMemoryPreferenceStore } from './in-memory-preference-store'

export { InMemoryDigestStore, InMemoryDirectory, InMemoryEmailOutbox, InMemoryMessageStore, InMemoryPreferenceStore }

/** A publisher that keeps what it is given. */
export class KeepingPublisher implements OutcomePublisher {
  readonly events: OutgoingEvent[] = []
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    this.events.push(...events)
  }
}

/** Every dependency of the use cases, in memory: the local outbox channel, a fixed clock, no waits. */
export function fakeDeps(at = '2026-11-23T12:00:00Z') {
  const directory = new InMemoryDirectory()
  const outbox = new InMemoryEmailOutbox()
  const publisher = new KeepingPublisher()
  const clock = fixedClock(at)
  const deps: DispatchDeps & RecordDeps = {
    messages: new InMemoryMessageStore(directory),
    preferences: new InMemoryPreferenceStore(),
    digests: new InMemoryDigestStore(),
    directory,
    crnLinks: new InMemoryCrnLinks<ParkableParts>(),
    links: new PortalLinks('https://portal.example'),
    channel: new OutboxChannel(outbox),
    publisher,
    retryDelaysMs: [],
    sleep: async () => undefined,
    clock,
  }
  return { deps, outbox, publisher, clock }
}
