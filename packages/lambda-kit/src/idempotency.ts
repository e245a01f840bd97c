import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'

/** Outcome of claiming an event id: process it, or skip it because it was (or is being) handled. */
export type Claim = 'claimed' | 'done' | 'in-progress'

/**
 * Idempotency by event id, kept in the service's own table (`pk = IDEMPOTENCY#<id>`, `sk = IDEMPOTENCY`).
 * A claim in progress expires after `inProgressSeconds`, so a crashed attempt can be retried.
 * `expiresAt` is the table's TTL attribute; DynamoDB Local does not expire items, so reads check it too.
 */
export class IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options = { inProgressSeconds: 300, keepSeconds: 7 * 24 * 3600 },
  ) {}

  private key(id: string) {
    return { pk: `IDEMPOTENCY#${id}`, sk: 'IDEMPOTENCY' }
  }

  async claim(id: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<Claim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(id), status: 'IN_PROGRESS', expiresAt: nowSeconds + this.options.inProgressSeconds },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :p AND expiresAt < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': 'IN_PROGRESS', ':now': nowSeconds },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      )
      return 'claimed'
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) {
        return e.Item?.status?.S === 'COMPLETE' ? 'done' : 'in-progress'
      }
      throw e
    }
  }

  async complete(id: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(id),
        UpdateExpression: 'SET #s = :c, expiresAt = :e',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':c': 'COMPLETE', ':e': nowSeconds + this.options.keepSeconds },
      }),
    )
  }

  async release(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: this.key(id) }))
  }
}
