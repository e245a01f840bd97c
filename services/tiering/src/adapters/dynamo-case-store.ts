import { type ConsumedCapacity, DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import {
  batchWriteAll,
  decodeCursor,
  encodeCursor,
  isConditionalFailure,
  type PendingOutbox,
  type WriteRequest,
} from '@omic/lambda-kit'
import { z } from 'zod'
import { outboxEntriesOf } from '../events/published'
import type { SegmentCursor } from '../model/recalculation-job'
import {
  type CalculationRecord,
  type CaseRecord,
  calculationFromItem,
  caseFromItem,
  type Deletion,
} from '../model/records'
import { type StoredPart, TIER_INPUT_PARTS } from '../model/tier-inputs'
import type {
  CalculationPage,
  CapacityMeter,
  CaseExpectation,
  CaseStore,
  CaseWrite,
  CommitOutcome,
  ThinEvent,
} from '../ports'
import {
  CALC_PREFIX,
  CASE_LISTING_INDEX,
  calculationKey,
  caseKey,
  caseListingKeys,
  casePk,
  crnOfOutboxMarker,
  LISTING_BUCKETS,
  listingPk,
  OUTBOX_INDEX,
  OUTBOX_MARKER_PK,
  outboxMarkerSk,
  thinCounterKey,
} from './keys'

/** DynamoDB's limits: items per BatchWriteItem and keys per BatchGetItem. */
const BATCH_WRITE_LIMIT = 25
const BATCH_GET_LIMIT = 100

/**
 * A part is stored as one JSON string, not a nested map: a full recalculation reads every case, and a string costs
 * DynamoDB and the SDK far less to (un)marshal than the snapshot's hundred nested attributes (no query reads inside).
 */
export function encodePart(part: StoredPart<unknown>): string {
  return JSON.stringify(part)
}

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]
type Update = NonNullable<TransactItem['Update']>

function meterAdd(meter: CapacityMeter | undefined, kind: 'read' | 'write', used: ConsumedCapacity[] | undefined) {
  if (meter === undefined || used === undefined) return
  for (const c of used) meter[kind] += c.CapacityUnits ?? 0
}

class ExpressionBuilder {
  readonly names: Record<string, string> = {}
  readonly values: Record<string, unknown> = {}
  readonly sets: string[] = []
  readonly removes: string[] = []
  readonly conditions: string[] = []
  private n = 0

