/**
 * "Park until the CRN is linked", one way for every service. Probation events name a case by CRN; a service keyed by
 * NOMS number can apply them only once some event has linked the CRN to a prisoner. Until then each part (a tier,
 * a COM, probation details…) is parked under the CRN, the newest of each kind kept, and applied by the first event
 * that finds the CRN linked.
 *
 * Item: `pk CRN#<crn>`, `sk CRN`, `nomsNumber` (the link, once known) and `parked.<part>` = `{ at, value }`.
 * No lost part: the linking side writes the link then reads what is parked; the parking side parks then reads the
 * link again ({@link parkUntilLinked}), so whichever comes second sees the other.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { z } from 'zod'
import { isConditionalFailure } from './optimistic'

/** A parked part: its value and when the event that carried it occurred (the newest wins). */
export interface Parked<V> {
  at: string
  value: V
}

/** What the store knows of one CRN: the prisoner it is linked to, and the parts parked under it. */
export interface CrnLink<P extends Record<string, unknown>> {
  nomsNumber: string | null
  parked: { [K in keyof P]?: Parked<P[K]> }
}

/** The port a use case parks through (in-memory fakes implement it as well). */
export interface CrnLinks<P extends Record<string, unknown>> {
  get(crn: string): Promise<CrnLink<P>>
  /** Links the CRN to a prisoner; returns what was parked under it (to apply now). */
  link(crn: string, nomsNumber: string): Promise<CrnLink<P>>
  /** Parks a part unless a newer one of its kind is parked already. */
  park<K extends keyof P & string>(crn: string, part: K, parked: Parked<P[K]>): Promise<void>
  /** Removes applied parts (only when still the ones applied: a newer one parked since stays). */
  clear(crn: string, applied: { [K in keyof P]?: string }): Promise<void>
}

export const crnLinkKey = (crn: string) => ({ pk: `CRN#${crn}`, sk: 'CRN' })

const instant = z.string().min(1)

/** The DynamoDB store of CRN links and parked parts; each part's value is parsed with its schema on the way out. */
export class DynamoCrnLinks<P extends Record<string, unknown>> implements CrnLinks<P> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly parts: { [K in keyof P]: z.ZodType<P[K]> },
  ) {}

  async get(crn: string): Promise<CrnLink<P>> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: crnLinkKey(crn), ConsistentRead: true }),
    )
    return this.read(out.Item)
  }

  async link(crn: string, nomsNumber: string): Promise<CrnLink<P>> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: crnLinkKey(crn),
        UpdateExpression: 'SET nomsNumber = :n',
        ExpressionAttributeValues: { ':n': nomsNumber },
        ReturnValues: 'ALL_NEW',
      }),
    )
    return this.read(out.Attributes)
  }

  async park<K extends keyof P & string>(crn: string, part: K, parked: Parked<P[K]>): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnLinkKey(crn),
          UpdateExpression: 'SET #parked = if_not_exists(#parked, :empty)',
          ExpressionAttributeNames: { '#parked': 'parked' },
          ExpressionAttributeValues: { ':empty': {} },
        }),
      )
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnLinkKey(crn),
          UpdateExpression: 'SET #parked.#part = :p',
          ConditionExpression: 'attribute_not_exists(#parked.#part) OR #parked.#part.#at <= :at',
          ExpressionAttributeNames: { '#parked': 'parked', '#part': part, '#at': 'at' },
          ExpressionAttributeValues: { ':p': { at: parked.at, value: parked.value }, ':at': parked.at },
        }),
      )
    } catch (e) {
      // a newer part of this kind is parked already: it stays
      if (!isConditionalFailure(e)) throw e
    }
  }

  async clear(crn: string, applied: { [K in keyof P]?: string }): Promise<void> {
    for (const [part, at] of Object.entries(applied)) {
      if (at === undefined) continue
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: crnLinkKey(crn),
            UpdateExpression: 'REMOVE #parked.#part',
            ConditionExpression: '#parked.#part.#at = :at',
            ExpressionAttributeNames: { '#parked': 'parked', '#part': part, '#at': 'at' },
            ExpressionAttributeValues: { ':at': at },
          }),
        )
      } catch (e) {
        // parked again since (newer) or cleared by another writer: nothing to remove
        if (!isConditionalFailure(e)) throw e
      }
    }
  }

  private read(item: Record<string, unknown> | undefined): CrnLink<P> {
    const nomsNumber = typeof item?.nomsNumber === 'string' ? item.nomsNumber : null
    const stored = z.record(z.string(), z.unknown()).safeParse(item?.parked)
    const parked: CrnLink<P>['parked'] = {}
    if (stored.success) {
      for (const part of Object.keys(this.parts) as (keyof P & string)[]) {
        const raw = z.object({ at: instant, value: z.unknown() }).safeParse(stored.data[part])
        if (!raw.success) continue
        const value = this.parts[part].safeParse(raw.data.value)
        if (value.success) parked[part] = { at: raw.data.at, value: value.data }
      }
    }
    return { nomsNumber, parked }
  }
}

/**
 * The prisoner a CRN's part belongs to, or parks it: `{ nomsNumber }` to apply it now (the CRN is linked, perhaps
 * just after parking it: then the part is parked as well and the caller applies it from there), `'parked'` to wait.
 */
export async function parkUntilLinked<P extends Record<string, unknown>, K extends keyof P & string>(
  links: CrnLinks<P>,
  crn: string,
  part: K,
  parked: Parked<P[K]>,
): Promise<{ nomsNumber: string } | 'parked'> {
  const link = await links.get(crn)
  if (link.nomsNumber) return { nomsNumber: link.nomsNumber }
  await links.park(crn, part, parked)
  const again = await links.get(crn)
  return again.nomsNumber ? { nomsNumber: again.nomsNumber } : 'parked'
}

/** An in-memory {@link CrnLinks} for use-case tests. */
export class InMemoryCrnLinks<P extends Record<string, unknown>> implements CrnLinks<P> {
  readonly items = new Map<string, CrnLink<P>>()

  async get(crn: string): Promise<CrnLink<P>> {
    const item = this.items.get(crn)
    return item ? structuredClone(item) : { nomsNumber: null, parked: {} }
  }

  async link(crn: string, nomsNumber: string): Promise<CrnLink<P>> {
    const item = await this.get(crn)
    item.nomsNumber = nomsNumber
    this.items.set(crn, item)
    return structuredClone(item)
  }

  async park<K extends keyof P & string>(crn: string, part: K, parked: Parked<P[K]>): Promise<void> {
    const item = await this.get(crn)
    const current = item.parked[part]
    if (current && current.at > parked.at) return
    item.parked[part] = structuredClone(parked)
    this.items.set(crn, item)
  }

  async clear(crn: string, applied: { [K in keyof P]?: string }): Promise<void> {
    const item = await this.get(crn)
    for (const [part, at] of Object.entries(applied) as [keyof P, string | undefined][]) {
      if (at !== undefined && item.parked[part]?.at === at) delete item.parked[part]
    }
    this.items.set(crn, item)
  }
}
