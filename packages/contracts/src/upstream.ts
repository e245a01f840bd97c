/**
 * Upstream HMPPS domain events this system accepts (events.md §2), with the snapshot shapes they may carry.
 *
 * Every event may be *thin* (no `additionalInformation.snapshot`); it is still valid. Snapshot dates are real
 * calendar dates `YYYY-MM-DD` from 1900-01-01 to 2200-12-31 (`calendarDateSchema`; anything else is rejected with
 * the field and the reason); a missing date is `null` (an absent key is read as `null`). Unknown keys inside
 * `additionalInformation` are kept (real HMPPS events carry more than we use); unknown keys inside snapshots are
 * dropped.
 */
import { z } from 'zod'
import { crnSchema, nomsNumberSchema } from './envelope'
import {
  calendarDateSchema,
  checkIdentifierMatches,
  comGradeSchema,
  deliusCodeSchema,
  envelopeFor,
  optionalDateSchema,
  prisonIdSchema,
  roshLevelSchema,
} from './shared'

// ---------------------------------------------------------------------------------------------------------------
// Prisoner (Prisoner Search)

/** Prisoner Search's status; `INACTIVE TRN` is a prisoner in transfer between prisons (no prison holds them). */
export const PRISONER_STATUSES = ['ACTIVE IN', 'ACTIVE OUT', 'INACTIVE OUT', 'INACTIVE TRN'] as const
export const LEGAL_STATUSES = [
  'SENTENCED',
  'INDETERMINATE_SENTENCE',
  'RECALL',
  'IMMIGRATION_DETAINEE',
  'REMAND',
  'CONVICTED_UNSENTENCED',
  'CIVIL_PRISONER',
  'DEAD',
  'OTHER',
  'UNKNOWN',
] as const
export type LegalStatus = (typeof LEGAL_STATUSES)[number]

/** One sentence of the current booking, for the additional-ISP rule (handover.md §c.1 rule 1). */
export const prisonerSentenceSchema = z.object({
  caseId: z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String),
  sentenceType: z.string().min(1),
  startDate: optionalDateSchema,
  isIndeterminate: z.boolean(),
})
export type PrisonerSentence = z.infer<typeof prisonerSentenceSchema>

export const prisonerSnapshotSchema = z.object({
  nomsNumber: nomsNumberSchema,
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  dateOfBirth: calendarDateSchema,
  gender: z.string().min(1).nullable().default(null),
  prisonId: prisonIdSchema,
  status: z.enum(PRISONER_STATUSES),
  legalStatus: z.enum(LEGAL_STATUSES),
  /** NOMIS imprisonment status code, e.g. `SENT03`, `LIFE`, `DET`, `A/FINE`; null = unknown criminal sentence. */
  imprisonmentStatus: z.string().min(1).nullable().default(null),
  indeterminateSentence: z.boolean().default(false),
  recall: z.boolean().default(false),
  sentenceStartDate: optionalDateSchema,
  conditionalReleaseDate: optionalDateSchema,
  conditionalReleaseOverrideDate: optionalDateSchema,
  automaticReleaseDate: optionalDateSchema,
  automaticReleaseOverrideDate: optionalDateSchema,
  paroleEligibilityDate: optionalDateSchema,
  homeDetentionCurfewEligibilityDate: optionalDateSchema,
  tariffDate: optionalDateSchema,
  licenceExpiryDate: optionalDateSchema,
  sentenceExpiryDate: optionalDateSchema,
  releaseDate: optionalDateSchema,
  sentences: z.array(prisonerSentenceSchema).default([]),
  /** Security category code: A, B, C, D (men), R, T (women's closed / open), U (uncategorised), … */
  category: z
    .string()
    .regex(/^[A-Z]{1,2}$/, 'must be a NOMIS category code like C')
    .nullable()
    .default(null),
  categoryActiveSince: optionalDateSchema,
  prisonArrivalDate: optionalDateSchema,
})
export type PrisonerSnapshot = z.infer<typeof prisonerSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// Registrations (nDelius)

