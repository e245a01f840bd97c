/**
 * V2 protect level A–D (spec tiering.md §2.1): points for RSR, RoSH, MAPPA, complexity factors and the women's
 * additional factors; only the larger of the RSR and RoSH points counts. A ≥ 150, B ≥ 20, C ≥ 10, else D.
 *
 * RSR bands are the business bands on two-decimal scores — 20 for 7.00–99.99, 10 for 3.00–6.99 — implemented as
 * the half-open ranges [7, 100) and [3, 7), which agree with them on every two-decimal score. The anchor's
 * floating-point bounds differ at the edges (0 points at exactly 99.99 and strictly between 6.99 and 7.00); see
 * docs/tiering-rules.md.
 */
import type { TraceStep } from '../shared/result'
import { freezeStep, StepCache, scoreText } from './trace-cache'
import type { ComplexityFactor, ProtectLevel, TierMappaLevel, TierRosh } from './types'
import { WOMEN_FACTOR_POINTS, type WomenFactorsResult } from './women-factors'

/** RSR bands (half-open, lower bound inclusive) and their points. */
export const RSR_BANDS = [
  { from: 7, below: 100, points: 20, label: '7.00–99.99' },
  { from: 3, below: 7, points: 10, label: '3.00–6.99' },
] as const

export const ROSH_POINTS: Readonly<Record<TierRosh, number>> = { VERY_HIGH: 150, HIGH: 20, MEDIUM: 10, LOW: 0 }
export const MAPPA_POINTS: Readonly<Record<TierMappaLevel, number>> = { M3: 150, M2: 150, M1: 5 }
export const COMPLEXITY_FACTOR_POINTS = 2
/** Lowest points for each protect level (A's threshold was 30 in calculation version 1). */
export const PROTECT_THRESHOLDS = { A: 150, B: 20, C: 10 } as const

export interface ProtectFacts {
  /** null counts as 0. */
  readonly rsrScore: number | null
  readonly rosh: TierRosh | null
  readonly mappaLevel: TierMappaLevel | null
  readonly complexityFactors: readonly ComplexityFactor[]
  readonly womenFactors: WomenFactorsResult
}

/** Points per rule before the RSR/RoSH rule; the total subtracts the smaller of `rsr` and `rosh`. */
export interface ProtectBreakdown {
  readonly rsr: number
  readonly rosh: number
  readonly mappa: number
  readonly complexity: number
  readonly additionalFactorsForWomen: number
}

export interface ProtectResult {
  readonly level: ProtectLevel
  readonly points: number
  readonly breakdown: ProtectBreakdown
  readonly trace: TraceStep[]
}

export function rsrPoints(rsrScore: number | null): number {
  const rsr = rsrScore ?? 0
  for (const band of RSR_BANDS) if (rsr >= band.from && rsr < band.below) return band.points
  return 0
}

export function protectLevelForPoints(points: number): ProtectLevel {
  if (points >= PROTECT_THRESHOLDS.A) return 'A'
  if (points >= PROTECT_THRESHOLDS.B) return 'B'
  if (points >= PROTECT_THRESHOLDS.C) return 'C'
  return 'D'
}

function rsrSentence(rsrScore: number | null, points: number): string {
  if (rsrScore === null) return 'No RSR score (counts as 0): 0 points'
  const rsr = scoreText(rsrScore)
  for (const band of RSR_BANDS) {
    if (points === band.points) return `RSR ${rsr} is in the ${band.label} band: ${points} points`
  }
  return rsrScore < 3 ? `RSR ${rsr} is below 3.00: 0 points` : `RSR ${rsr} is above 99.99: 0 points`
}

const NO_ROSH_STEP = freezeStep({ rule: 'ROSH', explanation: 'No RoSH registration: 0 points', inputs: { rosh: null } })
const ROSH_STEPS = Object.fromEntries(
  Object.entries(ROSH_POINTS).map(([rosh, points]) => [
    rosh,
    freezeStep({ rule: 'ROSH', explanation: `RoSH ${rosh}: ${points} points`, inputs: { rosh, points } }),
  ]),
) as Readonly<Record<TierRosh, TraceStep>>

