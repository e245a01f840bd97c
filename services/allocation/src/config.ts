import { requireEnv } from '@omic/lambda-kit'

/** The allocation service's configuration, read once at cold start. */
export const config = {
  tableName: requireEnv('TABLE_NAME'),
}