export const registrationSchema = z.object({
  /** Register type code: MAPP, RoSH (RVHR/RHRH/RMRH/RLRH), complexity codes, PRC, IIOM, INLL, ADVP, SPO, RCPR, … */
  code: z.string().min(1),
  /** MAPPA level M1–M3 for MAPP (others are ignored by tiering), otherwise usually null. */
  level: z.string().min(1).nullable().default(null),
  /** MAPPA category M1–M4 for MAPP, otherwise usually null. */
  category: z.string().min(1).nullable().default(null),
  date: calendarDateSchema,
})
export type Registration = z.infer<typeof registrationSchema>

export const registrationsSnapshotSchema = z.object({
  /** The full current list of the person's registrations. */
  registrations: z.array(registrationSchema),
})
export type RegistrationsSnapshot = z.infer<typeof registrationsSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// Assessment (OASys / ARNS)

/** Section answers (tiering.md §2.2.2): YesNo, Problem and Frequency values. Any other string is rejected. */
export const SECTION_ANSWERS = [
  'Yes',
  'No',
  'Unknown',
  'None',
  'Some',
  'Significant',
  'Missing',
  'Never',
  'Previous',
  'Currently',
] as const
export const sectionAnswerSchema = z.enum(SECTION_ANSWERS, { error: 'Section Answer not recognised' })
export type SectionAnswer = z.infer<typeof sectionAnswerSchema>

/** Need sections and their question keys (tiering.md §2.2.2; keys as in CONFORMANCE.md §5.5). */
export const NEED_SECTIONS = {
  accommodation: [
    'noFixedAbodeOrTransient',
    'suitabilityOfAccommodation',
    'permanenceOfAccommodation',
    'locationOfAccommodation',
  ],
  educationTrainingEmployability: ['unemployed', 'employmentHistory', 'workRelatedSkills', 'attitudeToEmployment'],
  relationships: ['relCloseFamily', 'experienceOfChildhood', 'prevCloseRelationships'],
  lifestyleAndAssociates: ['regActivitiesEncourageOffending', 'easilyInfluenced', 'recklessness'],
  drugMisuse: ['currentDrugNoted', 'everInjectedDrugs', 'motivationToTackleDrugMisuse', 'drugsMajorActivity'],
  alcoholMisuse: ['currentUse', 'bingeDrinking', 'frequencyAndLevel', 'alcoholTackleMotivation'],
  thinkingAndBehaviour: [
    'recogniseProblems',
    'problemSolvingSkills',
    'awarenessOfConsequences',
    'understandsViewsOfOthers',
  ],
  attitudes: [
    'proCriminalAttitudes',
    'attitudesTowardsSupervision',
    'attitudesTowardsCommunitySociety',
    'motivationToAddressBehaviour',
  ],
} as const
export type NeedSection = keyof typeof NEED_SECTIONS
export const NEED_SECTION_KEYS = Object.keys(NEED_SECTIONS) as NeedSection[]

type SectionShape<S extends NeedSection> = {
  [Q in (typeof NEED_SECTIONS)[S][number]]: z.ZodOptional<z.ZodNullable<typeof sectionAnswerSchema>>
}

function sectionSchema<S extends NeedSection>(section: S) {
  const shape = Object.fromEntries(
    NEED_SECTIONS[section].map(question => [question, sectionAnswerSchema.nullable().optional()]),
  ) as SectionShape<S>
  return z.object(shape).nullable().default(null)
}

/** Each need section is a map question → answer, or null when the section is absent. */
export const needSectionsSchema = z.object({
  accommodation: sectionSchema('accommodation'),
  educationTrainingEmployability: sectionSchema('educationTrainingEmployability'),
  relationships: sectionSchema('relationships'),
  lifestyleAndAssociates: sectionSchema('lifestyleAndAssociates'),
  drugMisuse: sectionSchema('drugMisuse'),
  alcoholMisuse: sectionSchema('alcoholMisuse'),
  thinkingAndBehaviour: sectionSchema('thinkingAndBehaviour'),
  attitudes: sectionSchema('attitudes'),
})
export type NeedSections = z.infer<typeof needSectionsSchema>

