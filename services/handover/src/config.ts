import { requireEnv } from '@omic/lambda-kit'
import { z } from 'zod'

const flag = z.enum(['true', 'false']).transform(v => v === 'true')

/** The handover service's configuration, read once at cold start; no defaults here (infra sets every value). */
export const config = {
  tableName: requireEnv('TABLE_NAME'),
  /** The simplified enhanced handover (2 checklist tasks for handovers from 2026-09-01), handover.md §i. */
  simplifiedEnhancedHandover: flag.parse(requireEnv('SIMPLIFIED_ENHANCED_HANDOVER')),
  /** With no recorded run, the first sweep reads the due days this far back. */
  sweepFirstRunLookbackDays: z.coerce.number().int().min(0).max(366).parse(requireEnv('SWEEP_FIRST_RUN_LOOKBACK_DAYS')),
}
