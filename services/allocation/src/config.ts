import { recommendationStrategySchema, wmtTierSchema } from '@omic/domain'
import { parseEnv } from '@omic/lambda-kit'
import { z } from 'zod'

/** The allocation service's environment (infra/src/services/allocation.ts sets every variable). */
export const configSchema = z
  .object({
    TABLE_NAME: z.string().min(1),
    /** `tier` (production) or `rosh` (Manage POM Cases' `rosh_recommendations` flag). */
    RECOMMENDATION_STRATEGY: recommendationStrategySchema,
    /** Working days a case stays on the new-arrivals list. */
    NEW_ARRIVAL_WORKING_DAYS: z.coerce.number().int().min(0).max(30),
    /** WMT tier a custody case without a v2 tier is weighed at in a COM's workload. */
    COM_UNTIERED_AS: wmtTierSchema,
  })
  .transform(e => ({
    tableName: e.TABLE_NAME,
    rules: { strategy: e.RECOMMENDATION_STRATEGY, newArrivalWorkingDays: e.NEW_ARRIVAL_WORKING_DAYS },
    comUntieredAs: e.COM_UNTIERED_AS,
  }))
export type AllocationConfig = z.output<typeof configSchema>

/** Reads the configuration once; a missing or bad variable fails the cold start naming every variable and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AllocationConfig {
  return parseEnv('allocation', configSchema, env)
}