/** Answers used by the additional factors for women (tiering.md §2.1.1): OASys Q6.9, Q11.2, Q11.4. */
export const womensFactorsSchema = z.object({
  parentalResponsibilities: sectionAnswerSchema.nullable().default(null),
  impulsivity: sectionAnswerSchema.nullable().default(null),
  temperControl: sectionAnswerSchema.nullable().default(null),
})
export type WomensFactors = z.infer<typeof womensFactorsSchema>

export const PREDICTOR_BANDS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH', 'NOT_APPLICABLE'] as const
export type PredictorBand = (typeof PREDICTOR_BANDS)[number]
/** Band of an OGRS4 predictor; ARNS labels (`Very High`, `Not Applicable`) are accepted and normalised. */
export const predictorBandSchema = z.preprocess(
  value => (typeof value === 'string' ? value.trim().toUpperCase().replace(/\s+/g, '_') : value),
  z.enum(PREDICTOR_BANDS),
)
export const STATIC_OR_DYNAMIC = ['STATIC', 'DYNAMIC'] as const
export type StaticOrDynamic = (typeof STATIC_OR_DYNAMIC)[number]

export const predictorSchema = z.object({
  score: z.number().min(0).nullable().default(null),
  band: predictorBandSchema.nullable().default(null),
  staticOrDynamic: z.enum(STATIC_OR_DYNAMIC).nullable().default(null),
})
export type Predictor = z.infer<typeof predictorSchema>

/** OGRS4 predictors (ARNS output version 2): ARP, CSRP and DC-SRP. */
export const ogrs4PredictorsSchema = z.object({
  allReoffending: predictorSchema.nullable().default(null),
  combinedSeriousReoffending: predictorSchema.nullable().default(null),
  directContactSexualReoffending: predictorSchema.nullable().default(null),
})
export type Ogrs4Predictors = z.infer<typeof ogrs4PredictorsSchema>

export const assessmentIdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String)

export const assessmentSnapshotSchema = z.object({
  assessmentId: assessmentIdSchema,
  completedDate: optionalDateSchema,
  /** LAYER3, LAYER1, STANDALONE, … */
  type: z.string().min(1),
  /** COMPLETE, LOCKED_INCOMPLETE, … */
  status: z.string().min(1),
  sanIndicator: z.boolean().default(false),
  rsrScore: z.number().min(0).nullable().default(null),
  ogrsScore: z.number().int().min(0).max(100).nullable().default(null),
  roshLevel: roshLevelSchema.nullable().default(null),
  sections: needSectionsSchema,
  womensFactors: womensFactorsSchema.nullable().default(null),
  /** null when ARNS holds no OGRS4 predictors for the person. */
  predictors: ogrs4PredictorsSchema.nullable().default(null),
  everCommittedSexualOffence: z.boolean().default(false),
})
export type AssessmentSnapshot = z.infer<typeof assessmentSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// Convictions (nDelius)

export const requirementSchema = z.object({
  mainCategoryTypeCode: z.string().min(1),
  restrictive: z.boolean(),
})
export const convictionSchema = z.object({
  terminationDate: optionalDateSchema,
  /** e.g. NC / SC (custodial), SP (community) */
  sentenceTypeCode: z.string().min(1),
  requirements: z.array(requirementSchema).default([]),
})
export type Conviction = z.infer<typeof convictionSchema>

export const convictionsSnapshotSchema = z.object({
  convictions: z.array(convictionSchema),
  hasActiveEvent: z.boolean(),
  latestReleaseDate: optionalDateSchema,
  previousEnforcementActivity: z.boolean().default(false),
})
export type ConvictionsSnapshot = z.infer<typeof convictionsSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// ProbationCase (nDelius case details)

