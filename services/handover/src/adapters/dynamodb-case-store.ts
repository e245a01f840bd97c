import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { MarkerExistsError, RuleRejectedError, VersionConflictError } from '../errors'
import {
  caseKey,
  crnKey,
  duePk,
  forecastPk,
  HISTORY_PREFIX,
  historySk,
  indexAttributes,
  listPk,
  SENT_PREFIX,
  SWEEP_KEY,
  sentSk,
} from '../model/keys'
import {
  type CaseList,
  type CaseRecord,
  caseRecordSchema,
  type DomainEvent,
  type ForecastEntry,
  type HistoryEntry,
  historyEntrySchema,
  type SentKey,
  type SentMarker,
} from '../model/records'
import type { CaseStore, CaseWrite, OutboxWrite, Page, ParkedParts, SweepState } from '../ports'

type Item = Record<string, unknown>

/** The outbox of one version of a case, and that version's calculated due day (undefined: not recorded). */
interface OutboxView {
  pending: readonly DomainEvent[]
  version: number
  calculatedDueDate: string | null | undefined
}

function encodeCursor(key: Item | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined
}

function decodeCursor(cursor: string | undefined, partition: { name: string; value: string }): Item | undefined {
  if (!cursor) return undefined
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      typeof key === 'object' &&
      key !== null &&
      Object.values(key).every(v => typeof v === 'string') &&
      (key as Item)[partition.name] === partition.value
    ) {
      return key as Item
    }
  } catch {
    // not base64url JSON
  }
  throw new RuleRejectedError('query.cursor', 'is not a cursor of this list; start again without it')
}

function toCase(item: Item): CaseRecord {
  return caseRecordSchema.parse(item)
}

/**
 * The handover read model in the service's DynamoDB table (key design in model/keys.ts). Every calculation is one
 * transaction: the case (conditional on its version), its history item, its sent-markers (conditional: never twice)
 * and its forecast items.
 */
