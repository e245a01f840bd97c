/**
 * Chaos: the same estate must end in the same read models however its events arrive.
 *
 * 1. A demo estate (upstream events only, no SPO allocations) is published in order into a fresh local cloud: each
 *    prisoner's events one after another, every event handled (the runtime's idle barrier) before that prisoner's
 *    next; prisoners side by side (their events do not touch each other's cases). Its upstream events (sources
 *    `hmpps.*`) are captured from the bus history and every read model is digested through the HTTP API.
 * 2. The captured events are replayed into another fresh local cloud, shuffled with a seeded PRNG, with ~10%
 *    duplicates (half redelivered with the same event id, as EventBridge may; half published again with a new id,
 *    as an upstream system may), with DynamoDB Local paused for longer than a function timeout, and with a
 *    worker of the allocation and of the handover event handler killed in the middle of a handler.
 * 3. The digests must be equal and every dead-letter queue empty, with no manual redrive.
 *
 * Reproduce a failure with `CHAOS_SEED=<seed printed below> npx vitest run test/e2e/chaos.e2e.test.ts`.
 * What the digest normalises, and why, is written in test/chaos/read-models.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { londonDateOf } from '@omic/domain'
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { localEventBridgeClient, publishAll } from '../../local/src/cli/publish'
import { type GeneratedPrisoner, generatePrisoners } from '../../local/src/demo/estate'
import { Rng } from '../../local/src/demo/prng'
import type { BusEvent } from '../../local/src/runtime/event-bus'
import type { InvocationOutcome, KilledInvocation } from '../../local/src/runtime/function-host'
import { type LocalCloud, REPO_ROOT, startLocalCloud } from '../../local/src/runtime/local-cloud'
import { synthesizeTemplate } from '../../local/src/runtime/synth'
import type { CfnTemplate } from '../../local/src/runtime/template'
import { compareDigests, type Digest, describeDiffs, digestReadModels, type Subjects } from '../chaos/read-models'
import { planReplay, type ReplayStep } from '../chaos/replay-plan'

const SEED = Number(process.env.CHAOS_SEED ?? 20_261_204)
const PRISONERS = Number(process.env.CHAOS_PRISONERS ?? 24)
const DUPLICATE_SHARE = 0.1
const BUS = 'omic'
const REPORT_DIR = join(REPO_ROOT, '.local', 'chaos')

const today = londonDateOf(new Date())
let template: CfnTemplate
let estate: GeneratedPrisoner[]
let subjects: Subjects

async function startCloud(name: string): Promise<{ cloud: LocalCloud; token: string }> {
  const cloud = await startLocalCloud({ template, schedules: false, stateDir: join('.local', `test-chaos-${name}`) })
  const token = await cloud.issuer.issue({ sub: 'chaos-admin', roles: ['ADMIN'], prisons: ['*'], pdus: ['*'] })
  return { cloud, token }
}

/** The runtime's idle barrier: returns once every delivery, with its retries, has been handled. */
async function idle(cloud: LocalCloud): Promise<void> {
  const res = await fetch(`${cloud.apiUrl}/_local/idle`, { method: 'POST' })
  expect(res.status).toBe(200)
}

const DeadLetterQueues = z.array(
  z.object({ queue: z.string(), messages: z.array(z.object({ attributes: z.record(z.string(), z.string()) })) }),
)
async function deadLetters(cloud: LocalCloud): Promise<{ queue: string; errors: string[] }[]> {
  const res = await fetch(`${cloud.apiUrl}/_local/dead-letter-queues`)
  return DeadLetterQueues.parse(await res.json())
    .filter(q => q.messages.length > 0)
    .map(q => ({
      queue: q.queue,
      errors: q.messages.map(m => `${m.attributes.ErrorCode}: ${m.attributes.ErrorMessage}`),
    }))
}

function save(name: string, value: unknown): void {
  mkdirSync(REPORT_DIR, { recursive: true })
  writeFileSync(join(REPORT_DIR, name), `${JSON.stringify(value, null, 2)}\n`)
}

const digestJson = (d: Digest) => Object.fromEntries(d)

let baseline: { events: BusEvent[]; digest: Digest }
/** Timestamps from here on are processing times, in both runs (the replay keeps the captured events' times). */
let runStartedAt: number

beforeAll(() => {
  template = synthesizeTemplate()
  estate = [...generatePrisoners({ prisoners: PRISONERS, seed: SEED, today })]
  const unique = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))].sort()
  subjects = {
    nomsNumbers: estate.map(p => p.prisoner.nomsNumber),
    crns: unique(estate.map(p => p.prisoner.crn)),
    prisonIds: unique(estate.map(p => p.prisoner.prisonId)),
    pduCodes: unique(estate.map(p => p.prisoner.pduCode)),
  }
  console.log(
    `chaos: seed ${SEED} (CHAOS_SEED to reproduce), ${PRISONERS} prisoners, ` +
      `${estate.reduce((n, p) => n + p.events.length, 0)} upstream events, today ${today}`,
  )
}, 60_000)

