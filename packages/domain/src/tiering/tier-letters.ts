/** Ordering of the v3 tier letters: G lowest (rank 0) … A highest (rank 6); -1 = no result. */
import type { TierV3, TierV3Letter, TierV3Step } from './types'

export const TIER_V3_LETTER_RANK: Readonly<Record<TierV3Letter, number>> = { G: 0, F: 1, E: 2, D: 3, C: 4, B: 5, A: 6 }
const LETTER_BY_RANK: readonly TierV3Letter[] = ['G', 'F', 'E', 'D', 'C', 'B', 'A']

export const NO_RESULT = -1

export function letterOfRank(rank: number): TierV3Letter {
  return LETTER_BY_RANK[rank] ?? 'G'
}

/** The eight steps in evaluation order; index = position in a ranks array. */
export const STEP_ORDER: readonly TierV3Step[] = [
  'REOFFENDING',
  'SEXUAL_REOFFENDING',
  'MAPPA_ROSH',
  'LIFER_IPP',
  'DOMESTIC_ABUSE',
  'STALKING',
  'CHILD_PROTECTION',
  'SEXUAL_OFFENCES',
]
export const STEP_INDEX = {
  REOFFENDING: 0,
  SEXUAL_REOFFENDING: 1,
  MAPPA_ROSH: 2,
  LIFER_IPP: 3,
  DOMESTIC_ABUSE: 4,
  STALKING: 5,
  CHILD_PROTECTION: 6,
  SEXUAL_OFFENCES: 7,
} as const satisfies Record<TierV3Step, number>

/** Every v3 tier from lowest to highest: NOT_SUPERVISED < MISSING < G < F < … < A. */
export const TIER_V3_ORDER: readonly TierV3[] = ['NOT_SUPERVISED', 'MISSING', 'G', 'F', 'E', 'D', 'C', 'B', 'A']

/** Negative when `a` is a lower tier than `b`, 0 when equal, positive when higher. */
export function compareTiersV3(a: TierV3, b: TierV3): number {
  return TIER_V3_ORDER.indexOf(a) - TIER_V3_ORDER.indexOf(b)
}
