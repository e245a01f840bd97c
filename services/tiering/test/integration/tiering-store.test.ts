/**
 * The tiering use cases on DynamoDB Local, with the service's tables exactly as the template defines them: the case
 * store's conditional writes and transactions, the history, merges, the dead-letter table, and full recalculations
 * (parallel scan of the case listing index, progress, hand-over and resume).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { DeadLetterStore, InvalidCursorError, outboxDrainHandler } from '@omic/lambda-kit'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DeadLetterRejectedEvents } from '../../src/adapters/dead-letter-rejected-events'
import { DynamoCaseStore } from '../../src/adapters/dynamo-case-store'
import { DynamoJobStore } from '../../src/adapters/dynamo-job-store'
import { caseListingKeys } from '../../src/adapters/keys'
import { UuidV7Generator } from '../../src/adapters/uuid-v7-ids'
import { digestOf } from '../../src/model/digest'
import { toTierInput } from '../../src/model/tier-inputs'
import { deleteCase } from '../../src/use-cases/delete-case'
import { outboxDeps, type RecalculationDeps } from '../../src/use-cases/deps'
import { mergeCases } from '../../src/use-cases/merge-cases'
import { getCurrentTier, getTierHistory } from '../../src/use-cases/read-tiers'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { unmergeCases } from '../../src/use-cases/unmerge-cases'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  CRN,
  convictionsEnvelope,
  deletionEnvelope,
  detailsEnvelope,
  handled,
  mergeEnvelope,
  registrationsEnvelope,
  unmergeEnvelope,
} from '../support/events'
import { RecordingDispatcher, RecordingLog, RecordingPublisher, TestClock } from '../support/fakes'

let tables: Awaited<ReturnType<typeof serviceTables>>
let cases: DynamoCaseStore
let jobs: DynamoJobStore
let deadLetters: DeadLetterStore

beforeAll(async () => {
  tables = await serviceTables('tiering')
  cases = new DynamoCaseStore(tables.client, tables.tableName)
  jobs = new DynamoJobStore(tables.client, tables.tableName)
  deadLetters = new DeadLetterStore(tables.client, tables.deadLetterTableName)
})
afterAll(() => tables?.drop())

/** The case item's outbox marker attributes (none once its outbox is empty). */
async function outboxMarker(crn: string): Promise<Record<string, unknown>> {
  const out = await tables.client.send(
    new GetCommand({ TableName: tables.tableName, Key: { pk: `CASE#${crn}`, sk: 'CASE' }, ConsistentRead: true }),
  )
  const { outboxpk, outboxsk } = out.Item ?? {}
  return { ...(outboxpk ? { outboxpk } : {}), ...(outboxsk ? { outboxsk } : {}) }
}

function setup(version: 'v2' | 'v3' = 'v2') {
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
    rejected: new DeadLetterRejectedEvents(deadLetters, {
      client: tables.client,
      tableName: tables.deadLetterTableName,
    }),
    clock,
    ids: new UuidV7Generator(() => clock.now().getTime()),
    version,
  }
  return { deps, publisher, log, dispatcher, clock }
}

