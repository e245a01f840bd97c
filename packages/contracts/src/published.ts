/**
 * Events this system publishes (events.md §4). Each is the HMPPS envelope (version 1) with typed
 * `additionalInformation`; a JSON Schema per event is generated from these into `packages/contracts/schemas/`.
 */
import { z } from 'zod'
import { crnSchema, envelopeSchema, nomsNumberSchema } from './envelope'
import {
  calendarDateSchema,
  checkIdentifierMatches,
  deliusCodeSchema,
  type IdentifierType,
  personReferenceRequiring,
  prisonIdSchema,
} from './shared'

function publishedEnvelope<const T extends string>(eventType: T, ...required: IdentifierType[]) {
  return envelopeSchema.extend({
    eventType: z.literal(eventType),
    version: z.literal(1),
    personReference: personReferenceRequiring(...required),
  })
}

/** Adds an issue when `additionalInformation[field]` disagrees with the envelope identifier of `type`. */
function identifierAgrees(type: IdentifierType, field: 'nomsNumber' | 'crn') {
  return (
    event: {
      personReference: { identifiers: Array<{ type: IdentifierType; value: string }> }
      additionalInformation: { nomsNumber?: string | null; crn?: string | null }
    },
    ctx: z.RefinementCtx,
  ) => {
    checkIdentifierMatches(ctx, event.personReference.identifiers, type, event.additionalInformation[field], [
      'additionalInformation',
      field,
    ])
  }
}

// ---------------------------------------------------------------------------------------------------------------
// tier.calculation.complete (omic.tiering)

/** V2 label: protect A–D + change 0–3, optionally suffixed `S` (tiering.md §2.3). */
export const tierV2LabelSchema = z.string().regex(/^[A-D][0-3]S?$/, 'must be a V2 tier like B2 or A1S')
export const TIER_V3_VALUES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'MISSING', 'NOT_SUPERVISED'] as const
export const tierV3Schema = z.enum(TIER_V3_VALUES)
/** A previous tier may be a V2 label even on a V3 calculation (historic V2-only rows). */
const previousTierSchema = z.union([tierV3Schema, tierV2LabelSchema]).nullable()

/**
 * The parts of its inputs a calculation was made without (they counted as none), as tiering names them
 * (docs/tiering.md "Inputs"): `registrations` (nDelius registrations: RoSH, MAPPA, flags), `assessment` (the OASys
 * assessment summary: RSR, OGRS, needs, predictors), `convictions` (never missing: a case is tiered once they are
 * known), `details` (the probation case details: gender).
 */
export const TIER_MISSING_INPUTS = ['registrations', 'assessment', 'convictions', 'details'] as const
export const tierMissingInputSchema = z.enum(TIER_MISSING_INPUTS)
export type TierMissingInput = z.infer<typeof tierMissingInputSchema>

const tierCommon = {
  crn: crnSchema,
  changed: z.boolean().meta({ description: 'true when the tier (or provisional flag) differs from the previous one' }),
  calculationId: z.uuid(),
  missingInputs: z
    .array(tierMissingInputSchema)
    .optional()
    .meta({
      description:
        'The inputs this calculation was made without (they counted as none; a later calculation may have them): ' +
        'registrations, assessment, convictions (never missing in practice), details. Empty when it had them all. ' +
        'Absent on events published before it was added: then nothing is said either way.',
    }),
}

export const tierCalculationCompleteInfoSchema = z.discriminatedUnion('version', [
  z.object({
    ...tierCommon,
    version: z.literal(2),
    tier: tierV2LabelSchema,
    previousTier: tierV2LabelSchema.nullable(),
  }),
  z.object({
    ...tierCommon,
    version: z.literal(3),
    tier: tierV3Schema,
    previousTier: previousTierSchema,
    provisional: z.boolean().optional(),
  }),
])

export const tierCalculationCompleteEventSchema = publishedEnvelope('tier.calculation.complete', 'CRN')
  .extend({ additionalInformation: tierCalculationCompleteInfoSchema })
  .superRefine(identifierAgrees('CRN', 'crn'))

// ---------------------------------------------------------------------------------------------------------------
// tier.recalculation.segment-requested (omic.tiering; consumed by the tiering service only)