const NO_MAPPA_STEP = freezeStep({
  rule: 'MAPPA',
  explanation: 'No MAPPA level: 0 points',
  inputs: { mappaLevel: null },
})
const MAPPA_STEPS = Object.fromEntries(
  Object.entries(MAPPA_POINTS).map(([level, points]) => [
    level,
    freezeStep({
      rule: 'MAPPA',
      explanation: `MAPPA level ${level}: ${points} points`,
      inputs: { mappaLevel: level, points },
    }),
  ]),
) as Readonly<Record<TierMappaLevel, TraceStep>>

const RSR_OR_ROSH_STEPS = new StepCache((rsr: number, rosh: number) => ({
  rule: 'RSR_OR_ROSH',
  explanation: `Only the larger of the RSR (${rsr}) and RoSH (${rosh}) points counts: ${Math.max(rsr, rosh)} points`,
}))

const complexitySteps = new WeakMap<readonly ComplexityFactor[], TraceStep>()

function complexityStep(factors: readonly ComplexityFactor[]): TraceStep {
  const cached = complexitySteps.get(factors)
  if (cached !== undefined) return cached
  const n = factors.length
  const points = COMPLEXITY_FACTOR_POINTS * n
  const step = freezeStep({
    rule: 'COMPLEXITY',
    explanation:
      n === 0
        ? 'No complexity factors: 0 points'
        : `${n} complexity factor${n === 1 ? '' : 's'} (${factors.join(', ')}) × ${COMPLEXITY_FACTOR_POINTS}: ${points} points`,
    inputs: { complexityFactors: [...factors], points },
  })
  // Shared (frozen) factor lists come from readRegistrations; other arrays may change, so are not remembered.
  if (Object.isFrozen(factors)) complexitySteps.set(factors, step)
  return step
}

const WOMEN_STEPS = new StepCache((w: WomenFactorsResult) => {
  const parts: string[] = []
  if (w.parentalResponsibilities) parts.push('parental responsibilities')
  if (w.selfControl) parts.push('impulsivity or temper control')
  if (w.previousEnforcementActivity) parts.push('previous enforcement activity')
  return {
    rule: 'ADDITIONAL_FACTORS_FOR_WOMEN',
    explanation:
      w.points === 0
        ? 'No additional factors for women: 0 points'
        : `Additional factors for women (${parts.join(', ')}) × ${WOMEN_FACTOR_POINTS}: ${w.points} points`,
    inputs: { points: w.points },
  }
})

const LEVEL_STEPS = new StepCache((points: number) => {
  const level = protectLevelForPoints(points)
  const { A, B, C } = PROTECT_THRESHOLDS
  const range =
    level === 'A'
      ? `at least ${A}`
      : level === 'B'
        ? `from ${B} to ${A - 1}`
        : level === 'C'
          ? `from ${C} to ${B - 1}`
          : `below ${C}`
  return {
    rule: 'PROTECT_LEVEL',
    explanation: `${points} protect points, ${range}: protect level ${level}`,
    inputs: { points, level },
  }
})

/** Appends the protect-level steps to `trace` and returns the result. */
export function protectLevel(facts: ProtectFacts, trace: TraceStep[] = []): ProtectResult {
  const rsr = rsrPoints(facts.rsrScore)
  const rosh = facts.rosh === null ? 0 : ROSH_POINTS[facts.rosh]
  const mappa = facts.mappaLevel === null ? 0 : MAPPA_POINTS[facts.mappaLevel]
  const complexity = COMPLEXITY_FACTOR_POINTS * facts.complexityFactors.length
  const w = facts.womenFactors
  const women = w.points
  const points = Math.max(rsr, rosh) + mappa + complexity + women
  const level = protectLevelForPoints(points)
  const womenKey =
    (w.parentalResponsibilities ? 1 : 0) + (w.selfControl ? 2 : 0) + (w.previousEnforcementActivity ? 4 : 0)

  trace.push(
    { rule: 'RSR', explanation: rsrSentence(facts.rsrScore, rsr) },
    facts.rosh === null ? NO_ROSH_STEP : ROSH_STEPS[facts.rosh],
    RSR_OR_ROSH_STEPS.get(rsr * 1000 + rosh, rsr, rosh),
    facts.mappaLevel === null ? NO_MAPPA_STEP : MAPPA_STEPS[facts.mappaLevel],
    complexityStep(facts.complexityFactors),
    WOMEN_STEPS.get(women === 0 ? 0 : womenKey, w),
    LEVEL_STEPS.get(points, points),
  )
  return {
    level,
    points,
    breakdown: { rsr, rosh, mappa, complexity, additionalFactorsForWomen: women },
    trace,
  }
}