describe('chaos: shuffled, duplicated, paused and killed', () => {
  it('seeds the estate in order, captures its upstream events and digests every read model', async () => {
    const startedAt = Date.now()
    runStartedAt = startedAt
    const { cloud, token } = await startCloud('in-order')
    try {
      const client = localEventBridgeClient(cloud.busUrl)
      const waves = Math.max(...estate.map(p => p.events.length))
      for (let k = 0; k < waves; k++) {
        const wave = estate.flatMap(p => p.events.slice(k, k + 1))
        await publishAll(client, BUS, wave)
        await idle(cloud)
      }
      client.destroy()
      const events = cloud.bus.recent().filter(e => e.source.startsWith('hmpps.'))
      expect(events.length).toBe(estate.reduce((n, p) => n + p.events.length, 0))
      expect(await deadLetters(cloud)).toEqual([])
      const digest = await digestReadModels(cloud.apiUrl, token, subjects, runStartedAt)
      baseline = { events, digest }
      save('in-order.json', digestJson(digest))
      console.log(`chaos: in-order run and digest (${digest.size} reads) in ${Date.now() - startedAt} ms`)
    } finally {
      await cloud.stop()
    }
  }, 180_000)

  it('replays them shuffled, with duplicates, DynamoDB paused and workers killed: same read models, no dead letters', async () => {
    expect(baseline, 'the in-order run').toBeDefined()
    const startedAt = Date.now()
    const steps = planReplay(baseline.events, new Rng(SEED), DUPLICATE_SHARE)
    const counts = (kind: ReplayStep['kind']) => steps.filter(s => s.kind === kind).length
    console.log(
      `chaos: replaying ${counts('original')} events, ${counts('redelivery')} redelivered (same id), ` +
        `${counts('republish')} published again (new id)`,
    )
    const { cloud, token } = await startCloud('replay')
    const outcomes: InvocationOutcome[] = []
    const unsubscribe = cloud.host.onInvocation(o => outcomes.push(o))
    try {
      const client = localEventBridgeClient(cloud.busUrl)
      const send = async (part: readonly ReplayStep[]) => {
        const republished = part.filter(s => s.kind === 'republish')
        for (const s of part) if (s.kind !== 'republish') cloud.bus.redeliver(BUS, s.event)
        await publishAll(
          client,
          BUS,
          republished.map(s => ({
            source: s.event.source,
            detailType: s.event['detail-type'],
            detail: s.event.detail,
          })),
        )
      }
      const first = steps.slice(0, Math.floor(steps.length * 0.4))
      const second = steps.slice(first.length, Math.floor(steps.length * 0.7))
      const third = steps.slice(first.length + second.length)

      // 1. a burst, and DynamoDB paused under it until a first attempt of a 15-second function has timed out
      const shortest = Math.min(
        ...[...cloud.model.functions.values()]
          .filter(f => /OnCaseEvent/.test(f.logicalId))
          .map(f => f.timeoutSeconds * 1000),
      )
      const timedOut = (o: InvocationOutcome) => !o.ok && o.durationMs >= shortest - 100
      const firstTimeout = cloud.host.nextInvocation(timedOut)
      const pausedAt = Date.now()
      await cloud.faults.withDynamoDbPaused(
        async () => {
          await send(first)
          const bounded = new Promise<undefined>(resolve =>
            setTimeout(() => resolve(undefined), shortest + 20_000).unref(),
          )
          return Promise.race([firstTimeout, bounded])
        },
        { maxMs: shortest + 30_000 },
      )
      const pausedMs = Date.now() - pausedAt

      // 2. a worker of each 15-second event handler killed in the middle of a handler
      const kills = ['AllocationOnCaseEvent', 'HandoverOnCaseEvent'].map(fn => cloud.faults.killDuring(fn))
      await send(second)
      // 3. the rest
      await send(third)
      client.destroy()
      await idle(cloud)
      const killed = (await Promise.all(kills)).filter((k): k is KilledInvocation => k !== undefined)

      const dead = await deadLetters(cloud)
      const digest = await digestReadModels(cloud.apiUrl, token, subjects, runStartedAt)
      save('replay.json', digestJson(digest))
      const diffs = compareDigests(baseline.digest, digest)
      save('diff.json', diffs)
      const failures = outcomes.filter(o => !o.ok)
      console.log(
        [
          `chaos: replay in ${Date.now() - startedAt} ms; DynamoDB paused ${pausedMs} ms`,
          `  failed attempts: ${failures.length} (${[...new Set(failures.map(f => f.errorName))].join(', ')}),`,
          `  timed out: ${outcomes.filter(timedOut).length}; killed: ${killed.map(k => `${k.functionId} after ${k.requestsMade} requests (${k.phase})`).join('; ')}`,
          `  dead-letter queues: ${dead.length ? JSON.stringify(dead).slice(0, 2000) : 'empty'}`,
          describeDiffs(diffs),
          `  (full digests and diff in ${REPORT_DIR})`,
        ].join('\n'),
      )

      // the faults did happen
      expect(pausedMs).toBeGreaterThanOrEqual(shortest)
      expect(outcomes.filter(timedOut).length, 'a first attempt timed out').toBeGreaterThan(0)
      expect(killed.map(k => k.functionId).sort()).toEqual(
        ['AllocationOnCaseEvent', 'HandoverOnCaseEvent'].map(p => cloud.host.resolve(p)).sort(),
      )
      // and the system came out of them as it would have without them
      expect(dead, 'every dead-letter queue empty').toEqual([])
      expect(diffs.length, describeDiffs(diffs)).toBe(0)
    } finally {
      unsubscribe()
      await cloud.stop()
    }
  }, 300_000)
})