export const PROBATION_SERVICES = ['England', 'Wales'] as const
export type ProbationService = (typeof PROBATION_SERVICES)[number]

export const probationCaseSnapshotSchema = z.object({
  crn: crnSchema,
  nomsNumber: nomsNumberSchema.nullable().default(null),
  gender: z.string().min(1).nullable().default(null),
  probationService: z.enum(PROBATION_SERVICES).nullable().default(null),
  pduCode: deliusCodeSchema.nullable().default(null),
  pduName: z.string().min(1).nullable().default(null),
  lduCode: deliusCodeSchema.nullable().default(null),
  lduName: z.string().min(1).nullable().default(null),
  lduEmail: z.email().nullable().default(null),
  teamCode: deliusCodeSchema.nullable().default(null),
  /** 0 = not relevant, null = unknown */
  mappaLevel: z.number().int().min(0).max(3).nullable().default(null),
  enhancedResourcing: z.boolean().nullable().default(null),
  roshLevel: roshLevelSchema.nullable().default(null),
})
export type ProbationCaseSnapshot = z.infer<typeof probationCaseSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// CommunityManager (nDelius)

export const communityManagerSnapshotSchema = z.object({
  staffCode: deliusCodeSchema,
  name: z.string().min(1),
  email: z.email().nullable().default(null),
  grade: comGradeSchema.nullable().default(null),
  teamCode: deliusCodeSchema,
  pduCode: deliusCodeSchema,
})
export type CommunityManagerSnapshot = z.infer<typeof communityManagerSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// ParoleReview (PPUD)

export const reviewIdSchema = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String)

export const paroleReviewSnapshotSchema = z.object({
  reviewId: reviewIdSchema,
  targetHearingDate: optionalDateSchema,
  custodyReportDue: optionalDateSchema,
  /** "Release", "Not released", "Open conditions", "Not Applicable", … or null while undecided */
  hearingOutcome: z.string().min(1).nullable().default(null),
  hearingOutcomeReceivedDate: optionalDateSchema,
  /** Active, Completed, Inactive, … */
  reviewStatus: z.string().min(1).nullable().default(null),
})
export type ParoleReviewSnapshot = z.infer<typeof paroleReviewSnapshotSchema>

// ---------------------------------------------------------------------------------------------------------------
// Events

/**
 * Why a prisoner was received (upstream.md §1.2): Prisoner Search's reasons, and `ADMISSION`, the reason of the older
 * prison-offender-events producer. A new admission or a readmission (to a new or the same booking) starts a custody
 * episode as `ADMISSION` did.
 */
export const PRISONER_RECEIVED_REASONS = [
  'NEW_ADMISSION',
  'READMISSION',
  'READMISSION_SWITCH_BOOKING',
  'ADMISSION',
  'TRANSFERRED',
  'RETURN_FROM_COURT',
  'TEMPORARY_ABSENCE_RETURN',
  'POST_MERGE_ADMISSION',
] as const
export type PrisonerReceivedReason = (typeof PRISONER_RECEIVED_REASONS)[number]
/** The received reasons that start a custody episode (an admission, whatever the producer calls it). */
export const ADMISSION_REASONS: readonly PrisonerReceivedReason[] = [
  'NEW_ADMISSION',
  'READMISSION',
  'READMISSION_SWITCH_BOOKING',
  'ADMISSION',
]
export const PRISONER_RELEASED_REASONS = [
  'RELEASED',
  'TRANSFERRED',
  'TEMPORARY_ABSENCE_RELEASE',
  'RELEASED_TO_HOSPITAL',
  'SENT_TO_COURT',
] as const
/**
 * What changed in a `prisoner.updated` (Prisoner Search's DiffCategory, upstream.md §1.2; a security category change
 * comes under STATUS). Any other value is accepted too (Prisoner Search adds categories; the event is the busiest
 * in the estate and must never be dead-lettered for a new one): consumers act on the ones they know.
 */
