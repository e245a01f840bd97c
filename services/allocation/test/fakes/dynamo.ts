import { DynamoCrnLinks } from '@omic/lambda-kit'
import type { serviceTables } from '../../../../test/helpers/tables'
import { DynamoAllocationStore } from '../../src/adapters/dynamo-allocation-store'
import { PARKED_PARTS } from '../../src/model'
import { type TestClock, testDeps } from './deps'

/** Test deps over DynamoDB Local: the service's store and its CRN links in the service's own table. */
export function dynamoDeps(tables: Awaited<ReturnType<typeof serviceTables>>, clock?: TestClock) {
  return testDeps(
    new DynamoAllocationStore(tables.client, tables.tableName),
    clock,
    new DynamoCrnLinks(tables.client, tables.tableName, PARKED_PARTS),
  )
}
