/** What tests do against a running local cloud: publish upstream events, call the HTTP API, wait for it to settle. */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { expect } from 'vitest'
import { localEventBridgeClient } from '../../local/src/cli/publish'
import type { LocalCloud } from '../../local/src/runtime/local-cloud'

export type Json = Record<string, unknown>

/**
 * Puts one event on the `omic` bus (detail-type = its `eventType`) and, unless `untilIdle` is false (a test that
 * injects faults while it is handled), waits until every delivery has finished. Returns the event id.
 */
export async function publish(
  cloud: LocalCloud,
  source: string,
  detail: Json,
  options: { untilIdle?: boolean } = {},
): Promise<string> {
  const client = localEventBridgeClient(cloud.busUrl)
  try {
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'omic',
            Source: source,
            DetailType: String(detail.eventType),
            Detail: JSON.stringify(detail),
          },
        ],
      }),
    )
    expect(out.FailedEntryCount).toBe(0)
    if (options.untilIdle !== false) await cloud.bus.idle()
    return out.Entries?.[0]?.EventId ?? ''
  } finally {
    client.destroy()
  }
}

export interface ApiAnswer {
  status: number
  body: Json
  text: string
  headers: Headers
}

/** One HTTP API call with a bearer token; a JSON body is parsed (anything else is left in `text`). */
export async function api(
  cloud: LocalCloud,
  method: string,
  path: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const res = await fetch(`${cloud.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  let parsed: Json = {}
  try {
    parsed = JSON.parse(text) as Json
  } catch {
    // not JSON (CSV, empty)
  }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

/**
 * Waits on the runtime's idle barrier (every delivery, retry and scheduled run finished) until `probe` sees what it
 * waits for: no clock, so a loaded machine only makes it slower. Work that starts more work (a recalculation's
 * segments) settles in a few rounds; a probe still unmet once nothing is running fails at once.
 */
export async function settled<T>(cloud: LocalCloud, probe: () => Promise<T | undefined>, rounds = 20): Promise<T> {
  for (let round = 0; round < rounds; round++) {
    await cloud.bus.idle()
    const value = await probe()
    if (value !== undefined) return value
    await new Promise(resolve => setImmediate(resolve))
  }
  throw new Error(`not settled after ${rounds} rounds of the idle barrier`)
}
