/**
 * V2 change level 0–3 (spec tiering.md §2.2): no mandate for change → 0; otherwise no needs assessment → 2;
 * otherwise points = weighted needs + ⌊OGRS ÷ 10⌋ + 2 for an IOM nominal, and 3 at 20 or more, 2 at 10–19,
 * else 1.
 */
import type { TraceStep } from '../shared/result'
import {
  NEED_SECTION_RULES,
  NEED_SEVERITY_SCORE,
  type NeedSectionRule,
  needSectionScore,
  needThresholds,
  severityForScore,
} from './need-severity'
import { freezeStep, StepCache } from './trace-cache'
import type { ChangeLevel, NeedsAssessment } from './types'

export const IOM_POINTS = 2
/** Lowest points for change levels 3 and 2. */
export const CHANGE_THRESHOLDS = { THREE: 20, TWO: 10 } as const
/** Change level when there is a mandate but no needs assessment. */
export const NO_ASSESSMENT_CHANGE_LEVEL: ChangeLevel = 2

export interface ChangeFacts {
  readonly hasNoMandate: boolean
  /** null = no assessment. */
  readonly assessment: NeedsAssessment | null
  /** null counts as 0. */
  readonly ogrsScore: number | null
  readonly hasIomNominal: boolean
}

/** The anchor's `pointsBreakdown` for the change level: exactly one of the first two, or the last three. */
export interface ChangeBreakdown {
  readonly NO_MANDATE_FOR_CHANGE?: number
  readonly NO_VALID_ASSESSMENT?: number
  readonly NEEDS?: number
  readonly OGRS?: number
  readonly IOM?: number
}

export interface ChangeResult {
  readonly level: ChangeLevel
  readonly points: number
  readonly breakdown: ChangeBreakdown
  readonly trace: TraceStep[]
}

export function ogrsPoints(ogrsScore: number | null): number {
  return Math.trunc((ogrsScore ?? 0) / 10)
}

export function changeLevelForPoints(points: number): ChangeLevel {
  if (points >= CHANGE_THRESHOLDS.THREE) return 3
  if (points >= CHANGE_THRESHOLDS.TWO) return 2
  return 1
}

const NO_MANDATE_STEP = freezeStep({
  rule: 'NO_MANDATE_FOR_CHANGE',
  explanation:
    'No current conviction is custodial or has a non-restrictive requirement (unpaid work aside): no mandate for change, change level 0',
  inputs: { points: 0, level: 0 },
})
const NO_ASSESSMENT_STEP = freezeStep({
  rule: 'NO_VALID_ASSESSMENT',
  explanation: `No needs assessment: change level ${NO_ASSESSMENT_CHANGE_LEVEL}`,
  inputs: { points: 0, level: NO_ASSESSMENT_CHANGE_LEVEL },
})
const NO_BREAKDOWN_MANDATE: ChangeBreakdown = Object.freeze({ NO_MANDATE_FOR_CHANGE: 0 })
const NO_BREAKDOWN_ASSESSMENT: ChangeBreakdown = Object.freeze({ NO_VALID_ASSESSMENT: 0 })

const IGNORED_SECTION_STEPS = new StepCache((rule: NeedSectionRule) => ({
  rule: 'NEEDS',
  explanation: `${rule.need} has only Missing or Unknown answers: ignored`,
  inputs: { section: rule.key, score: null },
}))

const SECTION_STEPS = new StepCache((rule: NeedSectionRule, score: number, san: boolean) => {
  const thresholds = needThresholds(rule, san)
  const severity = severityForScore(score, thresholds)
  const points = rule.weight * NEED_SEVERITY_SCORE[severity]
  const which = thresholds === rule.sanThresholds ? 'SAN thresholds: ' : ''
  return {
    rule: 'NEEDS',
    explanation: `${rule.need} score ${score} (${which}standard from ${thresholds.standard}, severe from ${thresholds.severe}): ${severity} × weight ${rule.weight} = ${points} point${points === 1 ? '' : 's'}`,
    inputs: { section: rule.key, score, severity, points },
  }
})

