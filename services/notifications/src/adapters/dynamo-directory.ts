import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalFailure, queryAll, withOptimisticRetry } from '@omic/lambda-kit'
import { z } from 'zod'
import {
  type Applied,
  CASE_PART_SCHEMAS,
  type CasePartName,
  type CaseParts,
  type CaseRecord,
  caseItemSchema,
  factsVersionOf,
  type LduRecord,
  lduItemSchema,
  type StaffRef,
  staffRefSchema,
} from '../model/directory'
import type { Directory } from '../ports'

/**
 * The directory in the state table: cases (`CASE#<noms>`, on gsi1 under their LDU), staff (`STAFF#<id>`), LDUs
 * (`LDU#<code>`, listed on gsi2). The CRN links (`CRN#<crn>`, with the parts parked under a CRN not linked yet) are
 * lambda-kit's `DynamoCrnLinks` (composition.ts). Items are read with the model's schemas.
 */

/** The key of a case in the state table (a parked email's send is conditional on it: see `factsVersionOf`). */
export const caseKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'CASE' })
const staffKey = (id: string) => ({ pk: `STAFF#${id}`, sk: 'STAFF' })
const lduKey = (code: string) => ({ pk: `LDU#${code}`, sk: 'LDU' })

const contactSchema = z.object({
  name: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
})
const optionalInstant = z.string().optional()

/** The part stored under `key` (its value now, or the value it replaced), if it reads as that part. */
function partOf<P extends CasePartName>(part: P, value: unknown): CaseParts[P] | undefined {
  const parsed = CASE_PART_SCHEMAS[part].safeParse(value)
  return parsed.success ? parsed.data : undefined
}

export class DynamoDirectory implements Directory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getCase(noms: string, consistent = false): Promise<CaseRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: caseKey(noms),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    )
    return out.Item ? caseItemSchema.parse(out.Item) : undefined
  }

  async applyPart<P extends CasePartName>(
    noms: string,
    part: P,
    occurredAt: string,
    value: CaseParts[P],
    extra: Record<string, unknown> = {},
    remove: readonly string[] = [],
  ): Promise<Applied<P>> {
    // another event for the same case may win the race: read again and decide again
    return withOptimisticRetry(
      async () => {
        const current: CaseRecord = (await this.getCase(noms)) ?? { nomsNumber: noms }
        const currentAt = optionalInstant.parse(current[`${part}At`])
        if (currentAt !== undefined && currentAt > occurredAt) {
          return { outcome: 'stale', previous: undefined, record: current }
        }
        if (currentAt === occurredAt) {
          return { outcome: 'replayed', previous: partOf(part, current[`${part}Prev`]), record: current }
        }
        const names: Record<string, string> = { '#p': part, '#at': `${part}At`, '#prev': `${part}Prev` }
        const values: Record<string, unknown> = {
          ':v': value,
          ':at': occurredAt,
          ':prev': current[part] ?? null,
          ':noms': noms,
          ':one': 1,
        }
        const sets = ['#p = :v', '#at = :at', '#prev = :prev', 'nomsNumber = :noms']
        for (const [k, v] of Object.entries(extra)) {
          names[`#x_${k}`] = k
          values[`:x_${k}`] = v
          sets.push(`#x_${k} = :x_${k}`)
        }
        remove.forEach((k, i) => {
          names[`#r${i}`] = k
        })
        const removal = remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''
        if (currentAt !== undefined) values[':cur'] = currentAt
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: caseKey(noms),
            UpdateExpression: `SET ${sets.join(', ')}${removal} ADD factsVersion :one`,
            ConditionExpression: currentAt === undefined ? 'attribute_not_exists(#at)' : '#at = :cur',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        )
        const record: CaseRecord = {
          ...current,
          ...extra,
          [part]: value,
          [`${part}At`]: occurredAt,
          factsVersion: (factsVersionOf(current) ?? 0) + 1,
        }
        for (const k of remove) delete record[k]
        return { outcome: 'applied' as const, previous: partOf(part, current[part]), record }
      },
      { what: 'case', attempts: 6 },
    )
  }

  async putStaff(staff: StaffRef, at: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: staffKey(staff.staffId),
          UpdateExpression: 'SET staffId = :id, #n = :n, email = :e, #at = :at',
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: { '#n': 'name', '#at': 'at' },
          ExpressionAttributeValues: { ':id': staff.staffId, ':n': staff.name, ':e': staff.email, ':at': at },
        }),
      )
      .catch(ignoreConditionFailure)
  }

  async getStaff(staffId: string): Promise<StaffRef | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: staffKey(staffId) }))
    if (!out.Item) return undefined
    return staffRefSchema.parse({ staffId, ...contactSchema.parse(out.Item) })
  }

  /** An LDU's name and mailbox, listed through gsi2 for the monthly report. */
  async putLdu(ldu: LduRecord, at: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: lduKey(ldu.lduCode),
          UpdateExpression: 'SET lduCode = :c, #n = :n, email = :e, #at = :at, gsi2pk = :g, gsi2sk = :c',
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: { '#n': 'name', '#at': 'at' },
          ExpressionAttributeValues: {
            ':c': ldu.lduCode,
            ':n': ldu.name,
            ':e': ldu.email,
            ':at': at,
            ':g': 'LDUS',
          },
        }),
      )
      .catch(ignoreConditionFailure)
  }

  async getLdu(lduCode: string): Promise<LduRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: lduKey(lduCode) }))
    if (!out.Item) return undefined
    return { lduCode, ...contactSchema.parse(out.Item) }
  }

  async listLdus(): Promise<LduRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': 'LDUS' },
    })
    return items.map(i => lduItemSchema.parse(i))
  }

  async casesOfLdu(lduCode: string): Promise<CaseRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `LDU#${lduCode}` },
    })
    return items.map(i => caseItemSchema.parse(i))
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName })
  }
}

function ignoreConditionFailure(e: unknown): void {
  if (!isConditionalFailure(e)) throw e
}
