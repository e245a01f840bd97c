import { recommendationStrategySchema, wmtTierSchema } from '@omic/domain'
import { z } from 'zod'

const envSchema = z.object({
  TABLE_NAME: z.string().min(1),
  /** `tier` (production) or `rosh` (Manage POM Cases' `rosh_recommendations` flag). */
  RECOMMENDATION_STRATEGY: recommendationStrategySchema,
  /** Working days a case stays on the new-arrivals list. */
  NEW_ARRIVAL_WORKING_DAYS: z.coerce.number().int().min(0).max(30),
  /** WMT tier a custody case without a v2 tier is weighed at in a COM's workload. */
  COM_UNTIERED_AS: wmtTierSchema,
})

/** Reads the service's configuration once; a missing or bad variable fails the cold start with its name. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid allocation configuration: ${problems}`)
  }
  const e = parsed.data
  return {
    tableName: e.TABLE_NAME,
    rules: { strategy: e.RECOMMENDATION_STRATEGY, newArrivalWorkingDays: e.NEW_ARRIVAL_WORKING_DAYS },
    comUntieredAs: e.COM_UNTIERED_AS,
  }
}
export type AllocationConfig = ReturnType<typeof readConfig>
