import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb'

let sharedClient: DynamoDBClient | undefined
let shared: DynamoDBDocumentClient | undefined

/**
 * The low-level DynamoDB client, created once per process (for libraries such as Powertools that take it as it
 * is). The endpoint comes from the standard `AWS_ENDPOINT_URL_DYNAMODB` variable when set (the local runtime sets
 * it to DynamoDB Local).
 */
export function dynamoClient(): DynamoDBClient {
  sharedClient ??= createClient()
  return sharedClient
}

/** The DynamoDB document client over {@link dynamoClient}, created once per process. */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= fromClient(dynamoClient())
  return shared
}

export function createClient(options: { endpoint?: string; region?: string } = {}): DynamoDBClient {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB
  return new DynamoDBClient({
    ...(endpoint ? { endpoint } : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    maxAttempts: 5,
  })
}

export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  return fromClient(createClient(options))
}

/** The document client over a given low-level client. */
export function fromClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  })
}

/** One write request of a BatchWriteItem call (a put or a delete), as the document client takes it. */
export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number]

/** How often a batch's unprocessed items are sent again (with a doubling wait from 20 ms) before giving up. */
export const BATCH_WRITE_RETRIES = 8

/**
 * Writes all these requests to one table, 25 per BatchWriteItem, sending DynamoDB's unprocessed items again with a
 * doubling wait (throttling); fails when some are still unprocessed after {@link BATCH_WRITE_RETRIES} retries.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25)
    for (let retry = 0; pending.length > 0; retry++) {
      if (retry > BATCH_WRITE_RETRIES) throw new Error('DynamoDB kept returning unprocessed items')
      if (retry > 0) await new Promise(resolve => setTimeout(resolve, 20 * 2 ** (retry - 1)))
      const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }))
      pending = out.UnprocessedItems?.[tableName] ?? []
    }
  }
}

/** Every item a query matches, over all its pages (the SDK's paginator). */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = []
  for await (const page of paginateQuery({ client }, input)) items.push(...(page.Items ?? []))
  return items
}
