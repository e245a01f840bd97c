/**
 * The allocation service's state in its one DynamoDB table (single-table design):
 *
 * | item | pk | sk | gsi1 (pk / sk) | gsi2 (pk / sk) |
 * |---|---|---|---|---|
 * | case | `CASE#<noms>` | `CASE` | `LIST#<prison>#<bucket>` / `SURNAME FIRST#<noms>` | `LIST#<prison>#<bucket>` / `<date>#<noms>` |
 * | POM role on a case | `CASE#<noms>` | `ROLE#primary` \| `ROLE#coworking` | — | `CASELOAD#<prison>` / `<staffId>#<noms>#<role>` |
 * | COM on a case | `CASE#<noms>` | `COM` | — | `COMLOAD#<pdu>` / `<staffCode>#<noms>` |
 * | case needing a COM | `CASE#<noms>` | `COMDEMAND` | `COMDEMAND#<pdu>` / `<neededBy>#<noms>` | — |
 * | history | `CASE#<noms>` | `HISTORY#<at>#<id>` | — | — |
 * | outbox entry of a case | `CASE#<noms>` | `OUTBOX#<id>` | `OUTBOX` / `<savedAt>#<noms>#<id>` | — |
 * | POM | `POMS#<prison>` | `POM#<staffId>` | — | — |
 * | COM | `COMS#<pdu>` | `COM#<staffCode>` | — | — |
 *
 * (CRN links and what is parked by CRN are lambda-kit `DynamoCrnLinks` items in the same table: `CRN#<crn>` / `CRN`.)
 *
 * A case and everything derived from it are written in one transaction, conditional on the case's version, so
 * two writers can never both win and the lists, caseloads and outbox always agree with the case.
 */

import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb'
import {
  batchWriteAll,
  decodeCursor,
  encodeCursor,
  isConditionalFailure,
  type OutboxEntry,
  type OutgoingEvent,
  type PendingOutbox,
  queryAll,
  type WriteRequest,
} from '@omic/lambda-kit'
import { z } from 'zod'
import {
  BUCKET_OF_LIST,
  type CaseloadEntry,
  type CaseRecord,
  type CaseStatus,
  type ComCaseloadEntry,
  type ComDemandEntry,
  type ComRecord,
  caseloadEntrySchema,
  caseRecordSchema,
  comCaseloadEntrySchema,
  comDemandEntrySchema,
  comRecordSchema,
  type HistoryEntry,
  historyEntrySchema,
  indexEntriesOf,
  type ListQuery,
  type Page,
  type PomRecord,
  pomRecordSchema,
} from '../model'
import type { AllocationStore, CaseCommit, CommitOutcome, PutOutcome } from '../ports'

type Item = Record<string, unknown>
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number]

const caseKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'CASE' })
const roleKey = (noms: string, role: 'primary' | 'coworking') => ({ pk: `CASE#${noms}`, sk: `ROLE#${role}` })
const comKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'COM' })
const demandKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'COMDEMAND' })
const outboxKey = (noms: string, id: string) => ({ pk: `CASE#${noms}`, sk: `OUTBOX#${id}` })
const pomKey = (prisonId: string, staffId: number) => ({ pk: `POMS#${prisonId}`, sk: `POM#${staffId}` })
const comRecordKey = (pdu: string, staffCode: string) => ({ pk: `COMS#${pdu}`, sk: `COM#${staffCode}` })
const listPk = (prisonId: string, bucket: string) => `LIST#${prisonId}#${bucket}`
/** The sparse index partition every case's outbox entries are found by (gsi1). */
const OUTBOX_INDEX = 'OUTBOX'

/** A DynamoDB `LastEvaluatedKey`, as a cursor carries it. */
const keyCursor = z.record(z.string(), z.string())
/** New arrivals page by the last date key returned. */
const afterCursor = z.object({ after: z.string() })

const outboxItemSchema = z.object({
  nomsNumber: z.string(),
  id: z.string(),
  savedAt: z.string(),
  // checked against its contract when it is published
  event: z.custom<OutgoingEvent>(v => typeof v === 'object' && v !== null),
})

