import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { createDocumentClient, DeadLetterStore } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { settled } from '../../../test/helpers/local-cloud-client'
import { localEventBridgeClient } from '../../src/cli/publish'
import { type LocalCloud, startLocalCloud } from '../../src/runtime/local-cloud'
import { PortInUseError, reservePort } from '../../src/runtime/ports'
import { synthesizeTemplate } from '../../src/runtime/synth'

let cloud: LocalCloud
let token: string

const NOMS = 'G4821KT'
function prisonerReceived(occurredAt: string, prisonId: string, lastName = 'Okafor') {
  return {
    eventType: 'prisoner-offender-search.prisoner.received',
    version: 1,
    occurredAt,
    personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
    additionalInformation: {
      reason: 'ADMISSION',
      prisonId,
      snapshot: {
        nomsNumber: NOMS,
        firstName: 'Dami',
        lastName,
        dateOfBirth: '1988-04-09',
        gender: 'Male',
        prisonId,
        status: 'ACTIVE IN',
        legalStatus: 'SENTENCED',
        imprisonmentStatus: 'SENT03',
        sentenceStartDate: '2026-01-10',
        conditionalReleaseDate: '2028-03-01',
      },
    },
  }
}

async function putEvent(source: string, detail: Record<string, unknown>): Promise<void> {
  const client = localEventBridgeClient(cloud.busUrl)
  const out = await client.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'omic', Source: source, DetailType: String(detail.eventType), Detail: JSON.stringify(detail) },
      ],
    }),
  )
  client.destroy()
  expect(out.FailedEntryCount).toBe(0)
}

async function getJson(path: string, bearer = token): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

beforeAll(async () => {
  cloud = await startLocalCloud({ retryDelaysMs: [10, 20], schedules: false, stateDir: '.local/test-cloud' })
  token = await cloud.issuer.issue({ sub: 'test-spo', roles: ['SPO'], prisons: ['LEI'] })
})
afterAll(() => cloud?.stop())

