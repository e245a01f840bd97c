/**
 * Input schemas of the tiering rules (zod). The service validates API bodies and event snapshots with them at the
 * edge; the rules then compute on plain typed objects and never parse. Absent optional values (`null` or missing)
 * become `null`. The `parse…` helpers return a Result whose error names the first offending field; their return
 * types also prove at compile time that each schema's output fits the rule's input type.
 */
import { z } from 'zod'
import { isoDateSchema } from '../shared/dates'
import { fail, ok, type Result, type RuleViolation } from '../shared/result'
import type { TierCalculationInput } from './calculate-tiers'
import { type GradeGuidanceConfig, TIER_MINIMUM_GRADE } from './grade-guidance'
import type { TierV2Input } from './tier-v2'
import type { TierV3Input } from './tier-v3'
import {
  NEED_ANSWER_SCORE,
  NEED_SECTION,
  type NeedAnswer,
  type NeedSectionKey,
  PREDICTOR_BAND,
  STATIC_OR_DYNAMIC,
  TIER_MAPPA_CATEGORY,
  TIER_ROSH,
  TIER_V3,
  TIER_V3_LETTERS,
  type TierConviction,
  type TierMappaCategory,
  type TierRegistration,
  type TierRosh,
} from './types'
import type { TierV3ProvisionalInput } from './v3-provisional'
import type { WomenFactorsInput } from './women-factors'

const values = <T extends string>(o: Readonly<Record<string, T>>): [T, ...T[]] => Object.values(o) as [T, ...T[]]

const isoDate = isoDateSchema

export const needAnswerSchema = z.enum(Object.keys(NEED_ANSWER_SCORE) as [NeedAnswer, ...NeedAnswer[]], {
  error: `is not a recognised answer (one of ${Object.keys(NEED_ANSWER_SCORE).join(', ')})`,
})
export const tierRoshSchema = z.enum(values<TierRosh>(TIER_ROSH))
export const tierMappaCategorySchema = z.enum(values<TierMappaCategory>(TIER_MAPPA_CATEGORY))
export const predictorBandSchema = z.enum(values(PREDICTOR_BAND))
export const staticOrDynamicSchema = z.enum(values(STATIC_OR_DYNAMIC))
export const tierV3LetterSchema = z.enum(TIER_V3_LETTERS)
export const tierV3Schema = z.enum(values(TIER_V3))
export const needSectionKeySchema = z.enum(values<NeedSectionKey>(NEED_SECTION))

export const tierRegistrationSchema = z.object({
  code: z.string().min(1),
  level: z.string().nullable().default(null),
  category: z.string().nullable().default(null),
  date: isoDate,
})

export const tierRequirementSchema = z.object({ mainCategoryTypeCode: z.string(), restrictive: z.boolean() })

export const tierConvictionSchema = z.object({
  sentenceTypeCode: z.string(),
  terminationDate: isoDate.nullable().default(null),
  requirements: z.array(tierRequirementSchema).default([]),
})

/** One need section: question key → answer (null = not answered). */
export const needSectionAnswersSchema = z.record(z.string(), needAnswerSchema.nullable())

const section = needSectionAnswersSchema.nullish()
export const needSectionsSchema = z.object({
  accommodation: section,
  educationTrainingEmployability: section,
  relationships: section,
  lifestyleAndAssociates: section,
  drugMisuse: section,
  alcoholMisuse: section,
  thinkingAndBehaviour: section,
  attitudes: section,
})

export const needsAssessmentSchema = z.object({
  sanIndicator: z.boolean().default(false),
  sections: needSectionsSchema.default({}),
  parentalResponsibilities: needAnswerSchema.nullable().default(null),
  impulsivity: needAnswerSchema.nullable().default(null),
  temperControl: needAnswerSchema.nullable().default(null),
})

const rsrScore = z.number().min(0, { error: 'must be 0 or more' }).nullable().default(null)
const ogrsScore = z.number().int().min(0, { error: 'must be 0 or more' }).nullable().default(null)

export const tierV2InputSchema = z.object({
  isFemale: z.boolean(),
  rsrScore,
  ogrsScore,
  registrations: z.array(tierRegistrationSchema),
  convictions: z.array(tierConvictionSchema),
  previousEnforcementActivity: z.boolean(),
  assessment: needsAssessmentSchema.nullable().default(null),
})

/** ARP or CSRP; scores are percentages and never negative. */
export const ogrs4PredictorSchema = z.object({
  score: z.number().min(0, { error: 'must be 0 or more' }).nullable().default(null),
  staticOrDynamic: staticOrDynamicSchema.nullable().default(null),
  band: predictorBandSchema.nullable().default(null),
})

/** DC-SRP; a score of 0 or less makes the predictor not count (it is not an error). */
export const sexualReoffendingPredictorSchema = z.object({
  score: z.number().nullable().default(null),
  band: predictorBandSchema.nullable().default(null),
})

export const ogrs4PredictorsSchema = z.object({
  arp: ogrs4PredictorSchema.nullable().default(null),
  csrp: ogrs4PredictorSchema.nullable().default(null),
  dcSrp: sexualReoffendingPredictorSchema.nullable().default(null),
})

export const tierV3InputSchema = z.object({
  hasActiveEvent: z.boolean(),
  rosh: tierRoshSchema.nullable().default(null),
  mappaCategory: tierMappaCategorySchema.nullable().default(null),
  hasLiferIpp: z.boolean(),
  hasDomesticAbuse: z.boolean(),
  hasStalking: z.boolean(),
  hasChildProtection: z.boolean(),
  latestReleaseDate: isoDate.nullable().default(null),
  arp: ogrs4PredictorSchema.nullable().default(null),
  csrp: ogrs4PredictorSchema.nullable().default(null),
  dcSrp: sexualReoffendingPredictorSchema.nullable().default(null),
  everCommittedSexualOffence: z.boolean(),
})

