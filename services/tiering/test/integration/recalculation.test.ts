/**
 * Full recalculation on DynamoDB Local (its own tables, so the counts are exact): a parallel Scan of the case listing
 * index in segments, progress recorded per page, hand-over to a continuation, only changed results written, a second
 * job refused while one runs, a stalled job resumed from its cursors.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { DeadLetterStore } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DeadLetterRejectedEvents } from '../../src/adapters/dead-letter-rejected-events'
import { DynamoCaseStore } from '../../src/adapters/dynamo-case-store'
import { DynamoJobStore } from '../../src/adapters/dynamo-job-store'
import { UuidV7Generator } from '../../src/adapters/uuid-v7-ids'
import { STALLED_AFTER_MS } from '../../src/model/recalculation-job'
import type { RecalculationDeps } from '../../src/use-cases/deps'
import {
  HAND_OVER_WITH_MS_LEFT,
  runSegment,
  type SegmentOutcome,
  segmentRunFor,
  startRecalculation,
} from '../../src/use-cases/recalculate-all'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { assessmentEnvelope, convictionsEnvelope, handled, registrationsEnvelope } from '../support/events'
import { RecordingDispatcher, RecordingLog, RecordingPublisher, TestClock } from '../support/fakes'

let tables: Awaited<ReturnType<typeof serviceTables>>
let cases: DynamoCaseStore
let jobs: DynamoJobStore

beforeAll(async () => {
  tables = await serviceTables('tiering')
  cases = new DynamoCaseStore(tables.client, tables.tableName)
  jobs = new DynamoJobStore(tables.client, tables.tableName)
})
afterAll(() => tables?.drop())

function setup() {
  const publisher = new RecordingPublisher()
  const log = new RecordingLog()
  const dispatcher = new RecordingDispatcher()
  const clock = new TestClock()
  const deps: RecalculationDeps = {
    cases,
    jobs,
    publisher,
    log,
    dispatcher,
    rejected: new DeadLetterRejectedEvents(new DeadLetterStore(tables.client, tables.deadLetterTableName), {
      client: tables.client,
      tableName: tables.deadLetterTableName,
    }),
    clock,
    ids: new UuidV7Generator(() => clock.now().getTime()),
    version: 'v2',
  }
  return { deps, publisher, log, dispatcher, clock }
}

async function tierCase(deps: RecalculationDeps, crn: string) {
  await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', undefined, crn)))
  await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:01Z', undefined, crn)))
  await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:02Z', undefined, crn)))
}

describe('full recalculation on DynamoDB', () => {
  async function drain(deps: RecalculationDeps, dispatcher: RecordingDispatcher, stopAfterPages: number) {
    const outcomes: SegmentOutcome[] = []
    while (dispatcher.requests.length > 0) {
      const request = dispatcher.requests.shift()
      if (!request) break
      let pages = 0
      outcomes.push(
        await runSegment(deps, {
          request,
          claimant: `event-${request.segment}-${request.leg}`,
          shouldStop: () => ++pages >= stopAfterPages,
          pageSize: 4,
        }),
      )
    }
    return outcomes
  }

  it('scans the cases in parallel segments, hands over, writes only changed results and completes', async () => {
    // Prepare: 20 tiered cases, 3 of them with a stored result from "older rules"
    const { deps, dispatcher, publisher } = setup()
    const crns = Array.from({ length: 20 }, (_, i) => `R${String(i).padStart(6, '0')}`)
    for (const crn of crns) await tierCase(deps, crn)
    for (const crn of crns.slice(0, 3)) {
      await tables.client.send(
        new UpdateCommand({
          TableName: tables.tableName,
          Key: { pk: `CASE#${crn}`, sk: 'CASE' },
          UpdateExpression: 'SET #c.resultDigest = :old',
          ExpressionAttributeNames: { '#c': 'current' },
          ExpressionAttributeValues: { ':old': 'sha256:older-rules' },
        }),
      )
    }
    const calculationsBefore = await countCalculations(crns)
    publisher.published.length = 0

    // Act
    const { job, outcome } = await startRecalculation(deps, { trigger: 'api', requestedBy: 'admin', segments: 3 })
    const outcomes = await drain(deps, dispatcher, 2)

    // Assess
    expect(outcome).toBe('started')
    expect(outcomes.filter(o => o === 'handed-over').length).toBeGreaterThan(0)
    expect(outcomes.filter(o => o === 'done')).toHaveLength(3)
    const done = await jobs.get(job.jobId)
    expect(done?.status).toBe('COMPLETED')
    expect(done?.totals).toMatchObject({ changed: 3, tierChanged: 0, skipped: 0, failed: 0 })
    // the segments together list every case exactly once
    expect(done?.totals).toMatchObject({ scanned: 20, unchanged: 17, awaitingConvictions: 0 })
    expect(done?.estimatedCases).toBe(20)
    expect(done?.totals.consumedReadUnits).toBeGreaterThan(0)
    expect(done?.totals.consumedWriteUnits).toBeGreaterThan(0)
    expect(Object.values(done?.segments ?? {}).every(s => s.status === 'DONE' && s.leg >= 0)).toBe(true)
    expect(await countCalculations(crns)).toBe(calculationsBefore + 3)
    expect(publisher.published.map(e => e.info.crn).sort()).toEqual(crns.slice(0, 3))
  })

  it('refuses a second job while one runs, and resumes a stalled one from its recorded cursors', async () => {
    const { deps, dispatcher, clock } = setup()
    const { job } = await startRecalculation(deps, { trigger: 'schedule', requestedBy: null, segments: 2 })
    const first = dispatcher.requests.splice(0)
    // segment 0 does one page and stops; its continuation request is lost; segment 1 never starts
    let pages = 0
    const segment0 = first.find(r => r.segment === 0)
    if (!segment0) throw new Error('no request for segment 0')
    expect(
      await runSegment(deps, { request: segment0, claimant: 'a', shouldStop: () => ++pages >= 1, pageSize: 2 }),
    ).toBe('handed-over')
    dispatcher.requests.length = 0

    expect((await startRecalculation(deps, { trigger: 'api', requestedBy: 'x', segments: 2 })).outcome).toBe(
      'already-running',
    )
    clock.advance(STALLED_AFTER_MS + 1000)
    const resumed = await startRecalculation(deps, { trigger: 'api', requestedBy: 'x', segments: 2 })

    expect(resumed.outcome).toBe('resumed')
    expect(resumed.job.jobId).toBe(job.jobId)
    expect(dispatcher.requests.map(r => [r.segment, r.leg]).sort()).toEqual([
      [0, 2],
      [1, 1],
    ])
    // the stale first request of segment 1 can no longer run
    const stale = first.find(r => r.segment === 1)
    if (!stale) throw new Error('no request for segment 1')
    expect(await runSegment(deps, { request: stale, claimant: 'old', shouldStop: () => false, pageSize: 50 })).toBe(
      'not-mine',
    )
    await drain(deps, dispatcher, 1000)
    const after = await jobs.get(job.jobId)
    expect(after).toMatchObject({ status: 'COMPLETED', resumed: 1 })
    expect(after?.segments['0']?.pages).toBeGreaterThan(1)
  })

  it('lets one invocation at a time hold a segment, and a failed one hand it to its retry at once', async () => {
    const { deps, dispatcher, publisher } = setup()
    await tierCase(deps, 'L000001')
    await tables.client.send(
      new UpdateCommand({
        TableName: tables.tableName,
        Key: { pk: 'CASE#L000001', sk: 'CASE' },
        UpdateExpression: 'SET #c.resultDigest = :old',
        ExpressionAttributeNames: { '#c': 'current' },
        ExpressionAttributeValues: { ':old': 'sha256:older-rules' },
      }),
    )
    publisher.published.length = 0
    const { job } = await startRecalculation(deps, { trigger: 'api', requestedBy: 'x', segments: 1 })
    const request = dispatcher.requests.splice(0)[0]
    if (!request) throw new Error('no segment request')
    const run = (claimant: string) => runSegment(deps, { request, claimant, shouldStop: () => false, pageSize: 50 })

    // the first attempt fails while writing; a duplicate delivery meanwhile would find the segment held
    const commit = vi.spyOn(cases, 'commit').mockRejectedValueOnce(new Error('DynamoDB throttled the write'))
    const held = await jobs.claimLeg(job.jobId, 0, 0, 'first', new Date().toISOString(), '2999-01-01T00:00:00.000Z')
    expect(held).toBe(true)
    expect(await run('duplicate')).toBe('not-mine')
    await jobs.releaseLeg(job.jobId, 0, 0, 'first')
    await expect(run('attempt-1')).rejects.toThrow('DynamoDB throttled')
    commit.mockRestore()
    expect(await run('attempt-2')).toBe('done')

    const after = await jobs.get(job.jobId)
    expect(after?.status).toBe('COMPLETED')
    expect(after?.segments['0']?.claimedBy).toBe('attempt-2')
    expect(publisher.published.map(e => e.info.crn)).toEqual(['L000001'])
  })

  it('stops before the Lambda deadline the invocation reports, and hands the segment to a continuation', async () => {
    const { deps, dispatcher } = setup()
    for (const crn of ['D000001', 'D000002', 'D000003']) await tierCase(deps, crn)
    const { job } = await startRecalculation(deps, { trigger: 'api', requestedBy: 'x', segments: 1 })
    const request = dispatcher.requests.splice(0)[0]
    if (!request) throw new Error('no segment request')
    // the time left as Lambda's context reports it, read once after each page: the third page ends inside the margin
    const left = [10 * 60_000, 5 * 60_000, HAND_OVER_WITH_MS_LEFT - 1]
    const invocation = { awsRequestId: 'request-1', getRemainingTimeInMillis: () => left.shift() ?? 0 }
    const run = { ...segmentRunFor(request, invocation, deps.ids), pageSize: 1 }

    expect(run.claimant).toBe('request-1')
    expect(await runSegment(deps, run)).toBe('handed-over')

    const after = await jobs.get(job.jobId)
    expect(after?.segments['0']).toMatchObject({ leg: 1, pages: 3, claimedBy: 'request-1' })
    expect(dispatcher.requests).toEqual([{ ...request, leg: 1 }])
    expect(left).toEqual([])
    // the continuation finishes the job (the next test starts its own)
    expect(await drain(deps, dispatcher, 1000)).toEqual(['done'])
  })

  it('recalculates only the listed CRNs, as a job with the same progress view', async () => {
    const { deps, dispatcher, publisher } = setup()
    const listed = ['M000001', 'M000002', 'M000003']
    for (const crn of [...listed, 'M000004']) await tierCase(deps, crn)
    for (const crn of ['M000002', 'M000004']) {
      await tables.client.send(
        new UpdateCommand({
          TableName: tables.tableName,
          Key: { pk: `CASE#${crn}`, sk: 'CASE' },
          UpdateExpression: 'SET #c.resultDigest = :old',
          ExpressionAttributeNames: { '#c': 'current' },
          ExpressionAttributeValues: { ':old': 'sha256:older-rules' },
        }),
      )
    }
    publisher.published.length = 0

    const { job, outcome } = await startRecalculation(deps, {
      trigger: 'api',
      requestedBy: 'admin',
      segments: 8,
      crns: [...listed, 'M000099'],
    })
    const outcomes = await drain(deps, dispatcher, 1000)

    expect(outcome).toBe('started')
    expect(job).toMatchObject({ totalSegments: 4, estimatedCases: 4, crns: [...listed, 'M000099'] })
    expect(outcomes).toEqual(['done', 'done', 'done', 'done'])
    const done = await jobs.get(job.jobId)
    expect(done?.status).toBe('COMPLETED')
    expect(done?.totals).toMatchObject({ scanned: 3, unchanged: 2, changed: 1, notFound: 1, skipped: 0 })
    expect(done?.totals.consumedReadUnits).toBeGreaterThan(0)
    // M000004 is stale too, but was not asked for
    expect(publisher.published.map(e => e.info.crn)).toEqual(['M000002'])
    await expect(
      startRecalculation(deps, { trigger: 'api', requestedBy: 'admin', segments: 1, crns: ['M000001', 'M000001'] }),
    ).rejects.toThrow(RangeError)
  })
})

async function countCalculations(crns: readonly string[]): Promise<number> {
  let n = 0
  for (const crn of crns) n += (await cases.listCalculations(crn, { limit: 100 })).items.length
  return n
}
