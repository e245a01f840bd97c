/** The OASys assessment: need sections (from per-seed pools), women's factors and predictors. */
import {
  type AssessmentSnapshot,
  NEED_SECTION_KEYS,
  NEED_SECTIONS,
  type NeedSection,
  type NeedSections,
  type Predictor,
  type PredictorBand,
  type SectionAnswer,
  type StaticOrDynamic,
  type WomensFactors,
} from '@omic/contracts'
import { fromDay } from './calendar'
import { type Rng, rngFor } from './prng'
import type { Risk } from './risk'

/** PRNG stream of the need-section pools (prisoners use 201, identifier offsets 202). */
const STREAM_POOLS = 203

type AnswerKind = 'yesNo' | 'problem' | 'frequency'
const ANSWERS: Record<AnswerKind, ReadonlyArray<ReadonlyArray<readonly [SectionAnswer, number]>>> = {
  yesNo: [
    [
      ['No', 88],
      ['Yes', 7],
      ['Unknown', 5],
    ],
    [
      ['Yes', 45],
      ['No', 50],
      ['Unknown', 5],
    ],
    [
      ['Yes', 85],
      ['No', 12],
      ['Unknown', 3],
    ],
  ],
  problem: [
    [
      ['None', 80],
      ['Some', 15],
      ['Missing', 5],
    ],
    [
      ['None', 25],
      ['Some', 60],
      ['Significant', 12],
      ['Missing', 3],
    ],
    [
      ['Some', 35],
      ['Significant', 62],
      ['Missing', 3],
    ],
  ],
  frequency: [
    [
      ['Never', 90],
      ['Previous', 8],
      ['Unknown', 2],
    ],
    [
      ['Never', 50],
      ['Previous', 45],
      ['Currently', 5],
    ],
    [
      ['Previous', 55],
      ['Currently', 40],
      ['Never', 5],
    ],
  ],
}
const QUESTION_KINDS: Partial<Record<string, AnswerKind>> = {
  noFixedAbodeOrTransient: 'yesNo',
  unemployed: 'yesNo',
  everInjectedDrugs: 'frequency',
}

function answer(rng: Rng, kind: AnswerKind, level: number): SectionAnswer {
  const weights = ANSWERS[kind][level]
  if (!weights) throw new RangeError(`no answers for need level ${level}`)
  return rng.weighted(weights)
}

/** Each need section's answers come from a per-seed pool of variants, shared between prisoners (saves memory). */
type SectionAnswers = Record<string, SectionAnswer>
export type SectionPools = Record<NeedSection, SectionAnswers[]>
const SECTION_VARIANTS = 96
const NEED_LEVELS: ReadonlyArray<readonly [number, number]> = [
  [0, 40],
  [1, 40],
  [2, 20],
]

export function makeSectionPools(seed: number): SectionPools {
  const rng = rngFor(seed, STREAM_POOLS)
  const pools = {} as SectionPools
  for (const section of NEED_SECTION_KEYS) {
    pools[section] = Array.from({ length: SECTION_VARIANTS }, () => {
      const level = rng.weighted(NEED_LEVELS)
      const answers: SectionAnswers = {}
      for (const question of NEED_SECTIONS[section]) {
        answers[question] = answer(rng, QUESTION_KINDS[question] ?? 'problem', level)
      }
      return answers
    })
  }
  return pools
}

function needSections(rng: Rng, pools: SectionPools): NeedSections {
  const sections = {} as Record<NeedSection, SectionAnswers | null>
  for (const section of NEED_SECTION_KEYS) sections[section] = rng.chance(0.06) ? null : rng.pick(pools[section])
  return sections as NeedSections
}

function band(score: number, thresholds: readonly [number, number, number]): PredictorBand {
  const [medium, high, veryHigh] = thresholds
  return score >= veryHigh ? 'VERY_HIGH' : score >= high ? 'HIGH' : score >= medium ? 'MEDIUM' : 'LOW'
}

function predictors(rng: Rng, risk: Risk, layer1: boolean, ogrs: number): AssessmentSnapshot['predictors'] {
  const staticOrDynamic = (): StaticOrDynamic => (layer1 || rng.chance(0.15) ? 'STATIC' : 'DYNAMIC')
  const arpScore = Math.min(99.9, Math.max(0.5, Math.round((ogrs + rng.int(-12, 12) + rng.next()) * 10) / 10))
  const csrpScore = rng.decimal(0.05, risk.rosh === 'VERY_HIGH' || risk.rosh === 'HIGH' ? 9 : 4, 2)
  const allReoffending: Predictor = {
    score: arpScore,
    band: band(arpScore, [50, 75, 90]),
    staticOrDynamic: staticOrDynamic(),
  }
  const combinedSeriousReoffending: Predictor = {
    score: csrpScore,
    band: band(csrpScore, [1, 3, 6.9]),
    staticOrDynamic: staticOrDynamic(),
  }
  let directContactSexualReoffending: Predictor | null = null
  if (risk.sexualOffending) {
    // bands chosen so a Medium DC-SRP is never below 0.60 (tiering.md §3 would fail the calculation)
    const score = rng.decimal(0.3, 6, 2)
    directContactSexualReoffending = { score, band: band(score, [1.12, 3.36, 5]), staticOrDynamic: 'STATIC' }
  } else if (rng.chance(0.5)) {
    directContactSexualReoffending = { score: 0, band: 'NOT_APPLICABLE', staticOrDynamic: null }
  }
  return { allReoffending, combinedSeriousReoffending, directContactSexualReoffending }
}

export function generateAssessment(
  rng: Rng,
  pools: SectionPools,
  index: number,
  gender: 'Male' | 'Female',
  risk: Risk,
  now: number,
): AssessmentSnapshot {
  const layer1 = rng.chance(0.15)
  const ogrsScore = rng.int(4, 96)
  const sections = needSections(rng, pools)
  const thinkingLevel = sections.thinkingAndBehaviour ? rng.int(0, 2) : 0
  const womensFactors: WomensFactors = {
    parentalResponsibilities: answer(rng, 'yesNo', gender === 'Female' ? 1 : 0),
    impulsivity: answer(rng, 'problem', thinkingLevel),
    temperControl: answer(rng, 'problem', thinkingLevel),
  }
  return {
    assessmentId: String(20_000_000 + index),
    completedDate: fromDay(now - rng.int(0, 500)),
    type: layer1 ? 'LAYER1' : 'LAYER3',
    status: rng.chance(0.9) ? 'COMPLETE' : 'LOCKED_INCOMPLETE',
    sanIndicator: rng.chance(0.25),
    rsrScore: rng.chance(0.12) ? rng.decimal(7, 25, 2) : rng.decimal(0.2, 6.99, 2),
    ogrsScore,
    roshLevel: risk.rosh,
    sections,
    womensFactors,
    predictors: rng.chance(0.92) ? predictors(rng, risk, layer1, ogrsScore) : null,
    everCommittedSexualOffence: risk.sexualOffending,
  }
}