describe('the local cloud', () => {
  it('runs what the template defines: tables, functions, routes, rules and schedules', () => {
    const template = synthesizeTemplate()
    const count = (type: string) => Object.values(template.Resources).filter(r => r.Type === type).length
    expect(cloud.model.tables.length).toBe(count('AWS::DynamoDB::GlobalTable'))
    expect(cloud.model.functions.size).toBe(count('AWS::Lambda::Function'))
    expect(cloud.model.routes.length).toBe(count('AWS::ApiGatewayV2::Route'))
    expect(cloud.model.rules.length).toBe(count('AWS::Events::Rule'))
    expect(cloud.model.schedules.length).toBe(count('AWS::Scheduler::Schedule'))
    expect(cloud.model.routes.map(r => r.routeKey)).toContain('GET /cases/{nomsNumber}')
    expect(new Set(cloud.model.schedules.map(s => s.timezone))).toEqual(new Set(['Europe/London']))
  })

  it('gives each function exactly its own environment from the template, Ref/GetAtt resolved', () => {
    const fns = [...cloud.model.functions.values()]
    const tiering = fns.find(f => f.logicalId.startsWith('TieringOnCaseEvent'))
    const handover = fns.find(f => f.logicalId.startsWith('HandoverOnCaseEvent'))
    expect(tiering?.environment.TABLE_NAME).toMatch(/^TieringStateTable/)
    expect(handover?.environment.TABLE_NAME).toMatch(/^HandoverStateTable/)
    expect(tiering?.environment.EVENT_BUS_NAME).toBe('omic')
    expect(tiering?.environment.EVENT_SOURCE).toBe('omic.tiering')
  })

  it('shows an upstream event’s effect through the HTTP API once its deliveries have finished', async () => {
    // how fast is the platform bench's business (npm run bench:platform), not a timed test's
    await putEvent('hmpps.prison', prisonerReceived('2026-11-23T10:00:00Z', 'LEI'))
    const body = await settled(cloud, async () => {
      const r = await getJson(`/cases/${NOMS}`)
      return r.status === 200 ? r.body : undefined
    })
    expect(body.prisonId).toBe('LEI')
    expect(body.name).toBe('Dami Okafor')
    await putEvent('hmpps.prison', prisonerReceived('2026-11-23T11:00:00Z', 'LEI', 'Okafor-Bello'))
    await settled(cloud, async () => {
      const r = await getJson(`/cases/${NOMS}`)
      return r.body.name === 'Dami Okafor-Bello' ? true : undefined
    })
  })

  it('does not let an older snapshot overwrite a newer one', async () => {
    await putEvent('hmpps.prison', prisonerReceived('2026-11-20T10:00:00Z', 'LEI', 'Stale'))
    await cloud.bus.idle()
    expect((await getJson(`/cases/${NOMS}`)).body.name).toBe('Dami Okafor-Bello')
  })

  it('rejects a request without a valid token (401) and out-of-scope prisons (403)', async () => {
    expect((await getJson(`/cases/${NOMS}`, 'not-a-token')).status).toBe(401)
    const otherPrison = await cloud.issuer.issue({ sub: 'x', roles: ['SPO'], prisons: ['MDI'] })
    expect((await getJson('/prisons/LEI/cases', otherPrison)).status).toBe(403)
    expect((await getJson('/prisons/LEI/cases')).status).toBe(200)
  })

  it('answers CORS preflights from the API’s CorsConfiguration', async () => {
    const res = await fetch(`${cloud.apiUrl}/cases/${NOMS}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://portal.local', 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization')
  })

  it('answers 400 with the field and reason for a bad path parameter', async () => {
    const r = await getJson('/cases/not-a-noms')
    expect(r.status).toBe(400)
    expect((r.body.errors as { field: string }[])[0]?.field).toBe('path.nomsNumber')
  })

  it('puts an invalid upstream event in the service’s dead-letter store, not on the floor', async () => {
    const bad = prisonerReceived('2026-11-23T12:00:00Z', 'LEI')
    ;(bad.additionalInformation.snapshot as Record<string, unknown>).dateOfBirth = '1988-02-30'
    await putEvent('hmpps.prison', bad)
    await cloud.bus.idle()
    expect(cloud.bus.counters.deadLettered).toBe(0) // invalid ≠ failed: it is stored, not retried
    const table = cloud.model.tables.find(t => t.logicalId.startsWith('AllocationDeadLetterTable'))?.tableName ?? ''
    const client = createDocumentClient({ endpoint: cloud.dynamoEndpoint })
    const letters = await new DeadLetterStore(client, table).list()
    const letter = letters.find(l => l.detailType === 'prisoner-offender-search.prisoner.received')
    expect(letter?.errors).toEqual([
      { field: 'detail.additionalInformation.snapshot.dateOfBirth', reason: expect.stringContaining('calendar date') },
    ])
  })

  it('retries a failing asynchronous invocation twice, then sends it to the function’s dead-letter queue', async () => {
    const fn = [...cloud.model.functions.values()].find(f => f.logicalId.startsWith('AllocationOnCaseEvent'))
    expect(fn?.deadLetterQueue).toBeDefined()
    const before = cloud.bus.counters.failedAttempts
    // a direct asynchronous invoke with an event the handler cannot process (no detail-type)
    cloud.bus.invokeAsync(fn?.logicalId ?? '', { id: 'broken', detail: null }, 'test')
    await cloud.bus.idle()
    expect(cloud.bus.counters.failedAttempts - before).toBe(3)
    const dlq = cloud.queues.list(fn?.deadLetterQueue)[0]
    expect(dlq?.messages.at(-1)?.attributes.ErrorMessage).toBeDefined()
  })

  it('runs a schedule on demand', async () => {
    const schedule = cloud.model.schedules[0]
    expect(cloud.scheduler.run(schedule?.logicalId ?? '')).toBe(true)
    await cloud.bus.idle()
    expect(cloud.scheduler.list().find(s => s.logicalId === schedule?.logicalId)?.runs).toBe(1)
  })

  it('fails with a clear error when a port is taken', async () => {
    const port = Number(new URL(cloud.apiUrl).port)
    await expect(reservePort(port, 'HTTP API')).rejects.toBeInstanceOf(PortInUseError)
  })
})