/** A work item of a full tier recalculation: one segment of the parallel scan, one invocation ("leg") of it. */
export const tierRecalculationSegmentRequestedEventSchema = envelopeSchema.extend({
  eventType: z.literal('tier.recalculation.segment-requested'),
  version: z.literal(1),
  personReference: personReferenceRequiring().optional(),
  additionalInformation: z.object({
    jobId: z.uuid(),
    segment: z.number().int().min(0).meta({ description: 'the parallel-scan segment, 0 … totalSegments − 1' }),
    totalSegments: z.number().int().min(1).max(64),
    leg: z
      .number()
      .int()
      .min(0)
      .meta({ description: '0 for the first invocation; a continuation after a time limit is leg + 1' }),
  }),
})

/** A member of staff who acted (from their token's claims): each part null when the token lacks it. */
const actingStaffSchema = z.object({
  staffId: z.string().min(1).nullable(),
  name: z.string().min(1).nullable(),
  email: z.email().nullable(),
})

// ---------------------------------------------------------------------------------------------------------------
// offender-management.allocation.changed (omic.allocation)

export const POM_ROLES = ['primary', 'coworking'] as const
export const ALLOCATION_EVENT_TRIGGERS = [
  'user',
  'offender_transferred',
  'offender_released',
  'manual_change',
  'legal_status_changed',
  'inactive_pom',
  'bulk_reallocation',
  'offender_merged',
] as const

export const allocationChangedEventSchema = publishedEnvelope('offender-management.allocation.changed', 'NOMS')
  .extend({
    additionalInformation: z.object({
      nomsNumber: nomsNumberSchema,
      staffCode: z
        .number()
        .int()
        .positive()
        .nullable()
        .meta({ description: 'NOMIS staff id of the POM now in the role; null when the role was removed' }),
      prisonId: prisonIdSchema,
      role: z.enum(POM_ROLES),
      eventTrigger: z.enum(ALLOCATION_EVENT_TRIGGERS),
      staffName: z.string().min(1).nullable().optional().meta({
        description: 'full name of the POM now in the role (for notifications); null when removed or unknown',
      }),
      staffEmail: z
        .email()
        .nullable()
        .optional()
        .meta({ description: 'email of the POM now in the role (for notifications); null when removed or unknown' }),
      previousStaffCode: z
        .number()
        .int()
        .positive()
        .nullable()
        .optional()
        .meta({ description: 'NOMIS staff id of the POM who held the role before this change; null when none' }),
      previousStaffName: z
        .string()
        .min(1)
        .nullable()
        .optional()
        .meta({ description: 'full name of the POM who held the role before this change (for notifications)' }),
      previousStaffEmail: z
        .email()
        .nullable()
        .optional()
        .meta({ description: 'email of the POM who held the role before this change (for notifications)' }),
      changedBy: actingStaffSchema.nullable().optional().meta({
        description:
          'the staff member whose action caused the change (from their token; each part null when the token lacks it or the email is not a valid address); null for system triggers (release, transfer, legal status, merge). Absent on events from older producers',
      }),
      note: z.string().trim().min(1).max(1000).nullable().optional().meta({
        description: "the SPO's note for the POM(s) (emails #1, #3, #6); null when none",
      }),
    }),
  })
  .superRefine(identifierAgrees('NOMS', 'nomsNumber'))

// ---------------------------------------------------------------------------------------------------------------
// offender-management.handover.changed (omic.handover)

export const RESPONSIBILITIES = ['CustodyOnly', 'CustodyWithCom', 'Community'] as const
/** Calculated reasons (handover.md §c.5) and manual-override reasons (§f). */
export const HANDOVER_REASONS = [
  'early_allocation',
  'indeterminate',
  'indeterminate_open',
  'determinate_short',
  'determinate_parole',
  'determinate',
  'additional_isp',
  'recall_thd_over_12_months',
  'parole_mappa_2_3',
  'thd_over_12_months',
  'recall_case',
  'immigration_case',
  'release_date_unknown',
  'com_responsibility',
  'less_than_10_months_to_serve',
  'community_team_to_work_with_offender',
  'prisoner_has_been_recalled',
  'other_reason',
  'prisoner_moved_to_open_prison',
] as const
export const HANDOVER_SOURCES = ['calculation', 'sweep', 'override'] as const

export const handoverChangedEventSchema = publishedEnvelope('offender-management.handover.changed', 'NOMS')
  .extend({
    additionalInformation: z.object({
      nomsNumber: nomsNumberSchema,
      responsibility: z.enum(RESPONSIBILITIES),
      handoverStartDate: calendarDateSchema.nullable(),
      handoverDate: calendarDateSchema.nullable(),
      reason: z.enum(HANDOVER_REASONS),
      source: z.enum(HANDOVER_SOURCES),
      overriddenBy: actingStaffSchema.nullable().optional().meta({
        description:
          'with source "override": the SPO who set or removed the override (from their token), for their own copy of email #7',
      }),
    }),
  })
  .superRefine(identifierAgrees('NOMS', 'nomsNumber'))