export class DynamoDbCaseStore implements CaseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(nomsNumber: string): Promise<CaseRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: caseKey(nomsNumber), ConsistentRead: true }),
    )
    return out.Item ? toCase(out.Item) : undefined
  }

  async save(write: CaseWrite): Promise<void> {
    const { record } = write
    const noms = record.nomsNumber
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Put: {
          TableName: this.tableName,
          // the trace lives in the history item of the same version: the case item stays small for the indexes
          Item: {
            ...record,
            calculation: record.calculation && { ...record.calculation, trace: [] },
            ...caseKey(noms),
            ...indexAttributes(record),
          },
          ...(write.expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                // and nobody edited the outbox since it was read (cleared or handed back an event)
                ConditionExpression: 'version = :v AND (attribute_not_exists(outboxRevision) OR outboxRevision = :r)',
                ExpressionAttributeValues: { ':v': write.expectedVersion, ':r': record.outboxRevision },
              }),
        },
      },
    ]
    if (write.history) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            pk: caseKey(noms).pk,
            sk: historySk(write.history.calculatedAt, write.history.version, noms),
            ...write.history,
          },
        },
      })
    }
    for (const m of write.markers) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { pk: caseKey(noms).pk, sk: sentSk(m.episodeId, m.key), ...m },
          ...(m.repeatableOnOrBefore === null
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'attribute_not_exists(pk) OR sentOn <= :cutoff',
                ExpressionAttributeValues: { ':cutoff': m.repeatableOnOrBefore },
              }),
        },
      })
    }
    const keep = new Set(write.forecast.put.map(f => `${f.pdu}|${f.sk}`))
    for (const f of write.forecast.put) {
      items.push({ Put: { TableName: this.tableName, Item: { ...f, pk: forecastPk(f.pdu), sk: f.sk } } })
    }
    for (const f of write.forecast.remove) {
      if (keep.has(`${f.pdu}|${f.sk}`)) continue
      items.push({ Delete: { TableName: this.tableName, Key: { pk: forecastPk(f.pdu), sk: f.sk } } })
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }))
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e
      const reasons = e.CancellationReasons ?? []
      if (reasons.some(r => r.Code === 'TransactionConflict') || reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw new VersionConflictError(noms)
      }
      const offset = write.history ? 2 : 1
      const sent = write.markers.filter((_, i) => reasons[offset + i]?.Code === 'ConditionalCheckFailed')
      if (sent.length > 0) throw new MarkerExistsError(sent.map(m => m.key))
      throw e
    }
  }

  async clearPending(nomsNumber: string, outbox: OutboxWrite, nextDueDate: string | null): Promise<boolean> {
    return this.editOutbox(nomsNumber, outbox, nextDueDate, (indices, left, view, values) => {
      const remove = indices.map(i => `pendingEvents[${i}]`)
      const set: string[] = []
      // the last event out: the case goes back under the due day of the version that now holds the outbox (the
      // update is conditional on that version), whichever writer saved it
      if (left === 0 && view.calculatedDueDate !== undefined) {
        const due = view.calculatedDueDate
        set.push('nextDueDate = :d')
        values[':d'] = due
        if (due) {
          set.push('gsi2pk = :pk', 'gsi2sk = :noms')
          values[':pk'] = duePk(due)
          values[':noms'] = nomsNumber
        } else {
          remove.push('gsi2pk', 'gsi2sk')
        }
      }
      return `${set.length > 0 ? `SET ${set.join(', ')} ` : ''}REMOVE ${remove.join(', ')}`
    })
  }

  async releasePending(nomsNumber: string, outbox: OutboxWrite): Promise<boolean> {
    return this.editOutbox(nomsNumber, outbox, undefined, (indices, _left, _view, values) => {
      values[':released'] = new Date(0).toISOString()
      return `SET ${indices.map(i => `pendingEvents[${i}].publishAfter = :released`).join(', ')}`
    })
  }

  /**
   * One conditional update of some outbox events, found by id: first where the writer saved them, then (when the
   * outbox moved: a later version, or another writer's events removed) where a consistent read finds them.
   */
  private async editOutbox(
    nomsNumber: string,
    outbox: OutboxWrite,
    savedDueDate: string | null | undefined,
    update: (indices: number[], left: number, view: OutboxView, values: Item) => string,
  ): Promise<boolean> {
    let view: OutboxView | undefined = {
      pending: outbox.saved,
      version: outbox.version,
      calculatedDueDate: savedDueDate,
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      if (!view) {
        const current = await this.load(nomsNumber)
        if (!current) return false
        view = {
          pending: current.pendingEvents,
          version: current.version,
          calculatedDueDate: current.calculatedDueDate,
        }
      }
      const wanted = new Set(outbox.ids)
      const indices = view.pending.flatMap((e, i) => (e.id !== undefined && wanted.has(e.id) ? [i] : []))
      if (indices.length === 0) return false
      const values: Item = { ':v': view.version, ':n': view.pending.length }
      const conditions = ['version = :v', 'size(pendingEvents) = :n']
      indices.forEach((i, n) => {
        values[`:id${n}`] = view?.pending[i]?.id
        conditions.push(`pendingEvents[${i}].id = :id${n}`)
      })
      values[':one'] = 1
      values[':zero'] = 0
      const edit = update(indices, view.pending.length - indices.length, view, values)
      const revision = 'outboxRevision = if_not_exists(outboxRevision, :zero) + :one'
      const expression = edit.startsWith('SET ') ? `SET ${revision}, ${edit.slice(4)}` : `SET ${revision} ${edit}`
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: caseKey(nomsNumber),
            UpdateExpression: expression,
            ConditionExpression: conditions.join(' AND '),
            ExpressionAttributeValues: values,
          }),
        )
        return true
      } catch (e) {
        if (!(e instanceof ConditionalCheckFailedException)) throw e
        view = undefined
      }
    }
    return false
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const out: Item[] = []
    let start: Item | undefined
    do {
      const page = await this.client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }))
      out.push(...((page.Items ?? []) as Item[]))
      start = page.LastEvaluatedKey as Item | undefined
    } while (start)
    return out
  }

  async history(nomsNumber: string, limit: number): Promise<HistoryEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': caseKey(nomsNumber).pk, ':h': HISTORY_PREFIX },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(i => historyEntrySchema.parse(i))
  }

  async allHistory(nomsNumber: string): Promise<HistoryEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
      ExpressionAttributeValues: { ':pk': caseKey(nomsNumber).pk, ':h': HISTORY_PREFIX },
      ScanIndexForward: true,
    })
    return items.map(i => historyEntrySchema.parse({ ...i, trace: [], happened: [] }))
  }

  async sentMarkers(nomsNumber: string): Promise<SentMarker[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': caseKey(nomsNumber).pk, ':s': SENT_PREFIX },
    })
    return items.map(i => ({
      episodeId: String(i.episodeId),
      key: String(i.key) as SentKey,
      dueDate: String(i.dueDate),
      sentOn: String(i.sentOn),
      repeatableOnOrBefore: typeof i.repeatableOnOrBefore === 'string' ? i.repeatableOnOrBefore : null,
    }))
  }

  async absorb(from: CaseRecord, to: string): Promise<void> {
    const fromPk = caseKey(from.nomsNumber).pk
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': fromPk },
    })
    const moved = items
      .filter(i => String(i.sk).startsWith(HISTORY_PREFIX) || String(i.sk).startsWith(SENT_PREFIX))
      .map(i => ({ ...i, pk: caseKey(to).pk, movedFrom: from.nomsNumber }))
    await this.batch(moved.map(Item => ({ PutRequest: { Item } })))
    await this.batch([
      ...items.map(i => ({ DeleteRequest: { Key: { pk: fromPk, sk: i.sk } } })),
      ...from.forecastKeys.map(f => ({ DeleteRequest: { Key: { pk: forecastPk(f.pdu), sk: f.sk } } })),
    ])
  }

  private async batch(requests: Item[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let pending: Item[] | undefined = requests.slice(i, i + 25)
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error('DynamoDB kept returning unprocessed items')
        const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }))
        pending = out.UnprocessedItems?.[this.tableName] as Item[] | undefined
        if (pending?.length) await new Promise(r => setTimeout(r, 20 * 2 ** attempt))
      }
    }
  }

  private parked(item: Item | undefined): ParkedParts {
    return {
      nomsNumber: typeof item?.nomsNumber === 'string' ? item.nomsNumber : undefined,
      probation: item?.parkedProbation as ParkedParts['probation'],
      com: item?.parkedCom as ParkedParts['com'],
    }
  }

  async linkCrn(crn: string, nomsNumber: string): Promise<ParkedParts> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: crnKey(crn),
        UpdateExpression: 'SET nomsNumber = :n',
        ExpressionAttributeValues: { ':n': nomsNumber },
        ReturnValues: 'ALL_OLD',
      }),
    )
    return this.parked(out.Attributes)
  }

  async clearParked(crn: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: crnKey(crn),
        UpdateExpression: 'REMOVE parkedProbation, parkedCom',
      }),
    )
  }

  async crnLink(crn: string): Promise<ParkedParts> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: crnKey(crn), ConsistentRead: true }),
    )
    return this.parked(out.Item)
  }

  async park(crn: string, part: 'probation' | 'com', value: Record<string, unknown>, at: string): Promise<boolean> {
    const attribute = part === 'probation' ? 'parkedProbation' : 'parkedCom'
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnKey(crn),
          UpdateExpression: 'SET #p = :v',
          ConditionExpression: 'attribute_not_exists(#p) OR #p.#at <= :at',
          ExpressionAttributeNames: { '#p': attribute, '#at': 'at' },
          ExpressionAttributeValues: { ':v': { ...value, at }, ':at': at },
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      throw e
    }
  }

  private async page(
    input: QueryCommandInput,
    partition: { name: string; value: string },
    cursor: string | undefined,
  ): Promise<Page<CaseRecord>> {
    const out = await this.client.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: decodeCursor(cursor, partition),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
    return {
      items: (out.Items ?? []).map(toCase),
      cursor: encodeCursor(out.LastEvaluatedKey as Item | undefined),
      consumedReadUnits: out.ConsumedCapacity?.CapacityUnits ?? 0,
    }
  }

  async listCases(prisonId: string, list: CaseList, page: { limit: number; cursor?: string }) {
    const pk = listPk(prisonId, list === 'com-overdue' ? 'in-progress' : list)
    return this.page(
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression:
          list === 'com-overdue' ? 'gsi1pk = :pk AND begins_with(gsi1sk, :overdue)' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': pk, ...(list === 'com-overdue' ? { ':overdue': 'OVERDUE#' } : {}) },
        Limit: page.limit,
      },
      { name: 'gsi1pk', value: pk },
      page.cursor,
    )
  }

  async dueCases(date: string, page: { limit: number; cursor?: string }) {
    const pk = duePk(date)
    return this.page(
      {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: page.limit,
      },
      { name: 'gsi2pk', value: pk },
      page.cursor,
    )
  }

  async sweepState(): Promise<SweepState | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: SWEEP_KEY, ConsistentRead: true }),
    )
    if (!out.Item) return undefined
    return {
      lastRunDate: String(out.Item.lastRunDate),
      lastRunAt: String(out.Item.lastRunAt),
      lastRunStats: (out.Item.lastRunStats ?? {}) as Record<string, number>,
    }
  }

  async saveSweepState(state: SweepState): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...SWEEP_KEY, ...state } }))
  }

  async forecast(pdu: string, from: string, toInclusive: string): Promise<ForecastEntry[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': forecastPk(pdu), ':from': from, ':to': `${toInclusive}~` },
    })
    return items.map(i => ({
      pdu,
      sk: String(i.sk),
      date: String(i.date),
      kind: i.kind === 'start' ? 'start' : 'handover',
      lduCode: typeof i.lduCode === 'string' ? i.lduCode : null,
      nomsNumber: String(i.nomsNumber),
    }))
  }
}
