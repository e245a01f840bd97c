import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { FieldError } from './errors'

/** An event the service could not accept, kept whole with the reasons, so it can be inspected and redriven. */
export interface DeadLetter {
  id: string
  source: string
  detailType: string
  /** The event's own time (EventBridge `time`), so a redrive delivers it as it first came. */
  time?: string
  detail: unknown
  errors: readonly FieldError[]
  reason: 'invalid' | 'failed'
  receivedAt: string
}

/**
 * The service's dead-letter store (its own table, `pk = DEADLETTER`, `sk = <receivedAt>#<id>`). Nothing is lost:
 * an invalid event is written here with its validation errors instead of being dropped.
 */
export class DeadLetterStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(letter: DeadLetter): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: 'DEADLETTER', sk: `${letter.receivedAt}#${letter.id}`, letterId: letter.id, ...letter },
      }),
    )
  }

  async list(limit = 100): Promise<DeadLetter[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'DEADLETTER' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(toLetter)
  }

  /** The newest dead letter of an event id (the partition is small: operators keep it near empty). */
  async findByEventId(id: string): Promise<(DeadLetter & { key: string }) | undefined> {
    let startKey: Record<string, unknown> | undefined
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'letterId = :id',
          ExpressionAttributeValues: { ':pk': 'DEADLETTER', ':id': id },
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      )
      const item = out.Items?.[0]
      if (item) return { ...toLetter(item), key: String(item.sk) }
      startKey = out.LastEvaluatedKey
    } while (startKey)
    return undefined
  }

  async get(receivedAtAndId: string): Promise<DeadLetter | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'DEADLETTER', sk: receivedAtAndId } }),
    )
    return out.Item ? toLetter(out.Item) : undefined
  }

  async remove(receivedAtAndId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: 'DEADLETTER', sk: receivedAtAndId } }),
    )
  }
}

function toLetter(item: Record<string, unknown>): DeadLetter {
  return {
    id: String(item.letterId ?? item.id),
    source: String(item.source),
    detailType: String(item.detailType),
    ...(typeof item.time === 'string' ? { time: item.time } : {}),
    detail: item.detail,
    errors: (item.errors as FieldError[] | undefined) ?? [],
    reason: item.reason === 'failed' ? 'failed' : 'invalid',
    receivedAt: String(item.receivedAt),
  }
}
