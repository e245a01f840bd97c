import { requireEnv } from '@omic/lambda-kit'
import { MAX_SEGMENTS } from './model/recalculation-job'
import { TIER_VERSIONS, type TierVersion } from './model/tier-summary'

export interface TieringConfig {
  readonly tableName: string
  readonly deadLetterTableName: string
  /** Which model gives *the* tier: `v2` (default in cdk.json) or `v3`. Both are always calculated. */
  readonly tierVersion: TierVersion
  /** Parallel segments of a full recalculation (the weekly one, and on demand unless the request says otherwise). */
  readonly recalculationSegments: number
}

/** The tiering service's configuration, read once at cold start; a missing or bad variable fails with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TieringConfig {
  const tierVersion = requireEnv('TIER_VERSION', env)
  if (!(TIER_VERSIONS as readonly string[]).includes(tierVersion)) {
    throw new Error(`Environment variable TIER_VERSION must be one of ${TIER_VERSIONS.join(', ')}, got ${tierVersion}`)
  }
  const segments = Number(requireEnv('RECALCULATION_SEGMENTS', env))
  if (!Number.isInteger(segments) || segments < 1 || segments > MAX_SEGMENTS) {
    throw new Error(`Environment variable RECALCULATION_SEGMENTS must be an integer 1–${MAX_SEGMENTS}`)
  }
  return {
    tableName: requireEnv('TABLE_NAME', env),
    deadLetterTableName: requireEnv('DEAD_LETTER_TABLE_NAME', env),
    tierVersion: tierVersion as TierVersion,
    recalculationSegments: segments,
  }
}
