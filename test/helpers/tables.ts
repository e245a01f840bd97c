import { randomUUID } from 'node:crypto'
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { inject } from 'vitest'
import { createTables } from '../../local/src/runtime/tables'

/** The tables of one service, exactly as the CDK template defines them, created fresh in DynamoDB Local. */
export async function serviceTables(service: 'tiering' | 'allocation' | 'handover' | 'notifications') {
  const prefix = service[0]?.toUpperCase() + service.slice(1)
  const suffix = randomUUID().slice(0, 8)
  const defs = inject('tables')
    .filter(t => t.logicalId.startsWith(prefix))
    .map(t => ({ ...t, tableName: `${t.logicalId}-${suffix}` }))
  const raw = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  await createTables(raw, defs)
  const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } })
  const find = (kind: 'StateTable' | 'DeadLetterTable') =>
    defs.find(t => t.logicalId.startsWith(`${prefix}${kind}`))?.tableName ?? ''
  return {
    client,
    /** The low-level client under `client` (for libraries such as Powertools that take it as it is). */
    raw,
    endpoint: inject('dynamoEndpoint'),
    tableName: find('StateTable'),
    deadLetterTableName: find('DeadLetterTable'),
    async drop() {
      await Promise.all(defs.map(t => raw.send(new DeleteTableCommand({ TableName: t.tableName }))))
      raw.destroy()
    },
  }
}
