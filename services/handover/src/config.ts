import { parseEnv } from '@omic/lambda-kit'
import { z } from 'zod'

const flag = z.enum(['true', 'false']).transform(v => v === 'true')

/** The handover service's environment; no defaults here (infra sets every value). */
export const configSchema = z
  .object({
    TABLE_NAME: z.string().min(1),
    /** The simplified enhanced handover (2 checklist tasks for handovers from 2026-09-01), handover.md §i. */
    SIMPLIFIED_ENHANCED_HANDOVER: flag,
    /** With no recorded run, the first sweep reads the due days this far back. */
    SWEEP_FIRST_RUN_LOOKBACK_DAYS: z.coerce.number().int().min(0).max(366),
  })
  .transform(env => ({
    tableName: env.TABLE_NAME,
    simplifiedEnhancedHandover: env.SIMPLIFIED_ENHANCED_HANDOVER,
    sweepFirstRunLookbackDays: env.SWEEP_FIRST_RUN_LOOKBACK_DAYS,
  }))

/** The handover service's configuration, read once at cold start. */
export const config = parseEnv('handover', configSchema)
