/** The use cases' dependencies over a DynamoDB Local table, with a clock the test moves. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { londonDateOf } from '@omic/domain'
import { type Clock, DynamoCrnLinks } from '@omic/lambda-kit'
import { PARKED_PART_SCHEMAS } from '../../src/model/parked'

/** A clock reading the test's `now` (a variable it reassigns) each time. */
export const clockOf = (now: () => Date): Clock => ({ now, today: () => londonDateOf(now()) })

/** The CRN links and parked parts in the service's table, as composition builds them. */
export const crnLinksIn = (client: DynamoDBDocumentClient, tableName: string) =>
  new DynamoCrnLinks(client, tableName, PARKED_PART_SCHEMAS)
