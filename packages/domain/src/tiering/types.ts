/**
 * Words of the tiering rules (docs/tiering-rules.md, spec tiering.md): RoSH, MAPPA, registrations, convictions,
 * needs answers, OGRS4 predictors and the v2/v3 tier vocabularies. Plain typed objects only: untrusted input is
 * checked at the edge with the schemas in ./schemas, the rules then compute on these shapes.
 * Names carry a tiering-specific prefix where another rule family could use the same word.
 */
import type { IsoDate } from '../shared/dates'

/** Risk of serious harm, as read from the RoSH registrations. */
export const TIER_ROSH = { VERY_HIGH: 'VERY_HIGH', HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const
export type TierRosh = (typeof TIER_ROSH)[keyof typeof TIER_ROSH]

/** MAPPA level (v2) from the `level` of a MAPP registration. */
export const TIER_MAPPA_LEVEL = { M1: 'M1', M2: 'M2', M3: 'M3' } as const
export type TierMappaLevel = (typeof TIER_MAPPA_LEVEL)[keyof typeof TIER_MAPPA_LEVEL]

/** MAPPA category (v3) from the `category` of the newest MAPP registration. */
export const TIER_MAPPA_CATEGORY = { M1: 'M1', M2: 'M2', M3: 'M3', M4: 'M4' } as const
export type TierMappaCategory = (typeof TIER_MAPPA_CATEGORY)[keyof typeof TIER_MAPPA_CATEGORY]

/** Complexity factors (v2 protect level), each worth 2 points. */
export const COMPLEXITY_FACTOR = {
  MENTAL_HEALTH: 'MENTAL_HEALTH',
  ATTEMPTED_SUICIDE_OR_SELF_HARM: 'ATTEMPTED_SUICIDE_OR_SELF_HARM',
  VULNERABILITY_ISSUE: 'VULNERABILITY_ISSUE',
  CHILD_CONCERNS: 'CHILD_CONCERNS',
  CHILD_PROTECTION: 'CHILD_PROTECTION',
  RISK_TO_CHILDREN: 'RISK_TO_CHILDREN',
  PUBLIC_INTEREST: 'PUBLIC_INTEREST',
  ADULT_AT_RISK: 'ADULT_AT_RISK',
  STREET_GANGS: 'STREET_GANGS',
  TERRORISM: 'TERRORISM',
} as const
export type ComplexityFactor = (typeof COMPLEXITY_FACTOR)[keyof typeof COMPLEXITY_FACTOR]

/** A Delius registration. */
export interface TierRegistration {
  readonly code: string
  readonly level: string | null
  readonly category: string | null
  readonly date: IsoDate
}

export interface TierRequirement {
  readonly mainCategoryTypeCode: string
  readonly restrictive: boolean
}

/** A Delius conviction (event); current while `terminationDate` is null. */
export interface TierConviction {
  readonly sentenceTypeCode: string
  readonly terminationDate: IsoDate | null
  readonly requirements: readonly TierRequirement[]
}

/** What the registrations mean for tiering (spec §1.1). */
export interface RegistrationSummary {
  readonly rosh: TierRosh | null
  readonly mappaLevel: TierMappaLevel | null
  readonly mappaCategory: TierMappaCategory | null
  /** Distinct, sorted ascending. */
  readonly complexityFactors: readonly ComplexityFactor[]
  readonly hasIomNominal: boolean
  readonly hasLiferIpp: boolean
  readonly hasDomesticAbuse: boolean
  readonly hasStalking: boolean
  readonly hasChildProtection: boolean
  /** A PRC ("two-thirds") registration: the v2 tier gets the `S` suffix. */
  readonly unsupervised: boolean
}

/** OASys section answers and their scores (YesNo, Problem and Frequency answers share one namespace). */
export const NEED_ANSWER_SCORE = {
  Yes: 2,
  No: 0,
  Unknown: 0,
  None: 0,
  Some: 1,
  Significant: 2,
  Missing: 0,
  Never: 0,
  Previous: 1,
  Currently: 2,
} as const
export type NeedAnswer = keyof typeof NEED_ANSWER_SCORE

/** The eight need sections the v2 change level reads. */
export const NEED_SECTION = {
  accommodation: 'accommodation',
  educationTrainingEmployability: 'educationTrainingEmployability',
  relationships: 'relationships',
  lifestyleAndAssociates: 'lifestyleAndAssociates',
  drugMisuse: 'drugMisuse',
  alcoholMisuse: 'alcoholMisuse',
  thinkingAndBehaviour: 'thinkingAndBehaviour',
  attitudes: 'attitudes',
} as const
export type NeedSectionKey = (typeof NEED_SECTION)[keyof typeof NEED_SECTION]

/** One section's answers: question key → answer; a null or missing answer is "not answered". */
export type NeedSectionAnswers = Readonly<Partial<Record<string, NeedAnswer | null>>>

export const NEED_SEVERITY = { NO_NEED: 'NO_NEED', STANDARD: 'STANDARD', SEVERE: 'SEVERE' } as const
export type NeedSeverity = (typeof NEED_SEVERITY)[keyof typeof NEED_SEVERITY]

/** The ARNS tier assessment (v2): need sections plus the three answers behind the women's additional factors. */
export interface NeedsAssessment {
  readonly sanIndicator: boolean
  /** A null or missing section is absent. */
  readonly sections: Readonly<Partial<Record<NeedSectionKey, NeedSectionAnswers | null>>>
  readonly parentalResponsibilities: NeedAnswer | null
  readonly impulsivity: NeedAnswer | null
  readonly temperControl: NeedAnswer | null
}

export const PROTECT_LEVEL = { A: 'A', B: 'B', C: 'C', D: 'D' } as const
export type ProtectLevel = (typeof PROTECT_LEVEL)[keyof typeof PROTECT_LEVEL]

export type ChangeLevel = 0 | 1 | 2 | 3

/** OGRS4 predictor bands. */
export const PREDICTOR_BAND = {
  LOW: 'LOW',
  MEDIUM: 'MEDIUM',
  HIGH: 'HIGH',
  VERY_HIGH: 'VERY_HIGH',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
} as const
export type PredictorBand = (typeof PREDICTOR_BAND)[keyof typeof PREDICTOR_BAND]

export const STATIC_OR_DYNAMIC = { STATIC: 'STATIC', DYNAMIC: 'DYNAMIC' } as const
export type StaticOrDynamic = (typeof STATIC_OR_DYNAMIC)[keyof typeof STATIC_OR_DYNAMIC]

/** All-reoffending (ARP) or combined-serious-reoffending (CSRP) predictor. ARP is a percentage, CSRP too. */
export interface Ogrs4Predictor {
  readonly score: number | null
  readonly staticOrDynamic: StaticOrDynamic | null
  readonly band: PredictorBand | null
}

/** Direct-contact sexual reoffending predictor (DC-SRP). */
export interface SexualReoffendingPredictor {
  readonly score: number | null
  readonly band: PredictorBand | null
}

/** The OGRS4 predictors of the newest OASys (or rescored) assessment. */
export interface Ogrs4Predictors {
  readonly arp: Ogrs4Predictor | null
  readonly csrp: Ogrs4Predictor | null
  readonly dcSrp: SexualReoffendingPredictor | null
}

/** V3 tier letters, highest first. */
export const TIER_V3_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G'] as const
export type TierV3Letter = (typeof TIER_V3_LETTERS)[number]

export const TIER_V3 = {
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
  E: 'E',
  F: 'F',
  G: 'G',
  MISSING: 'MISSING',
  NOT_SUPERVISED: 'NOT_SUPERVISED',
} as const
export type TierV3 = (typeof TIER_V3)[keyof typeof TIER_V3]

/** The eight v3 steps in evaluation order; REOFFENDING is the starting cell, the other seven can only raise it. */
export const TIER_V3_STEP = {
  REOFFENDING: 'REOFFENDING',
  SEXUAL_REOFFENDING: 'SEXUAL_REOFFENDING',
  MAPPA_ROSH: 'MAPPA_ROSH',
  LIFER_IPP: 'LIFER_IPP',
  DOMESTIC_ABUSE: 'DOMESTIC_ABUSE',
  STALKING: 'STALKING',
  CHILD_PROTECTION: 'CHILD_PROTECTION',
  SEXUAL_OFFENCES: 'SEXUAL_OFFENCES',
} as const
export type TierV3Step = (typeof TIER_V3_STEP)[keyof typeof TIER_V3_STEP]

/** Step → tier letter; a step without a result is absent. */
export type TierV3StepResults = Readonly<Partial<Record<TierV3Step, TierV3Letter>>>
