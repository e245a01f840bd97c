import {
  CreateTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import type { LocalTable } from './template'

/** Creates each table of the template (keys, GSIs, TTL) in DynamoDB Local; existing tables are kept. */
export async function createTables(client: DynamoDBClient, tables: readonly LocalTable[]): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? [])
  await Promise.all(
    tables
      .filter(t => !existing.has(t.tableName))
      .map(async t => {
        try {
          await client.send(
            new CreateTableCommand({
              TableName: t.tableName,
              KeySchema: t.keySchema,
              AttributeDefinitions: t.attributeDefinitions,
              BillingMode: 'PAY_PER_REQUEST',
              ...(t.globalSecondaryIndexes.length
                ? {
                    GlobalSecondaryIndexes: t.globalSecondaryIndexes.map(g => ({
                      IndexName: g.IndexName,
                      KeySchema: g.KeySchema,
                      Projection: g.Projection as { ProjectionType: 'ALL' },
                    })),
                  }
                : {}),
            }),
          )
        } catch (e) {
          if (!(e instanceof ResourceInUseException)) throw e
        }
        if (t.ttlAttribute) {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: t.tableName,
              TimeToLiveSpecification: { AttributeName: t.ttlAttribute, Enabled: true },
            }),
          )
        }
      }),
  )
}