  /** A placeholder for an attribute name; register it only where the expression uses it (DynamoDB rejects extras). */
  name(attribute: string): string {
    const key = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`
    this.names[key] = attribute
    return key
  }

  value(v: unknown): string {
    const key = `:v${this.n++}`
    this.values[key] = v
    return key
  }

  expectation(expected: CaseExpectation): void {
    if (!expected.exists) {
      this.conditions.push('attribute_not_exists(pk)')
      return
    }
    this.conditions.push(`${this.name('inputsVersion')} = ${this.value(expected.inputsVersion)}`)
    const current = this.name('current')
    this.conditions.push(
      expected.currentDigest === null
        ? `attribute_not_exists(${current})`
        : `${current}.${this.name('resultDigest')} = ${this.value(expected.currentDigest)}`,
    )
    if (!expected.hasOutbox) this.conditions.push(`attribute_not_exists(${this.name('outbox')})`)
  }

  update(tableName: string, key: Record<string, string>): Update {
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
    ].filter(Boolean)
    return {
      TableName: tableName,
      Key: key,
      UpdateExpression: clauses.join(' '),
      ...(this.conditions.length ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: this.names,
      ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
    }
  }
}

function caseUpdate(tableName: string, write: CaseWrite): Update {
  const b = new ExpressionBuilder()
  b.sets.push(`${b.name('crn')} = ${b.value(write.crn)}`)
  b.sets.push(`${b.name('inputsVersion')} = ${b.value(write.inputsVersion)}`)
  b.sets.push(`${b.name('updatedAt')} = ${b.value(write.now)}`)
  const parts = write.parts ?? {}
  if (Object.keys(parts).length > 0) {
    for (const part of TIER_INPUT_PARTS) {
      const stored = parts[part]
      if (stored !== undefined) b.sets.push(`${b.name(part)} = ${b.value(encodePart(stored))}`)
    }
    const listing = caseListingKeys(write.crn)
    b.sets.push(`${b.name('gsi1pk')} = ${b.value(listing.gsi1pk)}`, `${b.name('gsi1sk')} = ${b.value(listing.gsi1sk)}`)
  }
  if (write.current === null) b.removes.push(b.name('current'))
  else if (write.current !== undefined) b.sets.push(`${b.name('current')} = ${b.value(write.current)}`)
  for (const part of write.removeParts ?? []) b.removes.push(b.name(part))
  if (write.unlist) b.removes.push(b.name('gsi1pk'), b.name('gsi1sk'))
  if (write.clearMergedInto) b.removes.push(b.name('mergedInto'))
  if (write.mergedFromList !== undefined) {
    b.sets.push(`${b.name('mergedFrom')} = ${b.value([...write.mergedFromList])}`)
  }
  if (write.outbox !== undefined) {
    const { id, entry } = write.outbox
    b.sets.push(
      write.expected.hasOutbox
        ? `${b.name('outbox')}.${b.name(id)} = ${b.value(entry)}`
        : `${b.name('outbox')} = ${b.value({ [id]: entry })}`,
    )
    // the drain's marker (keys.ts): kept at the oldest pending entry's save time
    const markerSk = b.name('outboxsk')
    b.sets.push(
      `${b.name('outboxpk')} = ${b.value(OUTBOX_MARKER_PK)}`,
      `${markerSk} = if_not_exists(${markerSk}, ${b.value(outboxMarkerSk(entry.occurredAt, write.crn))})`,
    )
  } else if (!write.expected.hasOutbox) {
    b.sets.push(`${b.name('outbox')} = ${b.value({})}`)
  }
  if (write.calculationError === null) b.removes.push(b.name('calculationError'))
  else if (write.calculationError !== undefined) {
    b.sets.push(`${b.name('calculationError')} = ${b.value(write.calculationError)}`)
  }
  if (write.mergedFrom !== undefined) {
    const mergedFrom = b.name('mergedFrom')
    b.sets.push(
      `${mergedFrom} = list_append(if_not_exists(${mergedFrom}, ${b.value([])}), ${b.value([write.mergedFrom])})`,
    )
  }
  b.expectation(write.expected)
  return b.update(tableName, caseKey(write.crn))
}

function mergedSourceUpdate(
  tableName: string,
  source: { crn: string; expected: CaseExpectation; now: string },
  targetCrn: string,
): Update {
  const b = new ExpressionBuilder()
  b.sets.push(
    `${b.name('crn')} = ${b.value(source.crn)}`,
    `${b.name('mergedInto')} = ${b.value(targetCrn)}`,
    `${b.name('inputsVersion')} = ${b.value(source.expected.inputsVersion + 1)}`,
    `${b.name('updatedAt')} = ${b.value(source.now)}`,
  )
  if (!source.expected.hasOutbox) b.sets.push(`${b.name('outbox')} = ${b.value({})}`)
  for (const attribute of [...TIER_INPUT_PARTS, 'current', 'gsi1pk', 'gsi1sk', 'calculationError']) {
    b.removes.push(b.name(attribute))
  }
  b.expectation(source.expected)
  return b.update(tableName, caseKey(source.crn))
}

function calculationPut(tableName: string, calculation: CalculationRecord): NonNullable<TransactItem['Put']> {
  return {
    TableName: tableName,
    Item: { ...calculationKey(calculation.crn, calculation.calculationId), kind: 'calculation', ...calculation },
    ConditionExpression: 'attribute_not_exists(pk)',
  }
}

/** A history cursor: the sort key of the last calculation of the page (lambda-kit's codec). */
const historyCursorSchema = z.object({ sk: z.string().startsWith(CALC_PREFIX) })

/** Cases per Query page of the outbox marker. */
const OUTBOX_PAGE = 100

/** The tiering cases, their calculations and their outbox in DynamoDB (keys: ./keys.ts). */
export class DynamoCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(crn: string): Promise<CaseRecord | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(crn), ConsistentRead: true }),
    )
    return out.Item ? caseFromItem(out.Item) : null
  }

  async commit(write: CaseWrite, meter?: CapacityMeter): Promise<CommitOutcome> {
    const update = caseUpdate(this.tableName, write)
    try {
      if (write.calculation === undefined) {
        const out = await this.client.send(
          new UpdateCommand({ ...update, ReturnConsumedCapacity: meter ? 'TOTAL' : undefined }),
        )
        meterAdd(meter, 'write', out.ConsumedCapacity ? [out.ConsumedCapacity] : undefined)
      } else {
        const out = await this.client.send(
          new TransactWriteCommand({
            TransactItems: [{ Put: calculationPut(this.tableName, write.calculation) }, { Update: update }],
            ReturnConsumedCapacity: meter ? 'TOTAL' : undefined,
          }),
        )
        meterAdd(meter, 'write', out.ConsumedCapacity)
      }
      return 'committed'
    } catch (e) {
      if (isConditionalFailure(e)) return 'conflict'
      throw e
    }
  }

  async commitMerge(
    target: CaseWrite,
    source: { crn: string; expected: CaseExpectation; now: string },
  ): Promise<CommitOutcome> {
    const items: TransactItem[] = []
    if (target.calculation) items.push({ Put: calculationPut(this.tableName, target.calculation) })
    items.push({ Update: caseUpdate(this.tableName, target) })
    items.push({ Update: mergedSourceUpdate(this.tableName, source, target.crn) })
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }))
      return 'committed'
    } catch (e) {
      if (isConditionalFailure(e)) return 'conflict'
      throw e
    }
  }

  async commitTogether(writes: readonly CaseWrite[]): Promise<CommitOutcome> {
    const items: TransactItem[] = []
    for (const write of writes) {
      if (write.calculation) items.push({ Put: calculationPut(this.tableName, write.calculation) })
      items.push({ Update: caseUpdate(this.tableName, write) })
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }))
      return 'committed'
    } catch (e) {
      if (isConditionalFailure(e)) return 'conflict'
      throw e
    }
  }

  async returnCalculations(from: string, to: string): Promise<number> {
    let returned = 0
    let after: Record<string, unknown> | undefined
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calc)',
          FilterExpression: 'movedFromCrn = :to',
          ExpressionAttributeValues: { ':pk': casePk(from), ':calc': CALC_PREFIX, ':to': to },
          ConsistentRead: true,
          Limit: 100,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      )
      const items = out.Items ?? []
      for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) {
        const batch = items.slice(i, i + BATCH_WRITE_LIMIT)
        const puts = batch.map(({ movedFromCrn: _moved, ...item }) => ({
          PutRequest: { Item: { ...item, pk: casePk(to), crn: to } },
        }))
        // copies first, then deletes: a crash in between leaves a copy on each side, never none
        await this.batchWrite(puts)
        await this.batchWrite(batch.map(item => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } })))
      }
      returned += items.length
      after = out.LastEvaluatedKey
    } while (after)
    return returned
  }

  clear(crn: string, ids: readonly string[]): Promise<void> {
    return this.clearOutbox(crn, ids)
  }

  /**
   * Removes the published entries. When they are all the outbox holds, the drain's marker goes in the same write;
   * when other entries were saved since, only these are removed and the marker stays for the others.
   */
  async clearOutbox(crn: string, ids: readonly string[], meter?: CapacityMeter): Promise<void> {
    if (ids.length === 0) return
    const removal = (whole: boolean) => {
      const b = new ExpressionBuilder()
      const outbox = b.name('outbox')
      for (const [i, id] of ids.entries()) {
        b.names[`#o${i}`] = id
        b.removes.push(`${outbox}.#o${i}`)
        if (whole) b.conditions.push(`attribute_exists(${outbox}.#o${i})`)
      }
      if (whole) {
        b.removes.push(b.name('outboxpk'), b.name('outboxsk'))
        b.conditions.push(`size(${outbox}) = ${b.value(ids.length)}`)
      } else b.conditions.push(`attribute_exists(${outbox})`)
      return new UpdateCommand({
        ...b.update(this.tableName, caseKey(crn)),
        ReturnConsumedCapacity: meter ? 'TOTAL' : undefined,
      })
    }
    for (const whole of [true, false]) {
      try {
        const out = await this.client.send(removal(whole))
        meterAdd(meter, 'write', out.ConsumedCapacity ? [out.ConsumedCapacity] : undefined)
        return
      } catch (e) {
        // not (only) these entries: remove just them; no outbox at all (erased since): nothing to clear
        if (!isConditionalFailure(e)) throw e
      }
    }
  }

  /**
   * The cases the drain's marker lists as holding entries saved before `before` (oldest first), read again
   * consistently: only their entries older than `before` are returned. A marker left on an emptied outbox is removed.
   */
  async pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<string>[]> {
    const crns: string[] = []
    let after: Record<string, unknown> | undefined
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: 'outboxpk = :pk AND outboxsk < :before',
          ExpressionAttributeValues: { ':pk': OUTBOX_MARKER_PK, ':before': before },
          Limit: Math.min(OUTBOX_PAGE, limit - crns.length),
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      )
      for (const item of out.Items ?? [])
        if (typeof item.outboxsk === 'string') crns.push(crnOfOutboxMarker(item.outboxsk))
      after = out.LastEvaluatedKey
    } while (after && crns.length < limit)
    const pending: PendingOutbox<string>[] = []
    for (let i = 0; i < crns.length; i += BATCH_GET_LIMIT) {
      const found = new Map((await this.getMany(crns.slice(i, i + BATCH_GET_LIMIT))).map(c => [c.crn, c]))
      for (const crn of crns.slice(i, i + BATCH_GET_LIMIT)) {
        const record = found.get(crn)
        if (record === undefined) continue
        if (Object.keys(record.outbox ?? {}).length === 0) {
          await this.dropEmptyMarker(crn)
          continue
        }
        const entries = outboxEntriesOf(record.outbox).filter(e => e.savedAt < before)
        if (entries.length > 0) pending.push({ ref: crn, entries })
      }
    }
    return pending
  }

  private async dropEmptyMarker(crn: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(crn),
          UpdateExpression: 'REMOVE outboxpk, outboxsk',
          ConditionExpression: 'attribute_not_exists(outbox) OR size(outbox) = :zero',
          ExpressionAttributeValues: { ':zero': 0 },
        }),
      )
    } catch (e) {
      // an entry was saved since: the marker is right again
      if (!isConditionalFailure(e)) throw e
    }
  }

  async recordThinEvent(event: ThinEvent): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(event.crn),
          UpdateExpression:
            'SET crn = :crn, inputsVersion = if_not_exists(inputsVersion, :zero), outbox = if_not_exists(outbox, :empty), lastThinEvent = :thin ADD thinEvents :one',
          // an erasure that landed since the caller read the case: the tombstone takes nothing
          ConditionExpression: 'attribute_not_exists(deleted)',
          ExpressionAttributeValues: {
            ':crn': event.crn,
            ':zero': 0,
            ':empty': {},
            ':one': 1,
            ':thin': { eventType: event.eventType, eventId: event.eventId, occurredAt: event.occurredAt },
          },
        }),
      )
    } catch (e) {
      if (isConditionalFailure(e)) return
      throw e
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: thinCounterKey(event.eventType),
        UpdateExpression: 'ADD #count :one',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    )
  }

  async erase(crn: string, expected: CaseExpectation, deletion: Deletion): Promise<CommitOutcome> {
    const b = new ExpressionBuilder()
    b.expectation(expected)
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...caseKey(crn),
            crn,
            inputsVersion: expected.inputsVersion + 1,
            outbox: {},
            updatedAt: deletion.at,
            deleted: deletion,
          },
          ConditionExpression: b.conditions.join(' AND '),
          ...(Object.keys(b.names).length ? { ExpressionAttributeNames: b.names } : {}),
          ...(Object.keys(b.values).length ? { ExpressionAttributeValues: b.values } : {}),
        }),
      )
      return 'committed'
    } catch (e) {
      if (isConditionalFailure(e)) return 'conflict'
      throw e
    }
  }

  async deleteCalculations(crn: string): Promise<number> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calc)',
        ExpressionAttributeValues: { ':pk': casePk(crn), ':calc': CALC_PREFIX },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
        Limit: BATCH_WRITE_LIMIT,
      }),
    )
    const keys = out.Items ?? []
    if (keys.length === 0) return 0
    await this.batchWrite(keys.map(key => ({ DeleteRequest: { Key: { pk: key.pk, sk: key.sk } } })))
    return keys.length
  }

  async getMany(crns: readonly string[], meter?: CapacityMeter): Promise<CaseRecord[]> {
    if (crns.length > BATCH_GET_LIMIT) throw new RangeError(`getMany reads at most ${BATCH_GET_LIMIT} cases`)
    const found: CaseRecord[] = []
    let pending: Record<string, unknown>[] = [...new Set(crns)].map(caseKey)
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed keys')
      if (attempt > 0) await new Promise(r => setTimeout(r, 2 ** attempt * 10))
      const out = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
          ReturnConsumedCapacity: meter ? 'TOTAL' : undefined,
        }),
      )
      meterAdd(meter, 'read', out.ConsumedCapacity)
      found.push(...(out.Responses?.[this.tableName] ?? []).map(caseFromItem))
      pending = (out.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined) ?? []
    }
    return found
  }

  async moveCalculations(sourceCrn: string, targetCrn: string): Promise<number> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calc)',
        ExpressionAttributeValues: { ':pk': casePk(sourceCrn), ':calc': CALC_PREFIX },
        ConsistentRead: true,
        Limit: 12,
      }),
    )
    const items = out.Items ?? []
    if (items.length === 0) return 0
    const puts = items.map(item => ({
      PutRequest: { Item: { ...item, pk: casePk(targetCrn), crn: targetCrn, movedFromCrn: sourceCrn } },
    }))
    const deletes = items.map(item => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }))
    // copies first, then deletes: a crash in between leaves a copy on each side, never none
    await this.batchWrite(puts)
    await this.batchWrite(deletes)
    return items.length
  }

  private batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    return batchWriteAll(this.client, this.tableName, requests)
  }

  async getCalculation(crn: string, calculationId: string): Promise<CalculationRecord | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: calculationKey(crn, calculationId) }),
    )
    return out.Item ? calculationFromItem(out.Item) : null
  }

  async listCalculations(crn: string, page: { limit: number; cursor?: string }): Promise<CalculationPage> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :calc)',
        ExpressionAttributeValues: { ':pk': casePk(crn), ':calc': CALC_PREFIX },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.cursor
          ? { ExclusiveStartKey: { pk: casePk(crn), sk: decodeCursor(page.cursor, historyCursorSchema).sk } }
          : {}),
      }),
    )
    const last = out.LastEvaluatedKey
    return {
      items: (out.Items ?? []).map(calculationFromItem),
      cursor: last ? encodeCursor({ sk: last.sk }) : null,
    }
  }

  async listCases(
    scan: { segment: number; totalSegments: number; cursor: SegmentCursor | null; limit: number },
    meter?: CapacityMeter,
  ): Promise<{ cases: CaseRecord[]; cursor: SegmentCursor | null }> {
    const bucket = scan.cursor?.bucket ?? scan.segment
    if (bucket >= LISTING_BUCKETS) return { cases: [], cursor: null }
    const after = scan.cursor?.after ?? null
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: CASE_LISTING_INDEX,
        KeyConditionExpression: 'gsi1pk = :bucket',
        ExpressionAttributeValues: { ':bucket': listingPk(bucket) },
        Limit: scan.limit,
        ...(after ? { ExclusiveStartKey: after } : {}),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
    meterAdd(meter, 'read', out.ConsumedCapacity ? [out.ConsumedCapacity] : undefined)
    const last = out.LastEvaluatedKey as Record<string, string> | undefined
    const nextBucket = bucket + scan.totalSegments
    return {
      cases: (out.Items ?? []).map(caseFromItem),
      cursor: last
        ? { bucket, after: last }
        : nextBucket < LISTING_BUCKETS
          ? { bucket: nextBucket, after: null }
          : null,
    }
  }

  async estimateCaseCount(): Promise<number | null> {
    const out = await this.client.send(new DescribeTableCommand({ TableName: this.tableName }))
    const index = out.Table?.GlobalSecondaryIndexes?.find(i => i.IndexName === CASE_LISTING_INDEX)
    return index?.ItemCount ?? null
  }
}
