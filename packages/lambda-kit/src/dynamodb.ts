import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

let shared: DynamoDBDocumentClient | undefined

/**
 * The DynamoDB document client, created once per process. The endpoint comes from the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` variable when set (the local runtime sets it to DynamoDB Local).
 */
export function documentClient(): DynamoDBDocumentClient {
  shared ??= createDocumentClient()
  return shared
}

export function createDocumentClient(options: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB
  const client = new DynamoDBClient({
    ...(endpoint ? { endpoint } : {}),
    region: options.region ?? process.env.AWS_REGION ?? 'eu-west-2',
    maxAttempts: 5,
  })
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  })
}