export class DynamoAllocationStore implements AllocationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // -------------------------------------------------------------------------------------------------------------
  // Cases

  async getCase(nomsNumber: string): Promise<CaseRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(nomsNumber), ConsistentRead: true }),
    )
    return out.Item ? caseRecordSchema.parse(out.Item) : undefined
  }

  async caseWithHistory(nomsNumber: string): Promise<{ record: CaseRecord | undefined; history: HistoryEntry[] }> {
    // the case's whole partition: the case, its derived items, its history and outbox (strongly consistent)
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${nomsNumber}` },
      ConsistentRead: true,
    })
    const item = items.find(i => i.sk === 'CASE')
    return {
      record: item ? caseRecordSchema.parse(item) : undefined,
      history: items.filter(i => String(i.sk).startsWith('HISTORY#')).map(i => historyEntrySchema.parse(i)),
    }
  }

  private caseItem(record: CaseRecord, status: CaseStatus): Item {
    const { list } = indexEntriesOf(record, status)
    return {
      ...record,
      ...caseKey(record.nomsNumber),
      ...(list
        ? {
            bucket: list.bucket,
            gsi1pk: listPk(list.prisonId, list.bucket),
            gsi1sk: list.nameKey,
            gsi2pk: listPk(list.prisonId, list.bucket),
            gsi2sk: list.dateKey,
          }
        : {}),
    }
  }

  /** The puts and deletes that bring a case's derived items from `before` to `after`. */
  private derivedWrites(
    before: CaseRecord,
    beforeStatus: CaseStatus | null,
    after: CaseRecord | null,
    afterStatus: CaseStatus | null,
  ): TransactItem[] {
    const noms = before.nomsNumber
    const old = beforeStatus && before.version > 0 ? indexEntriesOf(before, beforeStatus) : null
    const next = after && afterStatus ? indexEntriesOf(after, afterStatus) : null
    const writes: TransactItem[] = []
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
    for (const role of ['primary', 'coworking'] as const) {
      const pick = (entries: CaseloadEntry[] | undefined) =>
        entries?.find(e => (role === 'coworking' ? e.role === 'co_working' : e.role !== 'co_working')) ?? null
      const was = pick(old?.caseload)
      const now = pick(next?.caseload)
      if (now && !same(was, now)) {
        writes.push({
          Put: {
            TableName: this.tableName,
            Item: {
              ...roleKey(noms, role),
              ...now,
              gsi2pk: `CASELOAD#${now.prisonId}`,
              gsi2sk: `${now.staffId}#${noms}#${role}`,
            },
          },
        })
      } else if (!now && (was || old === null)) {
        writes.push({ Delete: { TableName: this.tableName, Key: roleKey(noms, role) } })
      }
    }
    const wasCom = old?.comLoad ?? null
    const nowCom = next?.comLoad ?? null
    if (nowCom && !same(wasCom, nowCom)) {
      writes.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...comKey(noms),
            ...nowCom,
            gsi2pk: `COMLOAD#${nowCom.pduCode}`,
            gsi2sk: `${nowCom.staffCode}#${noms}`,
          },
        },
      })
    } else if (!nowCom && (wasCom || old === null)) {
      writes.push({ Delete: { TableName: this.tableName, Key: comKey(noms) } })
    }
    const wasDemand = old?.comDemand ?? null
    const nowDemand = next?.comDemand ?? null
    if (nowDemand && !same(wasDemand, nowDemand)) {
      writes.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...demandKey(noms),
            ...nowDemand,
            gsi1pk: `COMDEMAND#${nowDemand.pduCode}`,
            gsi1sk: `${nowDemand.neededBy}#${noms}`,
          },
        },
      })
    } else if (!nowDemand && (wasDemand || old === null)) {
      writes.push({ Delete: { TableName: this.tableName, Key: demandKey(noms) } })
    }
    // A brand-new case has nothing derived yet: deleting what does not exist is pointless work
    return before.version === 0 ? writes.filter(w => w.Delete === undefined) : writes
  }

  async commit(change: CaseCommit): Promise<CommitOutcome> {
    const { before, after, status } = change
    const version = before.version
    const stored: CaseRecord = { ...after, version: version + 1 }
    const condition =
      version === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': version } }
    const caseWrite: TransactItem = {
      Put: { TableName: this.tableName, Item: this.caseItem(stored, status), ...condition },
    }
    const beforeStatus = change.beforeStatus ?? null
    const writes: TransactItem[] = [caseWrite, ...this.derivedWrites(before, beforeStatus, stored, status)]
    for (const h of change.history) {
      writes.push({
        Put: { TableName: this.tableName, Item: { pk: `CASE#${h.nomsNumber}`, sk: `HISTORY#${h.at}#${h.id}`, ...h } },
      })
    }
    for (const entry of change.events)
      writes.push({ Put: { TableName: this.tableName, Item: this.outboxItem(after.nomsNumber, entry) } })
    try {
      if (writes.length === 1) {
        await this.client.send(new PutCommand(caseWrite.Put as ConstructorParameters<typeof PutCommand>[0]))
      } else {
        await this.client.send(new TransactWriteCommand({ TransactItems: writes }))
      }
      return { committed: true }
    } catch (e) {
      if (isConditionalFailure(e)) return { committed: false }
      throw e
    }
  }

  async removeMergedCase(record: CaseRecord, status: CaseStatus): Promise<boolean> {
    const writes: TransactItem[] = [
      {
        Delete: {
          TableName: this.tableName,
          Key: caseKey(record.nomsNumber),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': record.version },
        },
      },
      ...this.derivedWrites(record, status, null, null),
    ]
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: writes }))
      return true
    } catch (e) {
      if (isConditionalFailure(e)) return false
      throw e
    }
  }

  async history(nomsNumber: string): Promise<HistoryEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':pk': `CASE#${nomsNumber}`, ':h': 'HISTORY#' },
    })
    return items.map(i => historyEntrySchema.parse(i))
  }

  async moveHistory(from: string, to: string): Promise<void> {
    const entries = await this.history(from)
    for (let i = 0; i < entries.length; i += 25) {
      const batch = entries.slice(i, i + 25)
      await this.batchWrite(
        batch.map(h => ({
          PutRequest: {
            Item: { pk: `CASE#${to}`, sk: `HISTORY#${h.at}#${h.id}`, ...h, nomsNumber: to, mergedFrom: from },
          },
        })),
      )
      await this.batchWrite(
        batch.map(h => ({ DeleteRequest: { Key: { pk: `CASE#${from}`, sk: `HISTORY#${h.at}#${h.id}` } } })),
      )
    }
  }

  private batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    return batchWriteAll(this.client, this.tableName, requests)
  }

  // -------------------------------------------------------------------------------------------------------------
  // Lists and caseloads

  async listCases(query: ListQuery): Promise<Page<CaseRecord>> {
    if (query.list === 'new-arrivals') return this.newArrivals(query)
    const bucket = BUCKET_OF_LIST[query.list]
    const byName = query.sort === 'name'
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byName ? 'gsi1' : 'gsi2',
        KeyConditionExpression: `${byName ? 'gsi1pk' : 'gsi2pk'} = :p`,
        ExpressionAttributeValues: { ':p': listPk(query.prisonId, bucket) },
        ScanIndexForward: query.order === 'asc',
        Limit: query.limit,
        ...(query.cursor ? { ExclusiveStartKey: decodeCursor(query.cursor, keyCursor) } : {}),
      }),
    )
    return {
      items: (out.Items ?? []).map(i => caseRecordSchema.parse(i)),
      cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    }
  }

  /**
   * Cases not yet allocated that arrived on or after a date: the unallocated and missing-info lists merged by
   * date (keyset paging: the cursor is the last date key returned, so both partitions page together).
   */
  private async newArrivals(query: ListQuery): Promise<Page<CaseRecord>> {
    const from = query.arrivedOnOrAfter ?? '0000-00-00'
    const after = query.cursor ? decodeCursor(query.cursor, afterCursor).after : undefined
    const asc = query.order === 'asc'
    const parts = await Promise.all(
      (['UNALLOCATED', 'MISSING_INFO'] as const).map(bucket => {
        const upper = asc ? '\uffff' : (after ?? '\uffff')
        const lower = asc ? (after ?? from) : from
        return this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :p AND gsi2sk BETWEEN :lo AND :hi',
            ExpressionAttributeValues: { ':p': listPk(query.prisonId, bucket), ':lo': lower, ':hi': upper },
            ScanIndexForward: asc,
            Limit: query.limit + 1,
          }),
        )
      }),
    )
    const seen = parts
      .flatMap(p => p.Items ?? [])
      .filter(i => i.gsi2sk !== after)
      .sort((a, b) => (String(a.gsi2sk) < String(b.gsi2sk) ? -1 : 1) * (asc ? 1 : -1))
    const page = seen.slice(0, query.limit)
    const more = seen.length > query.limit || parts.some(p => p.LastEvaluatedKey !== undefined)
    const last = page.at(-1)
    return {
      items: page
        .filter(i => typeof i.arrivedOn === 'string' && i.arrivedOn >= from)
        .map(i => caseRecordSchema.parse(i)),
      cursor: more && last ? encodeCursor({ after: String(last.gsi2sk) }) : undefined,
    }
  }

  private queryAll(input: QueryCommandInput): Promise<Item[]> {
    return queryAll(this.client, input)
  }

  async caseload(prisonId: string, staffId?: number): Promise<CaseloadEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: staffId === undefined ? 'gsi2pk = :p' : 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
      ExpressionAttributeValues: {
        ':p': `CASELOAD#${prisonId}`,
        ...(staffId === undefined ? {} : { ':s': `${staffId}#` }),
      },
      ProjectionExpression: 'staffId, nomsNumber, prisonId, #r, tier, allocatedAt',
      ExpressionAttributeNames: { '#r': 'role' },
    })
    return items.map(i => caseloadEntrySchema.parse(i))
  }

  async comCaseload(pduCode: string, staffCode?: string): Promise<ComCaseloadEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: staffCode === undefined ? 'gsi2pk = :p' : 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
      ExpressionAttributeValues: {
        ':p': `COMLOAD#${pduCode}`,
        ...(staffCode === undefined ? {} : { ':s': `${staffCode}#` }),
      },
    })
    return items.map(i => comCaseloadEntrySchema.parse(i))
  }

  async comDemand(
    pduCode: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ComDemandEntry>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `COMDEMAND#${pduCode}` },
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor, keyCursor) } : {}),
      }),
    )
    return {
      items: (out.Items ?? []).map(i => comDemandEntrySchema.parse(i)),
      cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // Staff registry

  private async putVersioned(key: Item, item: Item, expectedVersion: number): Promise<PutOutcome> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...item, ...key },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      )
      return 'written'
    } catch (e) {
      if (isConditionalFailure(e)) return 'conflict'
      throw e
    }
  }

  async getPom(prisonId: string, staffId: number): Promise<PomRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: pomKey(prisonId, staffId) }))
    return out.Item ? pomRecordSchema.parse(out.Item) : undefined
  }

  putPom(pom: PomRecord, expectedVersion: number): Promise<PutOutcome> {
    return this.putVersioned(pomKey(pom.prisonId, pom.staffId), pom, expectedVersion)
  }

  async listPoms(prisonId: string): Promise<PomRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `POMS#${prisonId}` },
    })
    return items.map(i => pomRecordSchema.parse(i))
  }

  async getCom(pduCode: string, staffCode: string): Promise<ComRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: comRecordKey(pduCode, staffCode) }),
    )
    return out.Item ? comRecordSchema.parse(out.Item) : undefined
  }

  putCom(com: ComRecord, expectedVersion: number): Promise<PutOutcome> {
    return this.putVersioned(comRecordKey(com.pduCode, com.staffCode), com, expectedVersion)
  }

  async listComs(pduCode: string): Promise<ComRecord[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `COMS#${pduCode}` },
    })
    return items.map(i => comRecordSchema.parse(i))
  }

  // -------------------------------------------------------------------------------------------------------------
  // Outbox (lambda-kit OutboxStore, by NOMS number)

  private outboxItem(nomsNumber: string, entry: OutboxEntry): Item {
    return {
      ...outboxKey(nomsNumber, entry.id),
      gsi1pk: OUTBOX_INDEX,
      gsi1sk: `${entry.savedAt}#${nomsNumber}#${entry.id}`,
      nomsNumber,
      id: entry.id,
      savedAt: entry.savedAt,
      event: entry.event,
    }
  }

  async pendingBefore(before: string, limit: number): Promise<readonly PendingOutbox<string>[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :before',
        ExpressionAttributeValues: { ':p': OUTBOX_INDEX, ':before': before },
        Limit: limit,
      }),
    )
    const pending = new Map<string, OutboxEntry[]>()
    for (const item of out.Items ?? []) {
      const { nomsNumber, id, savedAt, event } = outboxItemSchema.parse(item)
      pending.set(nomsNumber, [...(pending.get(nomsNumber) ?? []), { id, savedAt, event }])
    }
    return [...pending].map(([ref, entries]) => ({ ref, entries }))
  }

  async clear(nomsNumber: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += 25) {
      await this.batchWrite(ids.slice(i, i + 25).map(id => ({ DeleteRequest: { Key: outboxKey(nomsNumber, id) } })))
    }
  }
}