// ---------------------------------------------------------------------------------------------------------------
// offender-management.com.allocation-requested (omic.handover)

export const comAllocationRequestedEventSchema = publishedEnvelope(
  'offender-management.com.allocation-requested',
  'NOMS',
)
  .extend({
    additionalInformation: z.object({
      nomsNumber: nomsNumberSchema,
      crn: crnSchema.nullable(),
      pduCode: deliusCodeSchema.nullable(),
      lduCode: deliusCodeSchema.nullable(),
      neededBy: calendarDateSchema.meta({ description: 'date by which a COM must be allocated' }),
    }),
  })
  .superRefine((event, ctx) => {
    identifierAgrees('NOMS', 'nomsNumber')(event, ctx)
    identifierAgrees('CRN', 'crn')(event, ctx)
  })

// ---------------------------------------------------------------------------------------------------------------
// community-early-allocation-eligibility.status.changed (omic.handover)

export const earlyAllocationEligibilityChangedEventSchema = publishedEnvelope(
  'community-early-allocation-eligibility.status.changed',
  'NOMS',
)
  .extend({
    additionalInformation: z.object({
      nomsNumber: nomsNumberSchema,
      eligibilityStatus: z.boolean().meta({ description: 'true when the case is now eligible for early allocation' }),
      assessmentOutcome: z.enum(['eligible', 'discretionary', 'ineligible']).nullable().optional().meta({
        description:
          'the outcome of the assessment behind the change: "eligible" (automatic) or "discretionary" (the community decides; email #15 asks the LDU); null when no assessment is active',
      }),
      assessmentId: z.string().min(1).nullable().optional().meta({ description: 'the assessment behind the change' }),
    }),
  })
  .superRefine(identifierAgrees('NOMS', 'nomsNumber'))

// ---------------------------------------------------------------------------------------------------------------
// offender-management.handover.reminder-due (omic.handover)

/** Handover reminders the daily sweep (or a recalculation catching up) finds due (notifications.md #8–#13, #16). */
export const HANDOVER_REMINDERS = [
  'upcoming-window',
  'handover-date-reached',
  'com-allocation-overdue',
  'urgent-pipeline',
  'short-sentence-com-chase',
  'open-prison-supporting-com',
  'early-allocation-window-entered',
] as const

export const handoverReminderDueEventSchema = publishedEnvelope('offender-management.handover.reminder-due', 'NOMS')
  .extend({
    additionalInformation: z.object({
      nomsNumber: nomsNumberSchema,
      reminder: z.enum(HANDOVER_REMINDERS),
      dueDate: calendarDateSchema.meta({
        description: 'the day the reminder became due (may be before today when caught up)',
      }),
      handoverDate: calendarDateSchema
        .nullable()
        .meta({ description: 'null for cases without a handover (short sentences)' }),
      handoverStartDate: calendarDateSchema.nullable(),
      episodeId: z
        .string()
        .min(1)
        .meta({ description: 'one handover of this prisoner; a reminder is sent at most once per episode' }),
      prisonId: prisonIdSchema,
      crn: crnSchema.nullable().optional(),
      lduCode: deliusCodeSchema.nullable(),
      lduEmail: z.email().nullable(),
      comName: z.string().min(1).nullable().optional(),
      comEmail: z.email().nullable(),
      pomStaffCode: z
        .number()
        .int()
        .positive()
        .nullable()
        .meta({ description: 'NOMIS staff id of the primary POM, when one is allocated' }),
      earliestReleaseDate: calendarDateSchema.nullable().optional(),
      handoverType: z.enum(['enhanced', 'standard', 'none', 'missing']).optional(),
    }),
  })
  .superRefine((event, ctx) => {
    identifierAgrees('NOMS', 'nomsNumber')(event, ctx)
    identifierAgrees('CRN', 'crn')(event, ctx)
  })

// ---------------------------------------------------------------------------------------------------------------
// offender-management.notification.sent / .failed (omic.notifications)

const notificationInfo = {
  notificationId: z.string().min(1),
  template: z.string().min(1).meta({ description: 'template name from the notification catalogue' }),
  reference: z.string().min(1).meta({ description: 'tracking reference sent to GOV.UK Notify' }),
}

/** personReference is optional: mailbox reports (e.g. the monthly pipeline) are about many people. */
export const notificationSentEventSchema = envelopeSchema.extend({
  eventType: z.literal('offender-management.notification.sent'),
  version: z.literal(1),
  personReference: personReferenceRequiring().optional(),
  additionalInformation: z.object(notificationInfo),
})

