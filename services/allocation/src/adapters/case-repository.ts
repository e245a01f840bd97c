import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'

/** The parts of a case, each kept from its own upstream source with the time it was true. */
export const CASE_PARTS = ['prisoner', 'probation', 'com', 'tier', 'handover'] as const
export type CasePart = (typeof CASE_PARTS)[number]

export interface CaseRecord {
  [attribute: string]: unknown
  nomsNumber: string
  crn?: string
  prisonId?: string
  prisoner?: Record<string, unknown>
  probation?: Record<string, unknown>
  com?: Record<string, unknown>
  tier?: Record<string, unknown>
  handover?: Record<string, unknown>
  updatedAt?: string
}

const caseKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'CASE' })
const crnKey = (crn: string) => ({ pk: `CRN#${crn}`, sk: 'CRN' })

/**
 * The allocation read model in DynamoDB: one item per prisoner (`CASE#<noms>`), listed per prison through gsi1
 * (`PRISON#<prisonId>`, sorted by name). Each part is written only if it is newer than the stored one, so
 * events arriving out of order never overwrite newer state.
 */
export class CaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes one part if `occurredAt` is newer than what is stored; returns false when it was stale. */
  async putPart(
    noms: string,
    part: CasePart,
    occurredAt: string,
    value: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): Promise<boolean> {
    const names: Record<string, string> = { '#part': part, '#at': `${part}At` }
    const values: Record<string, unknown> = { ':value': value, ':at': occurredAt, ':noms': noms, ':now': occurredAt }
    const sets = ['#part = :value', '#at = :at', 'nomsNumber = :noms', 'updatedAt = :now']
    for (const [k, v] of Object.entries(extra)) {
      names[`#${k}`] = k
      values[`:${k}`] = v
      sets.push(`#${k} = :${k}`)
    }
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: caseKey(noms),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      throw e
    }
  }

  async get(noms: string): Promise<CaseRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: caseKey(noms) }))
    return out.Item as CaseRecord | undefined
  }

  async delete(noms: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: caseKey(noms) }))
  }

  /** Replaces a whole case record (used when merging identifiers). */
  async replace(record: CaseRecord): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...record, ...caseKey(record.nomsNumber) } }),
    )
  }

  async linkCrn(crn: string, noms: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...crnKey(crn), nomsNumber: noms } }))
  }

  async nomsForCrn(crn: string): Promise<string | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: crnKey(crn) }))
    return out.Item?.nomsNumber as string | undefined
  }

  /** A tier that arrived before the CRN was linked to a prisoner waits here. */
  async parkTier(crn: string, occurredAt: string, tier: Record<string, unknown>): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnKey(crn),
          UpdateExpression: 'SET parkedTier = :t, parkedTierAt = :at',
          ConditionExpression: 'attribute_not_exists(parkedTierAt) OR parkedTierAt <= :at',
          ExpressionAttributeValues: { ':t': tier, ':at': occurredAt },
        }),
      )
      .catch(e => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e
      })
  }

  async parkedTier(crn: string): Promise<{ tier: Record<string, unknown>; at: string } | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: crnKey(crn) }))
    const item = out.Item
    return item?.parkedTier
      ? { tier: item.parkedTier as Record<string, unknown>, at: String(item.parkedTierAt) }
      : undefined
  }

  /** Cases in a prison, sorted by surname, a page at a time. */
  async listByPrison(
    prisonId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ items: CaseRecord[]; cursor: string | undefined }> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': `PRISON#${prisonId}` },
        Limit: page.limit,
        ...(page.cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(page.cursor, 'base64url').toString()) } : {}),
      }),
    )
    return {
      items: (out.Items ?? []) as CaseRecord[],
      cursor: out.LastEvaluatedKey
        ? Buffer.from(JSON.stringify(out.LastEvaluatedKey)).toString('base64url')
        : undefined,
    }
  }
}
