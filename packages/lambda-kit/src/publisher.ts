import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'
import { type Envelope, EVENT_CATALOGUE, sourcesOf } from '@omic/contracts'
import { requireEnv } from './env'

/** What a service says happened; the publisher wraps it in the HMPPS envelope (events.md §1). */
export interface OutgoingEvent {
  eventType: string
  occurredAt: string
  additionalInformation: Record<string, unknown>
  identifiers?: { noms?: string | null; crn?: string | null }
  description?: string
  version?: number
}

export function toEnvelope(event: OutgoingEvent): Envelope {
  const identifiers: { type: 'NOMS' | 'CRN'; value: string }[] = []
  if (event.identifiers?.noms) identifiers.push({ type: 'NOMS', value: event.identifiers.noms })
  if (event.identifiers?.crn) identifiers.push({ type: 'CRN', value: event.identifiers.crn })
  return {
    eventType: event.eventType,
    version: event.version ?? 1,
    occurredAt: event.occurredAt,
    ...(event.description ? { description: event.description } : {}),
    ...(identifiers.length ? { personReference: { identifiers } } : {}),
    additionalInformation: event.additionalInformation,
  } as Envelope
}

export class PublishError extends Error {
  constructor(
    message: string,
    readonly failed: readonly { eventType: string; code?: string }[],
  ) {
    super(message)
    this.name = 'PublishError'
  }
}

/**
 * The contract check every publisher makes before an event leaves: the type is in the event catalogue, this source
 * may publish it, and the envelope satisfies the type's schema (a ZodError names the failing fields). A bug here
 * must never reach consumers, and an event type nobody declared is an error, not a skip.
 */
export function catalogueValidator(source: string): (envelope: Envelope) => void {
  return envelope => {
    const type = envelope.eventType
    if (!Object.hasOwn(EVENT_CATALOGUE, type)) throw new Error(`No contract for event type ${type}`)
    const known = type as keyof typeof EVENT_CATALOGUE
    if (!sourcesOf(known).includes(source)) throw new Error(`${source} does not publish ${type}`)
    EVENT_CATALOGUE[known].schema.parse(envelope)
  }
}

/**
 * Publishes a service's events to the bus with its own `source` (`omic.<service>`), ten per call, each checked
 * against its contract first ({@link catalogueValidator}), and fails loudly when EventBridge rejects any entry
 * (FailedEntryCount), so the caller's retry covers it.
 */
export class EventPublisher {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly source: string,
    private readonly validate: (envelope: Envelope) => void = catalogueValidator(source),
  ) {}

  /** The service's publisher: bus and source from `EVENT_BUS_NAME` and `EVENT_SOURCE` (infra sets both). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): EventPublisher {
    const endpoint = env.AWS_ENDPOINT_URL_EVENTBRIDGE
    const client = new EventBridgeClient({ ...(endpoint ? { endpoint } : {}), region: env.AWS_REGION ?? 'eu-west-2' })
    return new EventPublisher(client, requireEnv('EVENT_BUS_NAME', env), requireEnv('EVENT_SOURCE', env))
  }

  /** Checks every event first (one invalid event sends none), then sends them ten per call. */
  async publish(events: readonly OutgoingEvent[]): Promise<void> {
    const all: PutEventsRequestEntry[] = events.map(e => {
      const envelope = toEnvelope(e)
      this.validate(envelope)
      return {
        EventBusName: this.busName,
        Source: this.source,
        DetailType: e.eventType,
        Detail: JSON.stringify(envelope),
      }
    })
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10)
      const entries = all.slice(i, i + 10)
      const out = await this.client.send(new PutEventsCommand({ Entries: entries }))
      if ((out.FailedEntryCount ?? 0) > 0) {
        const failed = (out.Entries ?? [])
          .map((r, j) => ({ eventType: batch[j]?.eventType ?? '?', code: r.ErrorCode }))
          .filter((_, j) => out.Entries?.[j]?.ErrorCode)
        throw new PublishError(`EventBridge rejected ${out.FailedEntryCount} event(s)`, failed)
      }
    }
  }
}
