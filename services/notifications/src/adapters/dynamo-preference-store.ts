import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { type Preferences, preferencesItemSchema } from '../model/preferences'
import type { PreferenceStore } from '../ports'

const prefsKey = (staffId: string) => ({ pk: `PREFERENCES#${staffId}`, sk: 'PREFERENCES' })

/** Staff preferences in the state table (`PREFERENCES#<staffId>`); none stored = no opt-outs. */
export class DynamoPreferenceStore implements PreferenceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(staffId: string): Promise<Preferences> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: prefsKey(staffId) }))
    return { staffId, ...preferencesItemSchema.parse(out.Item ?? {}) }
  }

  async put(prefs: Preferences): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...prefsKey(prefs.staffId), ...prefs } }),
    )
  }
}
