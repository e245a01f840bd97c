import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { batchWriteAll, type Clock, type DeadLetterStore, systemClock, type WriteRequest } from '@omic/lambda-kit'
import type { RejectedEvent, RejectedEvents } from '../ports'

/** The dead-letter table's one partition (lambda-kit's DeadLetterStore: `pk = DEADLETTER`, `sk = <receivedAt>#<id>`). */
const DEAD_LETTER_PK = 'DEADLETTER'

/** True when `text` holds `crn` as a whole token (not inside a longer code). */
export function namesCrn(text: string, crn: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9])${crn}(?![A-Za-z0-9])`).test(text)
}

/**
 * Events whose snapshot the tiering rules reject go to the service's dead-letter table, reason `failed`. An erasure
 * purges the letters (rejected or invalid) that name the CRN anywhere in their event: an invalid event may be
 * malformed, so the whole stored event is searched, not one field.
 */
export class DeadLetterRejectedEvents implements RejectedEvents {
  constructor(
    private readonly store: Pick<DeadLetterStore, 'put'>,
    private readonly table: { readonly client: DynamoDBDocumentClient; readonly tableName: string },
    private readonly clock: Clock = systemClock,
  ) {}

  put(event: RejectedEvent): Promise<void> {
    return this.store.put({ ...event, reason: 'failed', receivedAt: this.clock.now().toISOString() })
  }

  async purge(crn: string): Promise<number> {
    const { client, tableName } = this.table
    let purged = 0
    let after: Record<string, unknown> | undefined
    do {
      const out = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': DEAD_LETTER_PK },
          ConsistentRead: true,
          ...(after ? { ExclusiveStartKey: after } : {}),
        }),
      )
      const naming = (out.Items ?? []).filter(item => namesCrn(JSON.stringify(item.detail ?? null), crn))
      for (let i = 0; i < naming.length; i += 25) {
        const batch = naming.slice(i, i + 25).map(item => ({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } }))
        await this.deleteAll(batch)
      }
      purged += naming.length
      after = out.LastEvaluatedKey
    } while (after)
    return purged
  }

  private deleteAll(requests: readonly WriteRequest[]): Promise<void> {
    return batchWriteAll(this.table.client, this.table.tableName, requests)
  }
}
