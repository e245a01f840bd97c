import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

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
