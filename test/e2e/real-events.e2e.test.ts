/**
 * The upstream events as the real producers publish them today (packages/contracts/test/fixtures/real, upstream.md
 * §1.2/§1.3), published on the local bus through the local runtime: each one reaches the functions that listen to
 * it and is handled there. None is dead-lettered, by a service's dead-letter store or by a function's SQS
 * dead-letter queue.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { EVENT_CATALOGUE, isUpstreamEventType } from '@omic/contracts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchesPattern } from '../../local/src/eventbridge/event-pattern'
import { type LocalCloud, REPO_ROOT, startLocalCloud } from '../../local/src/runtime/local-cloud'
import { api, type Json, publish } from '../helpers/local-cloud-client'

const realDir = join(REPO_ROOT, 'packages', 'contracts', 'test', 'fixtures', 'real')
const SERVICES = ['tiering', 'allocation', 'handover', 'notifications'] as const

const fixtures = readdirSync(realDir)
  .filter(name => name.endsWith('.json'))
  .sort()
  .map(name => ({ name, detail: JSON.parse(readFileSync(join(realDir, name), 'utf8')) as Json }))

function sourceOf(detail: Json): string {
  const eventType = detail.eventType
  if (!isUpstreamEventType(eventType)) throw new Error(`${String(eventType)} is not an upstream event type`)
  return EVENT_CATALOGUE[eventType].source
}

let cloud: LocalCloud
let admin: string
/** What each fixture did on the bus: its event id, the functions whose rules match it, and the counter deltas. */
const published: {
  name: string
  eventId: string
  targets: string[]
  delivered: number
  failedAttempts: number
  deadLettered: number
}[] = []

beforeAll(async () => {
  cloud = await startLocalCloud({ retryDelaysMs: [10, 20], schedules: false, stateDir: '.local/real-events-e2e' })
  admin = await cloud.issuer.issue({ sub: 'admin-real-events', roles: ['ADMIN'], prisons: ['*'], pdus: ['*'] })
  for (const { name, detail } of fixtures) {
    const source = sourceOf(detail)
    const targets = cloud.model.rules
      .filter(
        rule =>
          rule.busName === 'omic' &&
          matchesPattern(rule.pattern, { source, 'detail-type': String(detail.eventType), detail }),
      )
      .flatMap(rule => rule.targets.map(t => t.functionId))
    const before = { ...cloud.bus.counters }
    const eventId = await publish(cloud, source, detail)
    const after = cloud.bus.counters
    published.push({
      name,
      eventId,
      targets,
      delivered: after.delivered - before.delivered,
      failedAttempts: after.failedAttempts - before.failedAttempts,
      deadLettered: after.deadLettered - before.deadLettered,
    })
  }
})
afterAll(() => cloud?.stop())

describe('real HMPPS events on the local bus are handled, never dead-lettered', () => {
  it('publishes every real fixture', () => {
    expect(fixtures.length).toBeGreaterThan(30)
    expect(published.map(p => p.name)).toEqual(fixtures.map(f => f.name))
  })

  it.each(fixtures.map(f => f.name))(
    '%s is delivered to every function whose rule matches it, each at the first attempt',
    name => {
      const p = published.find(x => x.name === name)
      expect(p?.targets.length, `${name}: no rule on the omic bus routes it`).toBeGreaterThan(0)
      expect(p, name).toMatchObject({ failedAttempts: 0, deadLettered: 0, delivered: p?.targets.length })
    },
  )

  it.each(SERVICES)('no real event is in the %s dead-letter store', async service => {
    const r = await api(cloud, 'GET', `/admin/${service}/dead-letters?limit=500`, admin)
    expect(r.status).toBe(200)
    const ids = new Set(published.map(p => p.eventId))
    const letters = (r.body.deadLetters as Json[]).filter(l => ids.has(String(l.eventId)))
    const named = letters.map(l => ({
      fixture: published.find(p => p.eventId === l.eventId)?.name,
      errors: l.errors,
    }))
    expect(named, `${service} dead-lettered real events`).toEqual([])
  })

  it('leaves every SQS dead-letter queue of the functions empty', () => {
    expect(cloud.queues.list().filter(q => q.messages.length > 0)).toEqual([])
    expect(cloud.queues.count()).toBe(0)
  })
})