export const PRISONER_CATEGORIES_CHANGED = [
  'IDENTIFIERS',
  'PERSONAL_DETAILS',
  'ALERTS',
  'STATUS',
  'LOCATION',
  'SENTENCE',
  'RESTRICTED_PATIENT',
  'INCENTIVE_LEVEL',
  'PHYSICAL_DETAILS',
  'CONTACT_DETAILS',
] as const
export type PrisonerCategoryChanged = (typeof PRISONER_CATEGORIES_CHANGED)[number]

const info = z.looseObject

export const prisonerReceivedEventSchema = envelopeFor('prisoner-offender-search.prisoner.received', 'NOMS')
  .extend({
    additionalInformation: info({
      reason: z.enum(PRISONER_RECEIVED_REASONS),
      prisonId: prisonIdSchema,
      snapshot: prisonerSnapshotSchema.optional(),
    }),
  })
  .superRefine((event, ctx) => {
    const snapshot = event.additionalInformation.snapshot
    checkIdentifierMatches(ctx, event.personReference.identifiers, 'NOMS', snapshot?.nomsNumber, [
      'additionalInformation',
      'snapshot',
      'nomsNumber',
    ])
  })

export const prisonerUpdatedEventSchema = envelopeFor('prisoner-offender-search.prisoner.updated', 'NOMS')
  .extend({
    additionalInformation: info({
      categoriesChanged: z.array(z.string().min(1)),
      snapshot: prisonerSnapshotSchema.optional(),
    }),
  })
  .superRefine((event, ctx) => {
    const snapshot = event.additionalInformation.snapshot
    checkIdentifierMatches(ctx, event.personReference.identifiers, 'NOMS', snapshot?.nomsNumber, [
      'additionalInformation',
      'snapshot',
      'nomsNumber',
    ])
  })

export const prisonerReleasedEventSchema = envelopeFor('prisoner-offender-search.prisoner.released', 'NOMS')
  .extend({
    additionalInformation: info({
      reason: z.enum(PRISONER_RELEASED_REASONS),
      prisonId: prisonIdSchema,
      snapshot: prisonerSnapshotSchema.optional(),
    }),
  })
  .superRefine((event, ctx) => {
    const snapshot = event.additionalInformation.snapshot
    checkIdentifierMatches(ctx, event.personReference.identifiers, 'NOMS', snapshot?.nomsNumber, [
      'additionalInformation',
      'snapshot',
      'nomsNumber',
    ])
  })

export const prisonerMergedEventSchema = envelopeFor('prison-offender-events.prisoner.merged', 'NOMS')
  .extend({
    additionalInformation: info({
      /** The NOMS number that is kept. */
      nomsNumber: nomsNumberSchema,
      /** The NOMS number whose records move onto `nomsNumber`. */
      removedNomsNumber: nomsNumberSchema,
    }),
  })
  .superRefine((event, ctx) => {
    checkIdentifierMatches(ctx, event.personReference.identifiers, 'NOMS', event.additionalInformation.nomsNumber, [
      'additionalInformation',
      'nomsNumber',
    ])
    if (event.additionalInformation.nomsNumber === event.additionalInformation.removedNomsNumber) {
      ctx.addIssue({
        code: 'custom',
        path: ['additionalInformation', 'removedNomsNumber'],
        message: 'must differ from the kept nomsNumber',
      })
    }
  })

/** Registration events; `.deregistered` is nDelius ending a registration (it stays on record, no longer active). */
function registrationEventSchema<const T extends string>(eventType: T) {
  return envelopeFor(eventType, 'CRN').extend({
    additionalInformation: info({
      registerTypeCode: z.string().min(1),
      snapshot: registrationsSnapshotSchema.optional(),
    }),
  })
}
export const registrationAddedEventSchema = registrationEventSchema('probation-case.registration.added')
export const registrationUpdatedEventSchema = registrationEventSchema('probation-case.registration.updated')
export const registrationDeletedEventSchema = registrationEventSchema('probation-case.registration.deleted')
export const registrationDeregisteredEventSchema = registrationEventSchema('probation-case.registration.deregistered')

