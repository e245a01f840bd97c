/**
 * Mandate for change (spec tiering.md §2.2.1): a case has a mandate when a current conviction (no termination date)
 * is custodial (`NC`, `SC`) or has a requirement that is not restrictive, unpaid work (`W`) and order extended (`W1`)
 * aside. No mandate → v2 change level 0.
 */
import type { TierConviction } from './types'

export const CUSTODIAL_SENTENCE_TYPES: readonly string[] = ['NC', 'SC']
/** Requirements that never give a mandate: unpaid work and order extended. */
export const UNPAID_WORK_REQUIREMENT_TYPES: readonly string[] = ['W', 'W1']

/** True when no current conviction gives a mandate for change (also when there are no convictions at all). */
export function hasNoMandate(convictions: readonly TierConviction[]): boolean {
  for (const conviction of convictions) {
    if (conviction.terminationDate !== null) continue
    if (CUSTODIAL_SENTENCE_TYPES.includes(conviction.sentenceTypeCode)) return false
    for (const requirement of conviction.requirements) {
      if (!requirement.restrictive && !UNPAID_WORK_REQUIREMENT_TYPES.includes(requirement.mainCategoryTypeCode)) {
        return false
      }
    }
  }
  return true
}
