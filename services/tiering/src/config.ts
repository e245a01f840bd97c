import { parseEnv } from '@omic/lambda-kit'
import { z } from 'zod'
import { MAX_SEGMENTS } from './model/recalculation-job'
import { TIER_VERSIONS } from './model/tier-summary'

const required = z.string({ error: 'is required' }).min(1, 'is required')

/** The tiering service's environment (infra sets every value). */
const environmentSchema = z
  .object({
    TABLE_NAME: required,
    DEAD_LETTER_TABLE_NAME: required,
    /** Which model gives *the* tier: `v2` (default in cdk.json) or `v3`. Both are always calculated. */
    TIER_VERSION: z.enum(TIER_VERSIONS, {
      error: issue =>
        issue.input === undefined || issue.input === ''
          ? 'is required'
          : `must be one of ${TIER_VERSIONS.join(', ')}, got ${String(issue.input)}`,
    }),
    /** Parallel segments of a full recalculation (the weekly one, and on demand unless the request says otherwise). */
    RECALCULATION_SEGMENTS: z
      .string({ error: 'is required' })
      .min(1, 'is required')
      .transform(Number)
      .pipe(
        z
          .number({ error: `must be an integer 1–${MAX_SEGMENTS}` })
          .int(`must be an integer 1–${MAX_SEGMENTS}`)
          .min(1, `must be an integer 1–${MAX_SEGMENTS}`)
          .max(MAX_SEGMENTS, `must be an integer 1–${MAX_SEGMENTS}`),
      ),
  })
  .transform(env => ({
    tableName: env.TABLE_NAME,
    deadLetterTableName: env.DEAD_LETTER_TABLE_NAME,
    tierVersion: env.TIER_VERSION,
    recalculationSegments: env.RECALCULATION_SEGMENTS,
  }))

export type TieringConfig = z.infer<typeof environmentSchema>

/** The tiering service's configuration, read once at cold start; a missing or bad variable fails naming it and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TieringConfig {
  return parseEnv('tiering', environmentSchema, env)
}