/**
 * An OASys assessment summary was produced. As published (upstream.md §1.2) it is thin: no `additionalInformation`,
 * the summary at `detailUrl` (OASys ORDS). `assessmentId` and `snapshot` are ours (a test input, or what enrichment
 * adds).
 */
export const assessmentSummaryProducedEventSchema = envelopeFor('assessment.summary.produced', 'CRN')
  .extend({
    additionalInformation: info({
      assessmentId: assessmentIdSchema.optional(),
      snapshot: assessmentSnapshotSchema.optional(),
    }).default({}),
  })
  .superRefine((event, ctx) => {
    const { assessmentId, snapshot } = event.additionalInformation
    if (snapshot && assessmentId !== undefined && snapshot.assessmentId !== assessmentId) {
      ctx.addIssue({
        code: 'custom',
        path: ['additionalInformation', 'snapshot', 'assessmentId'],
        message: `must equal additionalInformation.assessmentId ${assessmentId}`,
      })
    }
  })

export const convictionsChangedEventSchema = envelopeFor('probation-case.convictions.changed', 'CRN').extend({
  additionalInformation: info({ snapshot: convictionsSnapshotSchema.optional() }).default({}),
})

export const probationCaseDetailsChangedEventSchema = envelopeFor('probation-case.details.changed', 'CRN')
  .extend({
    additionalInformation: info({ snapshot: probationCaseSnapshotSchema.optional() }).default({}),
  })
  .superRefine((event, ctx) => {
    const snapshot = event.additionalInformation.snapshot
    const identifiers = event.personReference.identifiers
    const path = ['additionalInformation', 'snapshot']
    checkIdentifierMatches(ctx, identifiers, 'CRN', snapshot?.crn, [...path, 'crn'])
    checkIdentifierMatches(ctx, identifiers, 'NOMS', snapshot?.nomsNumber, [...path, 'nomsNumber'])
  })

/**
 * A community manager was allocated. As hmpps-workload publishes it (upstream.md §1.2) it carries `allocationId` and
 * the allocation at `detailUrl`; `staffCode` and `snapshot` are ours (what our allocation service publishes, or what
 * enrichment adds).
 */
export const communityManagerAllocatedEventSchema = envelopeFor('person.community.manager.allocated', 'CRN')
  .extend({
    additionalInformation: info({
      allocationId: z.string().min(1).optional(),
      staffCode: deliusCodeSchema.optional(),
      snapshot: communityManagerSnapshotSchema.optional(),
    }).default({}),
  })
  .superRefine((event, ctx) => {
    const { staffCode, snapshot } = event.additionalInformation
    if (snapshot && staffCode !== undefined && snapshot.staffCode !== staffCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['additionalInformation', 'snapshot', 'staffCode'],
        message: `must equal additionalInformation.staffCode ${staffCode}`,
      })
    }
  })

/**
 * The staff code a COM allocation names (ours carry it; enrichment adds a snapshot), or null for the thin event
 * hmpps-workload publishes (its allocation is at `detailUrl`): nothing to apply until it is enriched.
 */
export function allocatedComStaffCode(event: {
  additionalInformation: { staffCode?: string | undefined; snapshot?: { staffCode: string } | undefined }
}): string | null {
  return event.additionalInformation.staffCode ?? event.additionalInformation.snapshot?.staffCode ?? null
}

export const probationCaseMergeCompletedEventSchema = envelopeFor('probation-case.merge.completed', 'CRN').extend({
  additionalInformation: info({
    /** The CRN whose records move onto `targetCRN`. */
    sourceCRN: crnSchema,
    /** The CRN that is kept. */
    targetCRN: crnSchema,
  }),
})