describe('tiering on DynamoDB', () => {
  it('keeps the inputs, stores every calculation and shows the current tier with its trace', async () => {
    const { deps, publisher, clock } = setup()
    for (const event of [
      assessmentEnvelope('2026-11-20T09:00:00Z'),
      registrationsEnvelope('2026-11-20T09:01:00Z'),
      convictionsEnvelope('2026-11-20T09:02:00Z'),
      convictionsEnvelope('2026-11-20T09:03:00Z'), // same convictions again: a calculation, no new current
    ]) {
      await recordTierInput(deps, handled(event))
      clock.advance(1000)
    }

    const tier = await getCurrentTier(cases, CRN, 'v2')
    if (!tier.found) throw new Error(tier.reason)
    expect(tier.value).toMatchObject({
      crn: CRN,
      version: 'v2',
      tier: 'A2',
      v3: { tier: 'C', provisional: false },
      minimumGrade: { grade: 'PO', poReasons: ['ROSH', 'V2_TIER'] },
      inputs: { missing: ['details'] },
    })
    expect(tier.value.trace.map(s => s.rule)).toContain('PROTECT_LEVEL')
    expect(tier.value.calculationId).toBe(publisher.published[0]?.info.calculationId)
    expect(publisher.published.map(e => e.info.changed)).toEqual([true, false])

    const page1 = await getTierHistory(cases, CRN, { limit: 1 })
    if (!page1.found) throw new Error(page1.reason)
    expect(page1.value.calculations.map(c => [c.previousTier, c.tier, c.changed])).toEqual([['A2', 'A2', false]])
    const page2 = await getTierHistory(cases, CRN, { limit: 1, cursor: page1.value.next ?? '' })
    if (!page2.found) throw new Error(page2.reason)
    expect(page2.value.calculations.map(c => [c.previousTier, c.tier, c.changed])).toEqual([[null, 'A2', true]])
    expect(page2.value.currentCalculationId).toBe(page2.value.calculations[0]?.calculationId)
    const page3 = await getTierHistory(cases, CRN, { limit: 1, cursor: page2.value.next ?? '' })
    if (!page3.found) throw new Error(page3.reason)
    expect(page3.value.calculations).toEqual([])
    expect(page3.value.next).toBeNull()
    await expect(cases.listCalculations(CRN, { limit: 3, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(
      InvalidCursorError,
    )
  })

  it('tier inputs are refreshed even when the tier is unchanged: the view shows the new inputs, no extra change is published', async () => {
    // Prepare: a case tiered without its probation case details
    const { deps, publisher, clock } = setup()
    const crn = 'X210021'
    for (const event of [
      registrationsEnvelope('2026-11-20T09:00:00Z', undefined, crn),
      assessmentEnvelope('2026-11-20T09:01:00Z', undefined, crn),
      convictionsEnvelope('2026-11-20T09:02:00Z', undefined, crn),
    ]) {
      await recordTierInput(deps, handled(event))
      clock.advance(1000)
    }
    const before = await getCurrentTier(cases, crn, 'v2')
    if (!before.found) throw new Error(before.reason)
    const resultBefore = (await cases.get(crn))?.current?.resultDigest
    expect(before.value.inputs).toMatchObject({ missing: ['details'], occurredAt: { details: null } })

    // Act: the details arrive and change nothing in the result (a man: no women's factors)
    const outcome = await recordTierInput(deps, handled(detailsEnvelope('2026-11-20T09:03:00Z', 'Male', crn)))

    // Assess: same result and tier, but the view shows the inputs the case now holds
    expect(outcome).toBe('unchanged')
    const stored = await cases.get(crn)
    if (stored === null) throw new Error('no case')
    expect(stored.current?.resultDigest).toBe(resultBefore)
    const after = await getCurrentTier(cases, crn, 'v2')
    if (!after.found) throw new Error(after.reason)
    expect(after.value.tier).toBe('A2')
    expect(after.value.inputs).toEqual({
      digest: digestOf(toTierInput(stored.parts).input),
      missing: [],
      occurredAt: {
        registrations: '2026-11-20T09:00:00Z',
        assessment: '2026-11-20T09:01:00Z',
        convictions: '2026-11-20T09:02:00Z',
        details: '2026-11-20T09:03:00Z',
      },
    })
    expect(after.value.inputs.digest).not.toBe(before.value.inputs.digest)
    // one calculation per event that tiers the case (events.md: every calculation is published), and no change
    expect(publisher.published.map(e => [e.info.previousTier, e.info.tier, e.info.changed])).toEqual([
      [null, 'A2', true],
      ['A2', 'A2', false],
    ])
    expect(after.value.calculationId).toBe(publisher.published[1]?.info.calculationId)

    // the same details again, said later: same inputs and result, so the current tier stays where it is
    clock.advance(1000)
    expect(await recordTierInput(deps, handled(detailsEnvelope('2026-11-20T09:04:00Z', 'Male', crn)))).toBe('unchanged')
    expect((await cases.get(crn))?.current?.calculationId).toBe(after.value.calculationId)
    expect(publisher.published.filter(e => e.info.changed)).toHaveLength(1)
  })

  it('ends on the newest inputs when events for one case arrive at the same time', async () => {
    const { deps } = setup()
    const crn = 'X300003'

    const outcomes = await Promise.all([
      recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:00:00Z', undefined, crn))),
      recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:00:01Z', undefined, crn))),
      recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:02Z', undefined, crn))),
      recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T08:00:00Z', [], crn))),
    ])

    const stored = await cases.get(crn)
    expect(stored?.current?.summary.v2.tier).toBe('A2')
    expect(stored?.parts.registrations?.value.registrations).toHaveLength(4)
    expect(stored?.inputsVersion).toBe(outcomes.filter(o => o !== 'stale').length)
    expect(stored?.outbox).toEqual({})
  })

  it('keeps an unpublished event with the case and publishes it on the retry', async () => {
    const { deps, publisher, log } = setup()
    const crn = 'X400004'
    const event = handled(convictionsEnvelope('2026-11-20T09:00:00Z', undefined, crn))
    publisher.failNext = 1

    expect(await recordTierInput(deps, event)).toBe('changed')
    expect(Object.keys((await cases.get(crn))?.outbox ?? {})).toHaveLength(1)
    expect(log.warnings).toHaveLength(1)
    expect(await recordTierInput(deps, event)).toBe('duplicate')

    expect(publisher.published.map(e => e.info.crn)).toEqual([crn])
    expect((await cases.get(crn))?.outbox).toEqual({})
    expect(await outboxMarker(crn)).toEqual({})
  })

  it('publishes a quiet case’s unpublished event from the scheduled drain, once, and clears its marker', async () => {
    const { deps, publisher, clock } = setup()
    const crn = 'X400014'
    publisher.failNext = 1
    expect(await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z', undefined, crn)))).toBe(
      'changed',
    )
    const [calculationId] = Object.keys((await cases.get(crn))?.outbox ?? {})
    // the marker the drain queries: the keys-only outbox index, partition OUTBOX, sorted by the entry's save time
    expect(await outboxMarker(crn)).toEqual({ outboxpk: 'OUTBOX', outboxsk: `${clock.now().toISOString()}#${crn}` })
    let later = new Date(clock.now().getTime() + 30_000)
    const drain = outboxDrainHandler(
      () => outboxDeps(deps),
      () => later,
    )

    // within the grace period a publish may still be in flight: the drain leaves it
    expect((await drain()).published).toBe(0)
    later = new Date(clock.now().getTime() + 6 * 60_000)
    const drained = await drain()

    expect(drained.failed).toBe(0)
    expect(drained.published).toBeGreaterThanOrEqual(1)
    expect(publisher.published.filter(e => e.info.crn === crn).map(e => e.info.calculationId)).toEqual([calculationId])
    expect((await cases.get(crn))?.outbox).toEqual({})
    expect(await outboxMarker(crn)).toEqual({})
    // the next run finds nothing of it
    await drain()
    expect(publisher.published.filter(e => e.info.crn === crn)).toHaveLength(1)
  })

  it('fails the drain run when the bus is still down, and keeps the event for the next run', async () => {
    const { deps, publisher, clock } = setup()
    const crn = 'X400015'
    publisher.failNext = 1
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z', undefined, crn)))
    const drain = outboxDrainHandler(
      () => outboxDeps(deps),
      () => new Date(clock.now().getTime() + 6 * 60_000),
    )

    publisher.failNext = 100
    await expect(drain()).rejects.toThrow('could not be published')
    expect(Object.keys((await cases.get(crn))?.outbox ?? {})).toHaveLength(1)

    publisher.failNext = 0
    await drain()
    expect(publisher.published.filter(e => e.info.crn === crn)).toHaveLength(1)
    expect(await outboxMarker(crn)).toEqual({})
  })

  it('puts an event whose snapshot the rules reject in the dead-letter table with the field and reason', async () => {
    const { deps } = setup()
    const crn = 'X500005'
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z', undefined, crn)))
    const bad = handled(
      assessmentEnvelope(
        '2026-11-20T10:00:00Z',
        assessmentSnapshot({
          predictors: {
            allReoffending: { score: 40, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
            combinedSeriousReoffending: { score: 1, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
            directContactSexualReoffending: { score: 0.3, band: 'Medium', staticOrDynamic: null },
          },
        }),
        crn,
      ),
    )

    expect(await recordTierInput(deps, bad)).toBe('rejected')

    const letter = (await deadLetters.list()).find(l => l.id === bad.id)
    expect(letter).toMatchObject({ reason: 'failed', detailType: 'assessment.summary.produced' })
    expect(letter?.errors).toEqual([
      {
        field: 'detail.additionalInformation.snapshot.predictors.directContactSexualReoffending.score',
        reason: expect.stringContaining('0.60'),
      },
    ])
    expect((await cases.get(crn))?.parts.assessment?.eventId).toBe(bad.id)
  })

  it('counts thin events, and tiers nothing before the convictions are known', async () => {
    const { deps } = setup()
    const crn = 'X600006'
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:00:00Z', null, crn)))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z', null, crn)))

    const stored = await cases.get(crn)
    expect(stored?.thinEvents).toBe(2)
    expect(stored?.current).toBeNull()
    expect(await getCurrentTier(cases, crn, 'v2')).toMatchObject({ found: false })

    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:01:00Z', undefined, crn)))
    expect(await getCurrentTier(cases, crn, 'v2')).toEqual({
      found: false,
      reason: `No tier for ${crn} yet: its convictions (supervision status) have not been received`,
    })
  })

  it('merges a CRN into another: newest parts kept, history moved page by page, the source a pointer', async () => {
    const { deps, publisher, clock } = setup()
    const source = 'X700007'
    const target = 'X700008'
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z', undefined, source)))
    for (let i = 0; i < 13; i++) {
      await recordTierInput(
        deps,
        handled(assessmentEnvelope(`2026-11-20T09:00:${String(i).padStart(2, '0')}Z`, undefined, source)),
      )
      clock.advance(10)
    }
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T07:30:00Z', undefined, target)))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:31:00Z', undefined, target)))

    expect(await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', source, target)))).toBe('merged')

    const history = await getTierHistory(cases, target, { limit: 100 })
    if (!history.found) throw new Error(history.reason)
    expect(history.value.calculations).toHaveLength(14 + 2 + 1)
    expect((await cases.get(target))?.parts.convictions?.occurredAt).toBe('2026-11-20T08:00:00Z') // the newer one
    expect(history.value.calculations.filter(c => c.movedFromCrn === source)).toHaveLength(14)
    expect(history.value.calculations[0]?.trigger.kind).toBe('merge')
    expect((await cases.listCalculations(source, { limit: 10 })).items).toEqual([])
    expect((await cases.get(source))?.mergedInto).toBe(target)
    expect(await getCurrentTier(cases, source, 'v2')).toEqual({
      found: false,
      reason: `Case ${source} was merged into ${target}`,
    })
    expect(publisher.published.at(-1)?.info).toMatchObject({ crn: target, tier: 'A2' })
  })

  it('erases a case: a tombstone with no personal data, every calculation in batches, its dead letters', async () => {
    // Prepare: 30 calculations (more than one batch), a rejected event for the CRN and one for another case
    const { deps, publisher, clock } = setup()
    const crn = 'X800008'
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T08:00:00Z', undefined, crn)))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z', undefined, crn)))
    for (let i = 0; i < 29; i++) {
      const at = `2026-11-20T09:00:${String(i).padStart(2, '0')}Z`
      await recordTierInput(deps, handled(assessmentEnvelope(at, undefined, crn)))
      clock.advance(10)
    }
    const badPredictors = {
      allReoffending: { score: 40, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
      combinedSeriousReoffending: { score: 1, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
      directContactSexualReoffending: { score: 0.3, band: 'Medium', staticOrDynamic: null },
    }
    const bad = assessmentSnapshot({ predictors: badPredictors })
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', bad, crn)))
    const other = 'X800009'
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z', undefined, other)))
    const otherRejected = handled(assessmentEnvelope('2026-11-20T10:00:00Z', bad, other))
    await recordTierInput(deps, otherRejected)
    expect((await cases.listCalculations(crn, { limit: 100 })).items).toHaveLength(30)
    const published = publisher.published.length

    // Act
    const erasure = handled(deletionEnvelope('2026-11-24T08:00:00Z', crn))
    const result = await deleteCase(deps, erasure)

    // Assess: only the key, the CRN, the version and the deletion remain
    expect(result).toEqual({ outcome: 'deleted', calculationsDeleted: 30, deadLettersDeleted: 1 })
    const item = await tables.client.send(
      new GetCommand({ TableName: tables.tableName, Key: { pk: `CASE#${crn}`, sk: 'CASE' }, ConsistentRead: true }),
    )
    expect(Object.keys(item.Item ?? {}).sort()).toEqual(
      ['crn', 'deleted', 'inputsVersion', 'outbox', 'pk', 'sk', 'updatedAt'].sort(),
    )
    expect(item.Item?.deleted).toEqual({
      at: clock.now().toISOString(),
      occurredAt: '2026-11-24T08:00:00Z',
      eventId: erasure.id,
    })
    const partition = await tables.client.send(
      new QueryCommand({
        TableName: tables.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CASE#${crn}` },
        ConsistentRead: true,
      }),
    )
    expect(partition.Items?.map(i => i.sk)).toEqual(['CASE'])
    const listing = await tables.client.send(
      new QueryCommand({
        TableName: tables.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :b AND gsi1sk = :crn',
        ExpressionAttributeValues: { ':b': caseListingKeys(crn).gsi1pk, ':crn': crn },
      }),
    )
    expect(listing.Items).toEqual([])
    const letters = await deadLetters.list(1000)
    expect(letters.some(l => JSON.stringify(l.detail).includes(crn))).toBe(false)
    expect(letters.some(l => l.id === otherRejected.id)).toBe(true)
    expect(publisher.published).toHaveLength(published)

    // an older event delivered late, and a newer one, change nothing
    expect(await recordTierInput(deps, handled(convictionsEnvelope('2026-11-19T08:00:00Z', undefined, crn)))).toBe(
      'deleted',
    )
    expect(await recordTierInput(deps, handled(assessmentEnvelope('2026-11-25T08:00:00Z', undefined, crn)))).toBe(
      'deleted',
    )
    expect((await cases.get(crn))?.parts).toEqual({})
    expect(await deleteCase(deps, erasure)).toEqual({
      outcome: 'already-deleted',
      calculationsDeleted: 0,
      deadLettersDeleted: 0,
    })
  })

  it('unmerges: parts and history back to the reactivated CRN, both tiered again, in one transaction', async () => {
    const { deps } = setup()
    const source = 'X900001'
    const target = 'X900002'
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z', undefined, source)))
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T08:01:00Z', undefined, source)))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T07:00:00Z', undefined, target)))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:00:00Z', undefined, target)))
    await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', source, target)))
    expect((await cases.get(target))?.parts.convictions?.fromCrn).toBe(source)

    expect(await unmergeCases(deps, handled(unmergeEnvelope('2026-11-22T09:00:00Z', source, target)))).toBe('unmerged')

    const reactivated = await cases.get(source)
    expect(reactivated).toMatchObject({ mergedInto: null })
    expect(Object.keys(reactivated?.parts ?? {}).sort()).toEqual(['assessment', 'convictions'])
    expect(reactivated?.current?.summary.v2.tier).toBe('C2') // RSR 10 points, no registrations
    const history = await getTierHistory(cases, source, { limit: 100 })
    if (!history.found) throw new Error(history.reason)
    expect(history.value.calculations.map(c => c.trigger.kind)).toEqual(['unmerge', 'event', 'event'])
    const kept = await cases.get(target)
    expect(Object.keys(kept?.parts ?? {})).toEqual(['registrations'])
    expect(kept?.current).toBeNull()
    expect(kept?.mergedFrom).toEqual([])
    const targetHistory = await cases.listCalculations(target, { limit: 100 })
    expect(targetHistory.items.filter(c => c.movedFromCrn !== undefined)).toEqual([])
    const listed = await tables.client.send(
      new GetCommand({ TableName: tables.tableName, Key: { pk: `CASE#${source}`, sk: 'CASE' }, ConsistentRead: true }),
    )
    expect(listed.Item?.gsi1sk).toBe(source)
  })
})
