/**
 * Fault injection in the local runtime, through the real local cloud: a function that exceeds its timeout (DynamoDB
 * Local paused for longer than it) and a function whose worker is killed in the middle of its handler are each
 * ended and retried with the same event, as Lambda does, and the retry completes: the read model is right through
 * the HTTP API and no dead-letter queue holds anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { received } from '../../../services/handover/test/support/events'
import { type Json, publish as publishEvent } from '../../../test/helpers/local-cloud-client'
import type { InvocationOutcome } from '../../src/runtime/function-host'
import { type LocalCloud, startLocalCloud } from '../../src/runtime/local-cloud'

let cloud: LocalCloud
let token: string

/** A prisoner received at LEI, named Dami <lastName> (the handover tests' builder), with no release date yet. */
const prisonerReceived = (noms: string, occurredAt: string, lastName: string) =>
  received(noms, occurredAt, {
    firstName: 'Dami',
    lastName,
    dateOfBirth: '1988-04-09',
    gender: 'Male',
    sentenceStartDate: '2026-01-10',
    conditionalReleaseDate: '2028-03-01',
    releaseDate: undefined,
  })

/** Publishes as an upstream system does, without waiting: the faults act while it is handled. */
const publish = (detail: Json): Promise<string> => publishEvent(cloud, 'hmpps.prison', detail, { untilIdle: false })

async function local(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${cloud.apiUrl}/_local/${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  })
  expect(res.status, `${method} /_local/${path}`).toBeLessThan(300)
  return res.json()
}

/** The runtime's idle barrier: every delivery, with its retries, has been handled. */
const idle = () => local('POST', 'idle')

const DeadLetterQueues = z.array(
  z.object({ queue: z.string(), messages: z.array(z.object({ attributes: z.record(z.string(), z.string()) })) }),
)
async function deadLetters(): Promise<{ queue: string; errors: string[] }[]> {
  return DeadLetterQueues.parse(await local('GET', 'dead-letter-queues'))
    .filter(q => q.messages.length > 0)
    .map(q => ({
      queue: q.queue,
      errors: q.messages.map(m => `${m.attributes.ErrorCode}: ${m.attributes.ErrorMessage}`),
    }))
}

const CaseView = z.object({ nomsNumber: z.string(), prisonId: z.string(), name: z.string() }).loose()
const HandoverView = z.object({ nomsNumber: z.string() }).loose()