/**
 * nDelius erased the person's probation case (right to erasure). Identified by the CRN in `personReference`; it carries
 * nothing else we need (extra keys are kept, as for every upstream event).
 */
export const probationCaseDeletedGdprEventSchema = envelopeFor('probation-case.deleted.gdpr', 'CRN').extend({
  additionalInformation: info({}).default({}),
})

/** nDelius split a merged case again: `reactivatedCRN` (merged away before) is a case of its own again. */
export const probationCaseUnmergeCompletedEventSchema = envelopeFor('probation-case.unmerge.completed', 'CRN')
  .extend({
    additionalInformation: info({
      /** The CRN that was merged away and is active again. */
      reactivatedCRN: crnSchema,
      /** The CRN it had been merged into, which stays. */
      unmergedCRN: crnSchema,
    }),
  })
  .superRefine((event, ctx) => {
    const { reactivatedCRN, unmergedCRN } = event.additionalInformation
    if (reactivatedCRN === unmergedCRN) {
      ctx.addIssue({
        code: 'custom',
        path: ['additionalInformation', 'reactivatedCRN'],
        message: 'must differ from unmergedCRN',
      })
    }
  })

export const paroleReviewUpdatedEventSchema = envelopeFor('parole.review.updated', 'NOMS')
  .extend({
    additionalInformation: info({
      reviewId: reviewIdSchema,
      snapshot: paroleReviewSnapshotSchema.optional(),
    }),
  })
  .superRefine((event, ctx) => {
    const { reviewId, snapshot } = event.additionalInformation
    if (snapshot && snapshot.reviewId !== reviewId) {
      ctx.addIssue({
        code: 'custom',
        path: ['additionalInformation', 'snapshot', 'reviewId'],
        message: `must equal additionalInformation.reviewId ${reviewId}`,
      })
    }
  })

/** Every upstream eventType → its EventBridge `source` and schema (the envelope is the EventBridge `detail`). */
export const UPSTREAM_EVENTS = {
  'prisoner-offender-search.prisoner.received': { source: 'hmpps.prison', schema: prisonerReceivedEventSchema },
  'prisoner-offender-search.prisoner.updated': { source: 'hmpps.prison', schema: prisonerUpdatedEventSchema },
  'prisoner-offender-search.prisoner.released': { source: 'hmpps.prison', schema: prisonerReleasedEventSchema },
  'prison-offender-events.prisoner.merged': { source: 'hmpps.prison', schema: prisonerMergedEventSchema },
  'probation-case.registration.added': { source: 'hmpps.probation', schema: registrationAddedEventSchema },
  'probation-case.registration.updated': { source: 'hmpps.probation', schema: registrationUpdatedEventSchema },
  'probation-case.registration.deleted': { source: 'hmpps.probation', schema: registrationDeletedEventSchema },
  'probation-case.registration.deregistered': {
    source: 'hmpps.probation',
    schema: registrationDeregisteredEventSchema,
  },
  'assessment.summary.produced': { source: 'hmpps.probation', schema: assessmentSummaryProducedEventSchema },
  'probation-case.convictions.changed': { source: 'hmpps.probation', schema: convictionsChangedEventSchema },
  'probation-case.details.changed': { source: 'hmpps.probation', schema: probationCaseDetailsChangedEventSchema },
  /** Also published by our allocation service when an SPO allocates a COM in OMiC (same shape, our source). */
  'person.community.manager.allocated': {
    source: 'hmpps.probation',
    alsoFrom: ['omic.allocation'],
    schema: communityManagerAllocatedEventSchema,
  },
  'probation-case.merge.completed': { source: 'hmpps.probation', schema: probationCaseMergeCompletedEventSchema },
  'probation-case.deleted.gdpr': { source: 'hmpps.probation', schema: probationCaseDeletedGdprEventSchema },
  'probation-case.unmerge.completed': {
    source: 'hmpps.probation',
    schema: probationCaseUnmergeCompletedEventSchema,
  },
  'parole.review.updated': { source: 'hmpps.parole', schema: paroleReviewUpdatedEventSchema },
} as const

