import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge'

export interface UpstreamEventToPublish {
  source: string
  detailType: string
  detail: unknown
}

export function localEventBridgeClient(busUrl: string): EventBridgeClient {
  return new EventBridgeClient({
    endpoint: busUrl,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
}

/**
 * Publishes events through the bus with the AWS SDK (PutEvents, ten per call, a few calls in flight), the same
 * way an upstream system would. Throws if the bus rejects any entry.
 */
export async function publishAll(
  client: EventBridgeClient,
  busName: string,
  events: Iterable<UpstreamEventToPublish>,
  options: { concurrency?: number; onProgress?: (published: number) => void } = {},
): Promise<number> {
  const concurrency = options.concurrency ?? 4
  let published = 0
  const inFlight = new Set<Promise<void>>()
  let batch: PutEventsRequestEntry[] = []
  const flush = async (entries: PutEventsRequestEntry[]) => {
    const out = await client.send(new PutEventsCommand({ Entries: entries }))
    if ((out.FailedEntryCount ?? 0) > 0) {
      const first = out.Entries?.find(e => e.ErrorCode)
      throw new Error(`The bus rejected ${out.FailedEntryCount} event(s): ${first?.ErrorCode} ${first?.ErrorMessage}`)
    }
    published += entries.length
    options.onProgress?.(published)
  }
  const submit = async (entries: PutEventsRequestEntry[]) => {
    const p = flush(entries).finally(() => inFlight.delete(p))
    inFlight.add(p)
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  for (const e of events) {
    batch.push({ EventBusName: busName, Source: e.source, DetailType: e.detailType, Detail: JSON.stringify(e.detail) })
    if (batch.length === 10) {
      await submit(batch)
      batch = []
    }
  }
  if (batch.length) await submit(batch)
  await Promise.all(inFlight)
  return published
}
