import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import {
  batchWriteAll,
  cancellationReasons,
  decodeCursor,
  encodeCursor,
  isConditionalFailure,
  OptimisticRetryExhaustedError,
  OUTBOX_DRAIN_GRACE_MS,
  type OutboxEntry,
  type PendingOutbox,
  queryAll,
  type WriteRequest,
  withOptimisticRetry,
} from '@omic/lambda-kit'
import { z } from 'zod'
import { MarkerExistsError, VersionConflictError } from '../errors'
import {
  caseKey,
  duePk,
  forecastPk,
  HISTORY_PREFIX,
  historySk,
  indexAttributes,
  listPk,
  OUTBOX_PK,
  outboxMarkerKey,
  SENT_PREFIX,
  SWEEP_KEY,
  sentSk,
} from '../model/keys'
import { abandoned, DRAIN_HOLDER, earliestLease, OUTBOX_LEASE_MS, published } from '../model/outbox'
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
import type { CaseOutboxRef, CaseStore, CaseWrite, OutboxWrite, Page, SweepState } from '../ports'
import { outgoingEvent } from './eventbridge-event-sink'

type Item = Record<string, unknown>

/** Selects the outbox events with these ids. */
const byIds = (ids: readonly string[]) => (view: OutboxView) => {
  const wanted = new Set(ids)
  return view.pending.flatMap((e, i) => (e.id !== undefined && wanted.has(e.id) ? [i] : []))
}
type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>

/** The outbox of one version of a case, and that version's calculated due day (undefined: not recorded). */
interface OutboxView {
  pending: readonly DomainEvent[]
  version: number
  calculatedDueDate: string | null | undefined
  /** The outbox revision read (a claim is conditional on it: two drains never claim the same entries). */
  revision?: number
}

/** A page's cursor is the query's LastEvaluatedKey; one of another list (or prison, or due day) is refused. */
const cursorOf = (partition: { name: string; value: string }) =>
  z.record(z.string(), z.string()).refine(key => key[partition.name] === partition.value)

/** The drain's marker of a case with outbox events (model/keys.ts). */
const outboxMarkerSchema = z.object({ nomsNumber: z.string(), version: z.number(), leaseEnds: z.string() })

function toCase(item: Item): CaseRecord {
  return caseRecordSchema.parse(item)
}

/**
 * The handover read model in the service's DynamoDB table (key design in model/keys.ts). Every calculation is one
 * transaction: the case (conditional on its version), its history item, its sent-markers (conditional: never twice),
 * its forecast items and the outbox drain's marker. It is also the case outbox's store for the drain
 * (`OutboxStore`: `pendingBefore` claims abandoned entries, `clear` removes published ones).
 */
