import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalFailure } from '@omic/lambda-kit'
import { type OutboxEntry, outboxItemSchema } from '../model/messages'
import type { EmailOutbox } from '../ports'

/** The local channel's outbox in the state table (`OUTBOX` / `<createdAt>#<id>`), read with the model's schema. */
export class DynamoEmailOutbox implements EmailOutbox {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The local channel's "sent" email: written once per message (a retry finds it there). */
  async put(entry: OutboxEntry): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'OUTBOX', sk: `${entry.createdAt}#${entry.id}`, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(e => {
        if (!isConditionalFailure(e)) throw e
      })
  }

  /** The outbox, newest first. */
  async list(limit: number): Promise<OutboxEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'OUTBOX' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(item => outboxItemSchema.parse(item))
  }
}
