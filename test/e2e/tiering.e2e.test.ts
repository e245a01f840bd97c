/**
 * Tiering end to end through the local runtime: registrations, convictions and an OASys assessment published on the
 * bus → `tier.calculation.complete` on the bus → the tier and its trace through `GET /tiers/{crn}`, its history and
 * one calculation; a what-if preview (and its 400s); a full recalculation on demand (ADMIN) and on the weekly
 * schedule, followed through its job.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { type DeadLetter, DeadLetterStore } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localEventBridgeClient } from '../../local/src/cli/publish'
import { type LocalCloud, startLocalCloud } from '../../local/src/runtime/local-cloud'
import {
  assessmentEnvelope,
  CONVICTIONS,
  convictionsEnvelope,
  deletionEnvelope,
  detailsEnvelope,
  REGISTRATIONS,
  registrationsEnvelope,
} from '../../services/tiering/test/support/events'
import { settled } from '../helpers/local-cloud-client'

let cloud: LocalCloud
let spo: string
let admin: string
const CRN = 'T482913'

async function put(detail: { eventType: string }): Promise<void> {
  const client = localEventBridgeClient(cloud.busUrl)
  const out = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: 'omic',
          Source: 'hmpps.probation',
          DetailType: detail.eventType,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  )
  client.destroy()
  expect(out.FailedEntryCount).toBe(0)
}

async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${cloud.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? spo}`,
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers }
}

function tierEvents(crn: string) {
  return cloud.bus
    .recent({ detailType: 'tier.calculation.complete', source: 'omic.tiering' })
    .map(e => e.detail as { additionalInformation: Record<string, unknown> })
    .filter(d => d.additionalInformation.crn === crn)
    .map(d => d.additionalInformation)
}

/** The tiering service's dead letters, read from its table in DynamoDB Local. */
async function tieringDeadLetters(): Promise<DeadLetter[]> {
  const table = cloud.model.tables.find(t => t.logicalId.startsWith('TieringDeadLetterTable'))
  if (table === undefined) throw new Error('no tiering dead-letter table in the template')
  const raw = new DynamoDBClient({
    endpoint: cloud.dynamoEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    return await new DeadLetterStore(DynamoDBDocumentClient.from(raw), table.tableName).list()
  } finally {
    raw.destroy()
  }
}

beforeAll(async () => {
  cloud = await startLocalCloud({ schedules: false, retryDelaysMs: [10, 20], stateDir: '.local/tiering-e2e' })
  spo = await cloud.issuer.issue({ sub: 'tiering-spo', roles: ['SPO'], prisons: ['LEI'], staffId: '485900' })
  admin = await cloud.issuer.issue({ sub: 'tiering-admin', roles: ['ADMIN'], prisons: ['*'], staffId: '1' })
})
afterAll(() => cloud?.stop())

describe('tiering through the local runtime', () => {
  it('tiers a case from its probation events and explains the tier', async () => {
    // Prepare + Act: registrations and the assessment wait for the convictions; then each change re-tiers
    await put(registrationsEnvelope('2026-11-20T09:00:00Z', REGISTRATIONS, CRN))
    // targets run asynchronously and concurrently: let the registrations land before the convictions trigger a tier
    await cloud.bus.idle()
    await put(convictionsEnvelope('2026-11-20T09:01:00Z', undefined, CRN))
    await settled(cloud, async () => (tierEvents(CRN).length === 1 ? true : undefined))
    await put(assessmentEnvelope('2026-11-20T09:02:00Z', undefined, CRN))
    await settled(cloud, async () => (tierEvents(CRN).length === 2 ? true : undefined))
    await cloud.bus.idle()

    // Assess: the events on the bus
    const [first, second] = tierEvents(CRN)
    expect(first).toMatchObject({ crn: CRN, version: 2, tier: 'A2', previousTier: null, changed: true })
    expect(second).toMatchObject({ crn: CRN, version: 2, tier: 'A2', previousTier: 'A2', changed: false })

    // the current tier and its trace
    const tier = await call('GET', `/tiers/${CRN}`)
    expect(tier.status).toBe(200)
    expect(tier.body).toMatchObject({ crn: CRN, version: 'v2', tier: 'A2', calculationId: second?.calculationId })
    const trace = tier.body.trace as { rule: string; explanation: string }[]
    expect(trace.map(s => s.explanation)).toContain('172 protect points, at least 150: protect level A')
    expect(trace.at(-1)?.explanation).toBe('Protect level A, change level 2: tier A2')
    expect(tier.body.v3).toMatchObject({ tier: 'C', provisional: false })
    expect(tier.body.minimumGrade).toMatchObject({ grade: 'PO' })

    // the history and one calculation
    const history = await call('GET', `/tiers/${CRN}/history`)
    const calculations = history.body.calculations as { calculationId: string; changed: boolean }[]
    expect(calculations.map(c => c.changed)).toEqual([false, true])
    const one = await call('GET', `/tiers/${CRN}/calculations/${calculations[1]?.calculationId}`)
    expect(one.status).toBe(200)
    expect(one.body).toMatchObject({
      tier: 'A2',
      trigger: { kind: 'event', eventType: 'probation-case.convictions.changed' },
    })
    expect(one.body.inputsDigest).toMatch(/^sha256:[0-9a-f]{64}$/)

    expect((await call('GET', '/tiers/X999999')).status).toBe(404)
    expect((await call('GET', '/tiers/not-a-crn')).body.errors).toEqual([
      { field: 'path.crn', reason: 'must be a CRN like X123456' },
    ])
  })

  it('previews a what-if without writing, and answers 400 with the field and reason', async () => {
    const input = {
      gender: 'Female',
      rsrScore: 7.0,
      ogrsScore: 20,
      registrations: [{ code: 'RMRH', date: '2026-01-01' }],
      convictions: [{ sentenceTypeCode: 'SC' }],
      previousEnforcementActivity: false,
      hasActiveEvent: true,
    }
    const preview = await call('POST', '/tiers/preview?today=2026-11-23', { body: input })
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ tier: 'B2', today: '2026-11-23', v3: { tier: 'MISSING' } })

    const badDate = await call('POST', '/tiers/preview', {
      body: { ...input, registrations: [{ code: 'RMRH', date: '2026-02-30' }] },
    })
    expect(badDate.status).toBe(400)
    expect(badDate.body.errors).toEqual([{ field: 'body.registrations.0.date', reason: 'is not a real calendar date' }])

    const disagreeing = await call('POST', '/tiers/preview', {
      body: {
        ...input,
        predictors: {
          arp: { score: 40, staticOrDynamic: 'DYNAMIC' },
          csrp: { score: 1, staticOrDynamic: 'DYNAMIC' },
          dcSrp: { score: 0.4, band: 'MEDIUM' },
        },
      },
    })
    expect(disagreeing.status).toBe(400)
    expect(disagreeing.body.errors).toEqual([
      { field: 'body.predictors.dcSrp.score', reason: expect.stringContaining('at least 0.60') },
    ])
  })

  it('recalculates every case on demand (ADMIN only) and on the weekly schedule, with the job visible', async () => {
    expect((await call('POST', '/tiers/recalculations', { token: spo })).status).toBe(403)

    const started = await call('POST', '/tiers/recalculations?segments=4', { token: admin })
    expect(started.status).toBe(202)
    const jobId = (started.body.job as { jobId: string }).jobId
    expect(started.headers.get('location')).toBe(`/tiers/recalculations/${jobId}`)
    const done = await settled(cloud, async () => {
      const job = await call('GET', `/tiers/recalculations/${jobId}`, { token: admin })
      return job.body.status === 'COMPLETED' ? job.body : undefined
    })
    expect(done.progress).toMatchObject({ segments: 4, segmentsDone: 4, percent: 100 })
    expect(done.totals).toMatchObject({ scanned: 1, unchanged: 1, changed: 0 })
    expect((await call('GET', `/tiers/recalculations/${jobId}`, { token: spo })).status).toBe(403)

    expect(cloud.scheduler.run('TieringWeeklyRecalculation')).toBe(true)
    const weekly = await settled(cloud, async () => {
      const ids = new Set(
        cloud.bus
          .recent({ detailType: 'tier.recalculation.segment-requested' })
          .map(e => (e.detail as { additionalInformation: { jobId: string } }).additionalInformation.jobId),
      )
      ids.delete(jobId)
      return [...ids][0]
    })
    const weeklyJob = await settled(cloud, async () => {
      const job = await call('GET', `/tiers/recalculations/${weekly}`, { token: admin })
      return job.body.status === 'COMPLETED' ? job.body : undefined
    })
    expect(weeklyJob).toMatchObject({ trigger: 'schedule', progress: { segments: 8 } })
    expect(tierEvents(CRN)).toHaveLength(2) // nothing changed: nothing written, nothing published
  })

  it('recalculates only the listed CRNs on demand, and answers 400 naming a bad one', async () => {
    const bad = await call('POST', '/tiers/recalculations', { token: admin, body: { crns: [CRN, 'T48291'] } })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toEqual([{ field: 'body.crns.1', reason: 'must be a CRN like X123456' }])

    const started = await call('POST', '/tiers/recalculations', { token: admin, body: { crns: [CRN, 'T000404'] } })
    expect(started.status).toBe(202)
    expect(started.body.job).toMatchObject({ scope: 'crns', crns: [CRN, 'T000404'] })
    const jobId = (started.body.job as { jobId: string }).jobId
    const done = await settled(cloud, async () => {
      const job = await call('GET', `/tiers/recalculations/${jobId}`, { token: admin })
      return job.body.status === 'COMPLETED' ? job.body : undefined
    })
    expect(done.progress).toMatchObject({ segments: 2, segmentsDone: 2, percent: 100 })
    expect(done.totals).toMatchObject({ scanned: 1, unchanged: 1, changed: 0, notFound: 1 })
  })

  it('erases a case on probation-case.deleted.gdpr, and a late older event does not bring it back', async () => {
    const published = tierEvents(CRN).length
    await put(deletionEnvelope('2026-11-24T08:00:00Z', CRN))
    const gone = await settled(cloud, async () => {
      const tier = await call('GET', `/tiers/${CRN}`)
      return tier.status === 404 ? tier : undefined
    })
    expect(gone.body).toMatchObject({ message: `Case ${CRN} was deleted (erasure): no tier is kept` })
    expect((await call('GET', `/tiers/${CRN}/history`)).status).toBe(404)

    await put(assessmentEnvelope('2026-11-20T09:03:00Z', undefined, CRN))
    await cloud.bus.idle()
    expect((await call('GET', `/tiers/${CRN}`)).status).toBe(404)
    expect(tierEvents(CRN)).toHaveLength(published)
  })

  it('tier inputs are refreshed even when the tier is unchanged: GET shows the new inputs after a no-change event', async () => {
    const crn = 'T482914'
    await put(registrationsEnvelope('2026-11-20T09:00:00Z', REGISTRATIONS, crn))
    await put(assessmentEnvelope('2026-11-20T09:01:00Z', undefined, crn))
    await cloud.bus.idle()
    await put(convictionsEnvelope('2026-11-20T09:02:00Z', undefined, crn))
    await settled(cloud, async () => (tierEvents(crn).length === 1 ? true : undefined))
    const before = await call('GET', `/tiers/${crn}`)
    expect(before.body).toMatchObject({ tier: 'A2', inputs: { missing: ['details'] } })

    await put(detailsEnvelope('2026-11-20T09:03:00Z', 'Male', crn))
    await settled(cloud, async () => (tierEvents(crn).length === 2 ? true : undefined))
    await cloud.bus.idle()

    expect(tierEvents(crn).map(e => [e.tier, e.changed])).toEqual([
      ['A2', true],
      ['A2', false],
    ])
    const after = await call('GET', `/tiers/${crn}`)
    const inputs = after.body.inputs as { digest: string; missing: string[]; occurredAt: Record<string, unknown> }
    expect(after.body).toMatchObject({ tier: 'A2', calculationId: tierEvents(crn)[1]?.calculationId })
    expect(inputs.missing).toEqual([])
    expect(inputs.occurredAt.details).toBe('2026-11-20T09:03:00Z')
    expect(inputs.digest).not.toBe((before.body.inputs as { digest: string }).digest)
  })

  it('calendar dates must be between 1900-01-01 and 2200-12-31: an implausible one is dead-lettered with the reason', async () => {
    const crn = 'T482915'
    const sentinel = convictionsEnvelope(
      '2026-11-20T09:00:00Z',
      { ...CONVICTIONS, latestReleaseDate: '2999-12-31' },
      crn,
    )
    await put(sentinel)
    const letter = await settled(cloud, async () =>
      (await tieringDeadLetters()).find(l => JSON.stringify(l.detail).includes(crn)),
    )
    expect(letter).toMatchObject({ reason: 'invalid', detailType: 'probation-case.convictions.changed' })
    expect(letter.errors).toEqual([
      {
        field: 'detail.additionalInformation.snapshot.latestReleaseDate',
        reason: 'must be between 1900-01-01 and 2200-12-31',
      },
    ])
    await cloud.bus.idle()
    expect(tierEvents(crn)).toEqual([])
    expect((await call('GET', `/tiers/${crn}`)).status).toBe(404)
  })
})
