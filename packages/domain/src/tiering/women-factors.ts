/**
 * Additional factors for women (spec tiering.md §2.1.1), v2 protect points 0–6, only when female:
 * parental responsibilities answered above 0 → 2; impulsivity or temper control above 0 → 2 (once, not both);
 * previous enforcement activity (a breach or recall on an active conviction in the last year) → 2.
 */
import type { NeedAnswer } from './types'
import { NEED_ANSWER_SCORE } from './types'

export interface WomenFactorAnswers {
  readonly parentalResponsibilities: NeedAnswer | null
  readonly impulsivity: NeedAnswer | null
  readonly temperControl: NeedAnswer | null
}

export interface WomenFactorsInput {
  readonly isFemale: boolean
  readonly previousEnforcementActivity: boolean
  /** null = no assessment. */
  readonly assessment: WomenFactorAnswers | null
}

export interface WomenFactorsResult {
  readonly points: number
  readonly parentalResponsibilities: boolean
  readonly selfControl: boolean
  readonly previousEnforcementActivity: boolean
}

export const WOMEN_FACTOR_POINTS = 2

const NONE: WomenFactorsResult = Object.freeze({
  points: 0,
  parentalResponsibilities: false,
  selfControl: false,
  previousEnforcementActivity: false,
})

/** An answer counts when its score is above 0 (Yes, Some, Significant, Previous, Currently). */
export function answerCounts(answer: NeedAnswer | null | undefined): boolean {
  return answer != null && NEED_ANSWER_SCORE[answer] > 0
}

export function additionalFactorsForWomen(input: WomenFactorsInput): WomenFactorsResult {
  if (!input.isFemale) return NONE
  const a = input.assessment
  const parentalResponsibilities = a !== null && answerCounts(a.parentalResponsibilities)
  const selfControl = a !== null && (answerCounts(a.impulsivity) || answerCounts(a.temperControl))
  const enforcement = input.previousEnforcementActivity
  if (!parentalResponsibilities && !selfControl && !enforcement) return NONE
  return {
    points: WOMEN_FACTOR_POINTS * ((parentalResponsibilities ? 1 : 0) + (selfControl ? 1 : 0) + (enforcement ? 1 : 0)),
    parentalResponsibilities,
    selfControl,
    previousEnforcementActivity: enforcement,
  }
}
