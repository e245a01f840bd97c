/**
 * The operators' dead-letter routes end to end through the local runtime: an invalid or implausible upstream event
 * is kept by every service that listens to it, with the field and reason; an ADMIN lists them per service and
 * redrives one, which goes through exactly the pipeline a delivery takes.
 */
import { createDocumentClient, DeadLetterStore } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalCloud, startLocalCloud } from '../../local/src/runtime/local-cloud'
import { received } from '../../services/handover/test/support/events'
import { api, type Json, publish } from '../helpers/local-cloud-client'

let cloud: LocalCloud
let admin: string
let spo: string

const put = (source: string, detail: Json) => publish(cloud, source, detail)
const call = (method: string, path: string, token: string) => api(cloud, method, path, token)

function deadLetterStoreOf(service: string): DeadLetterStore {
  const table = cloud.model.tables.find(t => t.logicalId.startsWith(`${service}DeadLetterTable`))
  return new DeadLetterStore(
    createDocumentClient({ endpoint: cloud.dynamoEndpoint, region: 'eu-west-2' }),
    table?.tableName ?? '',
  )
}

beforeAll(async () => {
  cloud = await startLocalCloud({ retryDelaysMs: [10, 20], schedules: false, stateDir: '.local/dead-letters-e2e' })
  admin = await cloud.issuer.issue({ sub: 'admin-e2e', roles: ['ADMIN'], prisons: ['*'], pdus: ['*'] })
  spo = await cloud.issuer.issue({ sub: 'spo-e2e', roles: ['SPO'], prisons: ['LEI'] })
})
afterAll(() => cloud?.stop())

describe('operators list and redrive dead-lettered events, per service', () => {
  let invalidId = ''

  it('keeps an invalid event in every listening service, with the field and reason', async () => {
    invalidId = await put('hmpps.prison', received('D1234AA', new Date().toISOString(), { dateOfBirth: '1990-02-30' }))
    for (const service of ['handover', 'allocation']) {
      const r = await call('GET', `/admin/${service}/dead-letters`, admin)
      expect(r.status).toBe(200)
      const letters = r.body.deadLetters as Json[]
      const letter = letters.find(l => l.eventId === invalidId)
      expect(letter).toMatchObject({
        detailType: 'prisoner-offender-search.prisoner.received',
        reason: 'invalid',
        source: 'hmpps.prison',
      })
      expect(((letter?.errors ?? []) as Json[]).map(e => e.field)).toContain(
        'detail.additionalInformation.snapshot.dateOfBirth',
      )
    }
  })

  it('dead-letters an event that says it occurred more than a day in the future (it would win every later comparison)', async () => {
    const id = await put('hmpps.prison', received('D1234AB', '2999-01-01T00:00:00Z'))
    const r = await call('GET', '/admin/handover/dead-letters', admin)
    const letter = (r.body.deadLetters as Json[]).find(l => l.eventId === id)
    expect(letter?.errors).toEqual([
      { field: 'detail.occurredAt', reason: 'must not be more than a day in the future' },
    ])
    expect((await call('GET', '/handovers/D1234AB', admin)).status).toBe(404)
  })

  it('refuses the routes to anyone but an ADMIN', async () => {
    expect((await call('GET', '/admin/handover/dead-letters', spo)).status).toBe(403)
    expect((await call('POST', `/admin/handover/dead-letters/${invalidId}/redrive`, spo)).status).toBe(403)
  })

  it('answers a redrive of a still invalid event with 422 and the reasons, and keeps it', async () => {
    const r = await call('POST', `/admin/handover/dead-letters/${invalidId}/redrive`, admin)
    expect(r.status).toBe(422)
    expect((r.body.errors as Json[]).map(e => e.field)).toContain('detail.additionalInformation.snapshot.dateOfBirth')
    const list = await call('GET', '/admin/handover/dead-letters', admin)
    expect((list.body.deadLetters as Json[]).some(l => l.eventId === invalidId)).toBe(true)
  })

  it('redrives an event that is valid now through the same pipeline, once, and removes it from the store', async () => {
    // as if the event had been refused by an older schema: the letter holds a now-valid event
    const event = received('D1234AC', new Date().toISOString())
    await deadLetterStoreOf('Handover').put({
      id: 'redrive-e2e-1',
      source: 'hmpps.prison',
      detailType: String(event.eventType),
      time: new Date().toISOString(),
      detail: event,
      errors: [{ field: 'detail', reason: 'refused by an older schema' }],
      reason: 'invalid',
      receivedAt: new Date().toISOString(),
    })
    expect((await call('GET', '/handovers/D1234AC', admin)).status).toBe(404)
    const r = await call('POST', '/admin/handover/dead-letters/redrive-e2e-1/redrive', admin)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ service: 'handover', eventId: 'redrive-e2e-1', outcome: 'handled' })
    expect((await call('GET', '/handovers/D1234AC', admin)).status).toBe(200)
    const list = await call('GET', '/admin/handover/dead-letters', admin)
    expect((list.body.deadLetters as Json[]).some(l => l.eventId === 'redrive-e2e-1')).toBe(false)
    expect((await call('POST', '/admin/handover/dead-letters/redrive-e2e-1/redrive', admin)).status).toBe(404)
  })

  it('leaves every SQS dead-letter queue empty', () => {
    expect(cloud.queues.count()).toBe(0)
  })
})