export const NOTIFICATION_FAILURES = ['permanent-failure', 'temporary-failure', 'technical-failure'] as const

export const notificationFailedEventSchema = envelopeSchema.extend({
  eventType: z.literal('offender-management.notification.failed'),
  version: z.literal(1),
  personReference: personReferenceRequiring().optional(),
  additionalInformation: z.object({
    ...notificationInfo,
    failure: z.enum(NOTIFICATION_FAILURES).optional(),
    retryable: z.boolean().optional(),
  }),
})

// ---------------------------------------------------------------------------------------------------------------

/** Every published eventType → its EventBridge `source` and schema. */
export const PUBLISHED_EVENTS = {
  'tier.calculation.complete': {
    source: 'omic.tiering',
    description: 'A tier calculation finished (always published, changed or not).',
    schema: tierCalculationCompleteEventSchema,
  },
  'tier.recalculation.segment-requested': {
    source: 'omic.tiering',
    description:
      'Internal work item of the tiering service: recalculate one segment of a full recalculation job (not for other consumers).',
    schema: tierRecalculationSegmentRequestedEventSchema,
  },
  'offender-management.allocation.changed': {
    source: 'omic.allocation',
    description: 'A primary or co-working POM was set, changed or removed.',
    schema: allocationChangedEventSchema,
  },
  'offender-management.handover.changed': {
    source: 'omic.handover',
    description: 'Handover date, start date, responsibility or reason changed (calculation, daily sweep or override).',
    schema: handoverChangedEventSchema,
  },
  'offender-management.com.allocation-requested': {
    source: 'omic.handover',
    description: 'A community offender manager is needed and none is allocated.',
    schema: comAllocationRequestedEventSchema,
  },
  'community-early-allocation-eligibility.status.changed': {
    source: 'omic.handover',
    description: 'Early allocation eligibility flipped.',
    schema: earlyAllocationEligibilityChangedEventSchema,
  },
  'offender-management.handover.reminder-due': {
    source: 'omic.handover',
    description: 'A handover reminder is due for a prisoner (sent at most once per handover episode).',
    schema: handoverReminderDueEventSchema,
  },
  'offender-management.notification.sent': {
    source: 'omic.notifications',
    description: 'An email was accepted for delivery.',
    schema: notificationSentEventSchema,
  },
  'offender-management.notification.failed': {
    source: 'omic.notifications',
    description: 'An email could not be delivered (after retries, or permanently).',
    schema: notificationFailedEventSchema,
  },
} as const

export type PublishedEvents = typeof PUBLISHED_EVENTS
export type PublishedEventType = keyof PublishedEvents
export type PublishedSource = PublishedEvents[PublishedEventType]['source']
export type PublishedEventOf<T extends PublishedEventType> = z.infer<PublishedEvents[T]['schema']>
export type PublishedEvent = { [T in PublishedEventType]: PublishedEventOf<T> }[PublishedEventType]

export type TierCalculationCompleteEvent = PublishedEventOf<'tier.calculation.complete'>
export type TierRecalculationSegmentRequestedEvent = PublishedEventOf<'tier.recalculation.segment-requested'>
export type AllocationChangedEvent = PublishedEventOf<'offender-management.allocation.changed'>
export type HandoverChangedEvent = PublishedEventOf<'offender-management.handover.changed'>
export type ComAllocationRequestedEvent = PublishedEventOf<'offender-management.com.allocation-requested'>
export type EarlyAllocationEligibilityChangedEvent =
  PublishedEventOf<'community-early-allocation-eligibility.status.changed'>
export type HandoverReminderDueEvent = PublishedEventOf<'offender-management.handover.reminder-due'>
export type NotificationSentEvent = PublishedEventOf<'offender-management.notification.sent'>
export type NotificationFailedEvent = PublishedEventOf<'offender-management.notification.failed'>

export const PUBLISHED_EVENT_TYPES = Object.keys(PUBLISHED_EVENTS) as PublishedEventType[]

export function isPublishedEventType(eventType: unknown): eventType is PublishedEventType {
  return typeof eventType === 'string' && Object.hasOwn(PUBLISHED_EVENTS, eventType)
}

/** Validates an event before publishing; throws a ZodError naming the failing fields. */
export function parsePublishedEvent<T extends PublishedEventType>(eventType: T, detail: unknown): PublishedEventOf<T> {
  return PUBLISHED_EVENTS[eventType].schema.parse(detail) as PublishedEventOf<T>
}