export type UpstreamEvents = typeof UPSTREAM_EVENTS
export type UpstreamEventType = keyof UpstreamEvents
export type UpstreamSource = UpstreamEvents[UpstreamEventType]['source']
/** The parsed envelope of one upstream event type. */
export type UpstreamEventOf<T extends UpstreamEventType> = z.infer<UpstreamEvents[T]['schema']>
/** The envelope as a producer may send it (absent optional dates etc. allowed). */
export type UpstreamEventInputOf<T extends UpstreamEventType> = z.input<UpstreamEvents[T]['schema']>
/** Any parsed upstream envelope, discriminated by `eventType`. */
export type UpstreamEvent = { [T in UpstreamEventType]: UpstreamEventOf<T> }[UpstreamEventType]

export type PrisonerReceivedEvent = UpstreamEventOf<'prisoner-offender-search.prisoner.received'>
export type PrisonerUpdatedEvent = UpstreamEventOf<'prisoner-offender-search.prisoner.updated'>
export type PrisonerReleasedEvent = UpstreamEventOf<'prisoner-offender-search.prisoner.released'>
export type PrisonerMergedEvent = UpstreamEventOf<'prison-offender-events.prisoner.merged'>
export type RegistrationEvent = UpstreamEventOf<
  | 'probation-case.registration.added'
  | 'probation-case.registration.updated'
  | 'probation-case.registration.deleted'
  | 'probation-case.registration.deregistered'
>
export type AssessmentSummaryProducedEvent = UpstreamEventOf<'assessment.summary.produced'>
export type ConvictionsChangedEvent = UpstreamEventOf<'probation-case.convictions.changed'>
export type ProbationCaseDetailsChangedEvent = UpstreamEventOf<'probation-case.details.changed'>
export type CommunityManagerAllocatedEvent = UpstreamEventOf<'person.community.manager.allocated'>
export type ProbationCaseMergeCompletedEvent = UpstreamEventOf<'probation-case.merge.completed'>
export type ParoleReviewUpdatedEvent = UpstreamEventOf<'parole.review.updated'>
export type ProbationCaseDeletedGdprEvent = UpstreamEventOf<'probation-case.deleted.gdpr'>
export type ProbationCaseUnmergeCompletedEvent = UpstreamEventOf<'probation-case.unmerge.completed'>

export const UPSTREAM_EVENT_TYPES = Object.keys(UPSTREAM_EVENTS) as UpstreamEventType[]

export function isUpstreamEventType(eventType: unknown): eventType is UpstreamEventType {
  return typeof eventType === 'string' && Object.hasOwn(UPSTREAM_EVENTS, eventType)
}

export type UpstreamParseResult =
  | { ok: true; source: UpstreamSource; event: UpstreamEvent }
  | { ok: false; reason: 'unknown-event-type'; eventType: string | undefined }
  | { ok: false; reason: 'invalid'; eventType: UpstreamEventType; error: z.ZodError }

/**
 * Validates an EventBridge `detail` against the schema of its `eventType`. An unknown eventType is reported as
 * such (to be ignored and counted, events.md §3), never as invalid.
 */
export function parseUpstreamEvent(detail: unknown): UpstreamParseResult {
  const eventType =
    typeof detail === 'object' && detail !== null && 'eventType' in detail ? detail.eventType : undefined
  if (!isUpstreamEventType(eventType)) {
    return { ok: false, reason: 'unknown-event-type', eventType: typeof eventType === 'string' ? eventType : undefined }
  }
  const { source, schema } = UPSTREAM_EVENTS[eventType]
  const result = schema.safeParse(detail)
  if (!result.success) return { ok: false, reason: 'invalid', eventType, error: result.error }
  return { ok: true, source, event: result.data as UpstreamEvent }
}