const NEEDS_TOTAL_STEPS = new StepCache((points: number) => ({
  rule: 'NEEDS',
  explanation: `Needs total: ${points} points`,
  inputs: { points },
}))

const NO_OGRS_STEP = freezeStep({
  rule: 'OGRS',
  explanation: 'No OGRS score (counts as 0): 0 points',
  inputs: { ogrsScore: null, points: 0 },
})
const OGRS_STEPS = new StepCache((ogrsScore: number) => {
  const points = ogrsPoints(ogrsScore)
  return {
    rule: 'OGRS',
    explanation: `OGRS ${ogrsScore} ÷ 10, rounded down: ${points} point${points === 1 ? '' : 's'}`,
    inputs: { ogrsScore, points },
  }
})

const IOM_STEP = freezeStep({
  rule: 'IOM',
  explanation: `IOM nominal (IIOM): ${IOM_POINTS} points`,
  inputs: { points: IOM_POINTS },
})
const NOT_IOM_STEP = freezeStep({ rule: 'IOM', explanation: 'Not an IOM nominal: 0 points', inputs: { points: 0 } })

const LEVEL_STEPS = new StepCache((points: number) => {
  const level = changeLevelForPoints(points)
  const { THREE, TWO } = CHANGE_THRESHOLDS
  const range = level === 3 ? `at least ${THREE}` : level === 2 ? `from ${TWO} to ${THREE - 1}` : `below ${TWO}`
  return {
    rule: 'CHANGE_LEVEL',
    explanation: `${points} change points, ${range}: change level ${level}`,
    inputs: { points, level },
  }
})

/** Weighted need points of an assessment, appending one trace step per present section. */
export function needsPoints(assessment: NeedsAssessment, trace: TraceStep[] = []): number {
  let total = 0
  const san = assessment.sanIndicator
  for (let i = 0; i < NEED_SECTION_RULES.length; i++) {
    const rule = NEED_SECTION_RULES[i]!
    const answers = assessment.sections[rule.key]
    if (answers == null) continue
    const score = needSectionScore(rule, answers)
    if (score === null) {
      trace.push(IGNORED_SECTION_STEPS.get(i, rule))
      continue
    }
    total += rule.weight * NEED_SEVERITY_SCORE[severityForScore(score, needThresholds(rule, san))]
    trace.push(SECTION_STEPS.get((i * 1000 + score) * 2 + (san ? 1 : 0), rule, score, san))
  }
  return total
}

/** Appends the change-level steps to `trace` and returns the result. */
export function changeLevel(facts: ChangeFacts, trace: TraceStep[] = []): ChangeResult {
  if (facts.hasNoMandate) {
    trace.push(NO_MANDATE_STEP)
    return { level: 0, points: 0, breakdown: NO_BREAKDOWN_MANDATE, trace }
  }
  if (facts.assessment === null) {
    trace.push(NO_ASSESSMENT_STEP)
    return { level: NO_ASSESSMENT_CHANGE_LEVEL, points: 0, breakdown: NO_BREAKDOWN_ASSESSMENT, trace }
  }
  const needs = needsPoints(facts.assessment, trace)
  const ogrs = ogrsPoints(facts.ogrsScore)
  const iom = facts.hasIomNominal ? IOM_POINTS : 0
  const points = needs + ogrs + iom
  const level = changeLevelForPoints(points)
  trace.push(
    NEEDS_TOTAL_STEPS.get(needs, needs),
    facts.ogrsScore === null ? NO_OGRS_STEP : OGRS_STEPS.get(facts.ogrsScore, facts.ogrsScore),
    facts.hasIomNominal ? IOM_STEP : NOT_IOM_STEP,
    LEVEL_STEPS.get(points, points),
  )
  return { level, points, breakdown: { NEEDS: needs, OGRS: ogrs, IOM: iom }, trace }
}