const provisionalPredictor = z.object({
  score: z.number().min(0, { error: 'must be 0 or more' }),
  staticOrDynamic: staticOrDynamicSchema.nullable().default(null),
})

export const tierV3StepResultsSchema = z.strictObject({
  REOFFENDING: tierV3LetterSchema.optional(),
  SEXUAL_REOFFENDING: tierV3LetterSchema.optional(),
  MAPPA_ROSH: tierV3LetterSchema.optional(),
  LIFER_IPP: tierV3LetterSchema.optional(),
  DOMESTIC_ABUSE: tierV3LetterSchema.optional(),
  STALKING: tierV3LetterSchema.optional(),
  CHILD_PROTECTION: tierV3LetterSchema.optional(),
  SEXUAL_OFFENCES: tierV3LetterSchema.optional(),
})

export const tierV3ProvisionalInputSchema = z.object({
  rosh: tierRoshSchema.nullable().default(null),
  mappaCategory: tierMappaCategorySchema.nullable().default(null),
  arp: provisionalPredictor,
  csrp: provisionalPredictor,
  stepResults: tierV3StepResultsSchema,
})

/** Both models from one input (calculateTiers). */
export const tierCalculationInputSchema = z.object({
  gender: z.string().nullable().default(null),
  rsrScore,
  ogrsScore,
  registrations: z.array(tierRegistrationSchema),
  convictions: z.array(tierConvictionSchema),
  previousEnforcementActivity: z.boolean(),
  hasActiveEvent: z.boolean(),
  latestReleaseDate: isoDate.nullable().default(null),
  assessment: needsAssessmentSchema.nullable().default(null),
  predictors: ogrs4PredictorsSchema.nullable().default(null),
  everCommittedSexualOffence: z.boolean().default(false),
})

// Single-rule inputs (the conformance kinds `tier.registrations`, `tier.mandate`, `tier.v2.needSeverity`,
// `tier.v2.womenFactors`).
export const tierRegistrationsInputSchema = z.object({ registrations: z.array(tierRegistrationSchema) })
export const tierMandateInputSchema = z.object({ convictions: z.array(tierConvictionSchema) })
export const needSeverityInputSchema = z.object({
  section: needSectionKeySchema,
  answers: needSectionAnswersSchema,
  sanIndicator: z.boolean(),
})
export const womenFactorsInputSchema = z.object({
  isFemale: z.boolean(),
  previousEnforcementActivity: z.boolean(),
  assessment: z
    .object({
      parentalResponsibilities: needAnswerSchema.nullable().default(null),
      impulsivity: needAnswerSchema.nullable().default(null),
      temperControl: needAnswerSchema.nullable().default(null),
    })
    .nullable()
    .default(null),
})

export const gradeGuidanceConfigSchema = z.object({
  poRoshLevels: z.array(tierRoshSchema),
  v2HighestPsoTier: z.string().regex(/^[A-D][0-3]$/, 'must be a v2 tier such as C2') as unknown as z.ZodType<
    GradeGuidanceConfig['v2HighestPsoTier'],
    string
  >,
  v3PoTiers: z.array(tierV3LetterSchema),
  unknownTierGrade: z.enum(values(TIER_MINIMUM_GRADE)),
  unknownRoshGrade: z.enum(values(TIER_MINIMUM_GRADE)),
})

/** Checks untrusted input against a tiering schema; the first problem comes back as a RuleViolation. */
export function parseTieringInput<S extends z.ZodType>(schema: S, raw: unknown): Result<z.output<S>, RuleViolation> {
  const parsed = schema.safeParse(raw)
  if (parsed.success) return ok(parsed.data)
  const issue = parsed.error.issues[0]
  return fail({
    field: issue === undefined ? '' : issue.path.map(p => String(p)).join('.'),
    reason: issue?.message ?? 'invalid input',
  })
}

export const parseTierV2Input = (raw: unknown): Result<TierV2Input> => parseTieringInput(tierV2InputSchema, raw)
export const parseTierV3Input = (raw: unknown): Result<TierV3Input> => parseTieringInput(tierV3InputSchema, raw)
export const parseTierV3ProvisionalInput = (raw: unknown): Result<TierV3ProvisionalInput> =>
  parseTieringInput(tierV3ProvisionalInputSchema, raw)
export const parseTierCalculationInput = (raw: unknown): Result<TierCalculationInput> =>
  parseTieringInput(tierCalculationInputSchema, raw)
export const parseWomenFactorsInput = (raw: unknown): Result<WomenFactorsInput> =>
  parseTieringInput(womenFactorsInputSchema, raw)
export const parseTierRegistrations = (raw: unknown): Result<readonly TierRegistration[]> => {
  const parsed = parseTieringInput(tierRegistrationsInputSchema, raw)
  return parsed.ok ? ok(parsed.value.registrations) : parsed
}
export const parseTierConvictions = (raw: unknown): Result<readonly TierConviction[]> => {
  const parsed = parseTieringInput(tierMandateInputSchema, raw)
  return parsed.ok ? ok(parsed.value.convictions) : parsed
}
export const parseGradeGuidanceConfig = (raw: unknown): Result<GradeGuidanceConfig> =>
  parseTieringInput(gradeGuidanceConfigSchema, raw)