export class DynamoCaseStore implements CaseStore {
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
    // the drain's marker while the outbox holds events (a save never empties it: what it read is carried or taken
    // over; only a clear does, and removes the marker with the last event). Last: the sent-markers keep their places
    const lease = earliestLease(record.pendingEvents)
    if (lease !== null) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...outboxMarkerKey(noms), nomsNumber: noms, version: record.version, leaseEnds: lease },
        },
      })
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }))
    } catch (e) {
      const reasons = cancellationReasons(e)
      if (reasons.length === 0) throw e
      if (reasons.includes('TransactionConflict') || isConditionalFailure(e, 0)) throw new VersionConflictError(noms)
      const offset = write.history ? 2 : 1
      const sent = write.markers.filter((_, i) => isConditionalFailure(e, offset + i))
      if (sent.length > 0) throw new MarkerExistsError(sent.map(m => m.key))
      throw e
    }
  }

  async clearPending(nomsNumber: string, outbox: OutboxWrite, nextDueDate: string | null): Promise<boolean> {
    const first = { pending: outbox.saved, version: outbox.version, calculatedDueDate: nextDueDate }
    return (await this.removeEntries(nomsNumber, first, outbox.ids)) !== null
  }

  async releasePending(nomsNumber: string, outbox: OutboxWrite): Promise<boolean> {
    const first = { pending: outbox.saved, version: outbox.version, calculatedDueDate: undefined }
    const done = await this.editOutbox(
      nomsNumber,
      first,
      byIds(outbox.ids),
      'keep',
      (indices, _left, _view, values) => {
        values[':released'] = new Date(0).toISOString()
        return `SET ${indices.map(i => `pendingEvents[${i}].publishAfter = :released`).join(', ')}`
      },
    )
    return done !== null
  }

  /**
   * The outbox drain's side (OutboxStore): the cases whose marker says a lease ran out before `before`, each with the
   * entries abandoned by then, which it claims first (a lease of its own, conditional on the version and outbox
   * read, as a writer's save claims them), so exactly one of the drain and the case's writers publishes them. A
   * marker whose case has no outbox left (merged away) is removed.
   */
  async pendingBefore(before: string, limit: number): Promise<PendingOutbox<CaseOutboxRef>[]> {
    const markers = await this.queryAll({
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'leaseEnds <= :before',
      ExpressionAttributeValues: { ':pk': OUTBOX_PK, ':before': before },
    })
    const cutoff = new Date(before)
    // the drain publishes right away: its lease runs from its own now (`before` is now less the drain's grace)
    const lease = new Date(cutoff.getTime() + OUTBOX_DRAIN_GRACE_MS + OUTBOX_LEASE_MS).toISOString()
    const oldestFirst = markers
      .flatMap(item => {
        const marker = outboxMarkerSchema.safeParse(item)
        return marker.success ? [marker.data] : []
      })
      .sort((a, b) => a.leaseEnds.localeCompare(b.leaseEnds))
    const out: PendingOutbox<CaseOutboxRef>[] = []
    for (const marker of oldestFirst) {
      if (out.length >= limit) break
      const noms = marker.nomsNumber
      const claimed = await this.editOutbox(
        noms,
        undefined,
        view => view.pending.flatMap((e, i) => (e.id !== undefined && abandoned(e, cutoff) ? [i] : [])),
        'claim',
        (indices, _left, _view, values) => {
          values[':lease'] = lease
          values[':holder'] = DRAIN_HOLDER
          return `SET ${indices.map(i => `pendingEvents[${i}].publishAfter = :lease, pendingEvents[${i}].heldBy = :holder`).join(', ')}`
        },
      )
      if (claimed === null) {
        await this.dropStaleMarker(noms, marker.version)
        continue
      }
      const { view, indices } = claimed
      const saved = view.pending.map((e, i) =>
        indices.includes(i) ? { ...e, publishAfter: lease, heldBy: DRAIN_HOLDER } : e,
      )
      const entries: OutboxEntry[] = indices.flatMap(i => {
        const e = saved[i]
        return e?.id === undefined
          ? []
          : [{ id: e.id, savedAt: e.publishAfter ?? lease, event: outgoingEvent(published(e)) }]
      })
      out.push({
        ref: { nomsNumber: noms, version: view.version, saved, calculatedDueDate: view.calculatedDueDate },
        entries,
      })
    }
    return out
  }

  /** After the drain published them: removes these entries, as a writer's clear does (the due day comes back). */
  async clear(ref: CaseOutboxRef, ids: readonly string[]): Promise<void> {
    const first = { pending: ref.saved, version: ref.version, calculatedDueDate: ref.calculatedDueDate }
    await this.removeEntries(ref.nomsNumber, first, ids)
  }

  /** Removes exactly these outbox events, whichever version now holds them. */
  private removeEntries(nomsNumber: string, first: OutboxView, ids: readonly string[]) {
    return this.editOutbox(nomsNumber, first, byIds(ids), 'remove', (indices, left, view, values) => {
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

  /** A marker left for a case with no abandoned entries: removed unless a writer has put it again since. */
  private async dropStaleMarker(nomsNumber: string, version: number): Promise<void> {
    const current = await this.load(nomsNumber)
    if (current && current.pendingEvents.length > 0) return
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: outboxMarkerKey(nomsNumber),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': version },
        }),
      )
    } catch (e) {
      if (!isConditionalFailure(e)) throw e
    }
  }

  /**
   * One conditional update of some outbox events (`select`ed in the outbox as the writer saved it, else as a
   * consistent read finds it when the outbox moved: a later version, or other events removed), read again and
   * retried when it moved under the update. `remove`: the update takes the selected events out, and the drain's
   * marker goes with the last one (same transaction); `claim`: also conditional on the outbox revision read. The outbox edited (and the indices), or null when nothing
   * was selected, the case is gone, or it kept moving.
   */
  private async editOutbox(
    nomsNumber: string,
    first: OutboxView | undefined,
    select: (view: OutboxView) => number[],
    mode: 'remove' | 'keep' | 'claim',
    update: (indices: number[], left: number, view: OutboxView, values: Item) => string,
  ): Promise<{ view: OutboxView; indices: number[] } | null> {
    try {
      return await withOptimisticRetry(async attempt => {
        const view = attempt === 0 && first ? first : await this.outboxView(nomsNumber)
        if (!view) return null
        const indices = select(view)
        if (indices.length === 0) return null
        const values: Item = { ':v': view.version, ':n': view.pending.length }
        const conditions = ['version = :v', 'size(pendingEvents) = :n']
        if (mode === 'claim') {
          conditions.push('(attribute_not_exists(outboxRevision) OR outboxRevision = :r)')
          values[':r'] = view.revision ?? 0
        }
        indices.forEach((i, n) => {
          values[`:id${n}`] = view.pending[i]?.id
          conditions.push(`pendingEvents[${i}].id = :id${n}`)
        })
        values[':one'] = 1
        values[':zero'] = 0
        const left = view.pending.length - indices.length
        const edit = update(indices, left, view, values)
        const revision = 'outboxRevision = if_not_exists(outboxRevision, :zero) + :one'
        const expression = edit.startsWith('SET ') ? `SET ${revision}, ${edit.slice(4)}` : `SET ${revision} ${edit}`
        const caseUpdate = {
          TableName: this.tableName,
          Key: caseKey(nomsNumber),
          UpdateExpression: expression,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeValues: values,
        }
        if (mode === 'remove' && left === 0) {
          const items: TransactItems = [
            { Update: caseUpdate },
            { Delete: { TableName: this.tableName, Key: outboxMarkerKey(nomsNumber) } },
          ]
          await this.client.send(new TransactWriteCommand({ TransactItems: items }))
        } else {
          await this.client.send(new UpdateCommand(caseUpdate))
        }
        return { view, indices }
      })
    } catch (e) {
      if (e instanceof OptimisticRetryExhaustedError) return null
      throw e
    }
  }

  private async outboxView(nomsNumber: string): Promise<OutboxView | undefined> {
    const current = await this.load(nomsNumber)
    if (!current) return undefined
    return {
      pending: current.pendingEvents,
      version: current.version,
      calculatedDueDate: current.calculatedDueDate,
      revision: current.outboxRevision,
    }
  }
  private queryAll(input: QueryCommandInput): Promise<Item[]> {
    return queryAll(this.client, input)
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

  private batch(requests: readonly WriteRequest[]): Promise<void> {
    return batchWriteAll(this.client, this.tableName, requests)
  }

  private async page(
    input: QueryCommandInput,
    partition: { name: string; value: string },
    cursor: string | undefined,
  ): Promise<Page<CaseRecord>> {
    const out = await this.client.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: cursor ? decodeCursor(cursor, cursorOf(partition)) : undefined,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
    return {
      items: (out.Items ?? []).map(toCase),
      cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
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