async function api<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(`${cloud.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const text = await res.text()
  expect(res.status, `GET ${path}: ${text.slice(0, 300)}`).toBe(200)
  return schema.parse(JSON.parse(text))
}

function functionId(prefix: string): string {
  return cloud.host.resolve(prefix)
}

/** Every invocation outcome of these functions from now on. */
function record(functionIds: readonly string[]): { outcomes: InvocationOutcome[]; stop(): void } {
  const outcomes: InvocationOutcome[] = []
  const stop = cloud.host.onInvocation(o => {
    if (functionIds.includes(o.functionId)) outcomes.push(o)
  })
  return { outcomes, stop }
}

beforeAll(async () => {
  // the runtime's default retry delays (Lambda waits about 1 and 2 minutes)
  cloud = await startLocalCloud({ schedules: false, stateDir: '.local/test-faults' })
  token = await cloud.issuer.issue({ sub: 'faults-admin', roles: ['ADMIN'], prisons: ['*'], pdus: ['*'] })
}, 120_000)
afterAll(() => cloud?.stop())

describe('fault injection in the local runtime', () => {
  it('a pause of DynamoDB Local always ends: it resumes by itself after its longest time', async () => {
    cloud.faults.pauseDynamoDb({ maxMs: 300 })
    expect(cloud.faults.status().dynamoDb.paused).toBe(true)
    const started = Date.now()
    const health = await fetch(`${cloud.dynamoEndpoint}/`, { method: 'POST', body: '{}' })
    expect(health.status).toBeGreaterThanOrEqual(400) // DynamoDB answered (a request without a target), once resumed
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect(cloud.faults.dynamoDbPaused).toBe(false)
  })

  it('a timed-out invocation is ended, retried with the same event, and completes on retry', async () => {
    const allocation = functionId('AllocationOnCaseEvent')
    const handover = functionId('HandoverOnCaseEvent')
    const timeoutMs = (cloud.model.functions.get(allocation)?.timeoutSeconds ?? 15) * 1000
    const seen = record([allocation, handover])
    // Ended at its timeout: by the runtime (Sandbox.Timedout), or by the handler itself just before (middy's
    // TimeoutError, timeoutEarlyInMillis), as on AWS
    const timedOut = (o: InvocationOutcome) => !o.ok && o.durationMs >= timeoutMs - 100
    const bothTimedOut = Promise.all(
      [allocation, handover].map(fn => cloud.host.nextInvocation(o => o.functionId === fn && timedOut(o))),
    )
    // paused until each first attempt has run past its timeout (bounded, and resumed in a finally)
    await cloud.faults.withDynamoDbPaused(
      async () => {
        await publish(prisonerReceived('G4822KT', '2026-11-23T10:00:00Z', 'Timed-Out'))
        const bounded = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('no first attempt timed out')), timeoutMs + 20_000).unref(),
        )
        return Promise.race([bothTimedOut, bounded])
      },
      { maxMs: timeoutMs + 30_000 },
    )
    await idle()
    seen.stop()

    for (const fn of [allocation, handover]) {
      const attempts = seen.outcomes.filter(o => o.functionId === fn)
      expect(attempts[0] && timedOut(attempts[0]), JSON.stringify(attempts)).toBe(true)
      expect(['Sandbox.Timedout', 'TimeoutError']).toContain(attempts[0]?.errorName)
      expect(attempts.at(-1)?.ok, JSON.stringify(attempts)).toBe(true)
    }
    const view = await api('/cases/G4822KT', CaseView)
    expect(view).toMatchObject({ prisonId: 'LEI', name: 'Dami Timed-Out' })
    expect((await api('/handovers/G4822KT', HandoverView)).nomsNumber).toBe('G4822KT')
    expect(await deadLetters()).toEqual([])
  }, 90_000)

  it('a worker killed in the middle of a handler fails as Runtime.ExitError, and the retry completes', async () => {
    const allocation = functionId('AllocationOnCaseEvent')
    const coldStarts = cloud.host.stats().find(f => f.functionId === allocation)?.coldStarts ?? 0
    const seen = record([allocation])
    // through the local endpoint, as a developer would
    expect(await local('POST', 'faults/functions/AllocationOnCaseEvent/kill-during', { afterRequests: 2 })).toEqual({
      armed: allocation,
    })
    await publish(prisonerReceived('G4823KT', '2026-11-23T10:00:00Z', 'Killed'))
    await idle()
    seen.stop()

    const status = z
      .object({
        armedKills: z.array(z.string()),
        kills: z.array(
          z.object({ functionId: z.string(), requestId: z.string(), requestsMade: z.number(), phase: z.string() }),
        ),
      })
      .parse(await local('GET', 'faults'))
    expect(status.armedKills).toEqual([])
    const killed = status.kills.at(-1)
    expect(killed).toMatchObject({ functionId: allocation, requestsMade: 2, phase: 'mid-handler' })
    const [first, ...retries] = seen.outcomes
    expect(first).toMatchObject({ requestId: killed?.requestId, ok: false, errorName: 'Runtime.ExitError' })
    expect(first?.errorMessage).toContain('Runtime exited with error: signal: killed')
    expect(retries.at(-1)?.ok, JSON.stringify(seen.outcomes)).toBe(true)
    // the kill ran on a worker of its own: at least that one was a cold start
    expect(cloud.host.stats().find(f => f.functionId === allocation)?.coldStarts).toBeGreaterThan(coldStarts)

    expect(await api('/cases/G4823KT', CaseView)).toMatchObject({ prisonId: 'LEI', name: 'Dami Killed' })
    expect(await deadLetters()).toEqual([])
  }, 90_000)
})
