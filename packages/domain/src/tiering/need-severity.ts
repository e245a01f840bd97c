/**
 * Criminogenic needs (spec tiering.md §2.2.2): a section's score is the sum of its answers' scores, absent when every
 * answer is `Missing` or `Unknown` (also when nothing is answered). Severity: score ≥ severe → SEVERE, ≥ standard →
 * STANDARD, else NO_NEED; with the SAN indicator the SAN thresholds replace them where a section defines them.
 */
import type { NeedSectionAnswers, NeedSectionKey, NeedSeverity } from './types'
import { NEED_ANSWER_SCORE } from './types'

export interface NeedThresholds {
  readonly standard: number
  readonly severe: number
}

export interface NeedSectionRule {
  readonly key: NeedSectionKey
  /** The anchor's need name, used in traces. */
  readonly need: string
  /** Change points per severity point. */
  readonly weight: number
  readonly questions: readonly string[]
  readonly thresholds: NeedThresholds
  /** Used instead of `thresholds` when the assessment has the SAN indicator. */
  readonly sanThresholds: NeedThresholds | null
}

/** The eight sections in the anchor's order. */
export const NEED_SECTION_RULES: readonly NeedSectionRule[] = [
  {
    key: 'accommodation',
    need: 'ACCOMMODATION',
    weight: 1,
    questions: [
      'noFixedAbodeOrTransient',
      'suitabilityOfAccommodation',
      'permanenceOfAccommodation',
      'locationOfAccommodation',
    ],
    thresholds: { standard: 2, severe: 7 },
    sanThresholds: { standard: 3, severe: 5 },
  },
  {
    key: 'educationTrainingEmployability',
    need: 'EDUCATION_TRAINING_AND_EMPLOYABILITY',
    weight: 1,
    questions: ['unemployed', 'employmentHistory', 'workRelatedSkills', 'attitudeToEmployment'],
    thresholds: { standard: 3, severe: 7 },
    sanThresholds: null,
  },
  {
    key: 'relationships',
    need: 'RELATIONSHIPS',
    weight: 1,
    questions: ['relCloseFamily', 'experienceOfChildhood', 'prevCloseRelationships'],
    thresholds: { standard: 2, severe: 5 },
    sanThresholds: null,
  },
  {
    key: 'lifestyleAndAssociates',
    need: 'LIFESTYLE_AND_ASSOCIATES',
    weight: 1,
    questions: ['regActivitiesEncourageOffending', 'easilyInfluenced', 'recklessness'],
    thresholds: { standard: 2, severe: 5 },
    sanThresholds: null,
  },
  {
    key: 'drugMisuse',
    need: 'DRUG_MISUSE',
    weight: 1,
    questions: ['currentDrugNoted', 'everInjectedDrugs', 'motivationToTackleDrugMisuse', 'drugsMajorActivity'],
    thresholds: { standard: 2, severe: 8 },
    sanThresholds: { standard: 2, severe: 6 },
  },
  {
    key: 'alcoholMisuse',
    need: 'ALCOHOL_MISUSE',
    weight: 1,
    questions: ['currentUse', 'bingeDrinking', 'frequencyAndLevel', 'alcoholTackleMotivation'],
    thresholds: { standard: 4, severe: 7 },
    sanThresholds: { standard: 2, severe: 4 },
  },
  {
    key: 'thinkingAndBehaviour',
    need: 'THINKING_AND_BEHAVIOUR',
    weight: 2,
    questions: ['recogniseProblems', 'problemSolvingSkills', 'awarenessOfConsequences', 'understandsViewsOfOthers'],
    thresholds: { standard: 4, severe: 7 },
    sanThresholds: { standard: 3, severe: 5 },
  },
  {
    key: 'attitudes',
    need: 'ATTITUDES',
    weight: 2,
    questions: [
      'proCriminalAttitudes',
      'attitudesTowardsSupervision',
      'attitudesTowardsCommunitySociety',
      'motivationToAddressBehaviour',
    ],
    thresholds: { standard: 2, severe: 7 },
    sanThresholds: { standard: 1, severe: 5 },
  },
]

const ANSWER_SCORES = new Map<string, number>(Object.entries(NEED_ANSWER_SCORE))
const RULE_BY_KEY = new Map<NeedSectionKey, NeedSectionRule>(NEED_SECTION_RULES.map(r => [r.key, r]))

export function needSectionRule(section: NeedSectionKey): NeedSectionRule {
  const rule = RULE_BY_KEY.get(section)
  if (rule === undefined) throw new RangeError(`Unknown need section: ${JSON.stringify(section)}`)
  return rule
}

/** Severity points per severity. */
export const NEED_SEVERITY_SCORE: Readonly<Record<NeedSeverity, number>> = { NO_NEED: 0, STANDARD: 1, SEVERE: 2 }

export interface NeedScore {
  /** Sum of the answers' scores; null when every answer is Missing/Unknown or nothing is answered. */
  readonly score: number | null
  readonly severity: NeedSeverity | null
  /** The thresholds that applied (SAN ones when the SAN indicator is set and the section has them). */
  readonly thresholds: NeedThresholds
}

/**
 * Score of a section's answers: the sum of their scores, or null when every answer is Missing or Unknown (also
 * when nothing is answered). Only the section's own question keys are read; a null answer is not answered.
 */
export function needSectionScore(rule: NeedSectionRule, answers: NeedSectionAnswers | null | undefined): number | null {
  if (answers == null) return null
  let score = 0
  let answered = false
  for (const question of rule.questions) {
    const answer = answers[question]
    if (answer == null) continue
    score += ANSWER_SCORES.get(answer) ?? 0
    if (answer !== 'Missing' && answer !== 'Unknown') answered = true
  }
  return answered ? score : null
}

/** The thresholds that apply to a section (the SAN ones when the SAN indicator is set and the section has them). */
export function needThresholds(rule: NeedSectionRule, sanIndicator: boolean): NeedThresholds {
  return sanIndicator && rule.sanThresholds !== null ? rule.sanThresholds : rule.thresholds
}

export function severityForScore(score: number, thresholds: NeedThresholds): NeedSeverity {
  return score >= thresholds.severe ? 'SEVERE' : score >= thresholds.standard ? 'STANDARD' : 'NO_NEED'
}

/** Scores one need section (`tier.v2.needSeverity`). Other keys than the section's questions are ignored. */
export function needSeverity(
  section: NeedSectionKey,
  answers: NeedSectionAnswers | null | undefined,
  sanIndicator: boolean,
): NeedScore {
  const rule = needSectionRule(section)
  const thresholds = needThresholds(rule, sanIndicator)
  const score = needSectionScore(rule, answers)
  return { score, severity: score === null ? null : severityForScore(score, thresholds), thresholds }
}
