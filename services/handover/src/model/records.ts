/**
 * The handover read model as stored: one record per prisoner, built only from events (and the API's own writes:
 * overrides, checklist, early allocation assessments). Items are parsed with these schemas on read.
 */
import {
  calendarDateSchema,
  HANDOVER_REASONS,
  HANDOVER_REMINDERS,
  HANDOVER_SOURCES,
  paroleReviewSnapshotSchema,
  prisonerSnapshotSchema,
  probationCaseSnapshotSchema,
  RESPONSIBILITIES,
} from '@omic/contracts'
import { EARLY_ALLOCATION_OUTCOME, earlyAllocationAnswersSchema, HANDOVER_TYPE, RELEASE_DATE_TYPE } from '@omic/domain'
import { z } from 'zod'

const date = calendarDateSchema
const instant = z.string().min(1)

/** The lists a case can be in (handover.md §i; `custody-with-com` is ours, quirk j.3). */
export const CASE_LISTS = ['upcoming', 'in-progress', 'custody-with-com', 'com-overdue'] as const
export type CaseList = (typeof CASE_LISTS)[number]
/** The one list a case is stored under (`com-overdue` is the overdue part of `in-progress`). */
export const STORED_LISTS = ['upcoming', 'in-progress', 'custody-with-com', 'none'] as const
export type StoredList = (typeof STORED_LISTS)[number]

/** Manual override reasons the API accepts (handover.md §f; `prisoner_moved_to_open_prison` is legacy). */
export const OVERRIDE_REASONS = [
  'less_than_10_months_to_serve',
  'community_team_to_work_with_offender',
  'prisoner_has_been_recalled',
  'other_reason',
] as const
export type OverrideReason = (typeof OVERRIDE_REASONS)[number]

export const traceStepSchema = z.object({
  rule: z.string(),
  explanation: z.string(),
  inputs: z.record(z.string(), z.unknown()).optional(),
})

export const HANDOVER_STATUSES = ['calculated', 'out_of_policy', 'released'] as const
export type HandoverStatus = (typeof HANDOVER_STATUSES)[number]

/** What a handover.changed event last said about the case (what consumers believe). */
export const publishedStateSchema = z.object({
  responsibility: z.enum(RESPONSIBILITIES),
  handoverDate: date.nullable(),
  handoverStartDate: date.nullable(),
  reason: z.enum(HANDOVER_REASONS),
})
export type PublishedState = z.infer<typeof publishedStateSchema>

export const calculationSchema = z.object({
  today: date,
  calculatedAt: instant,
  source: z.enum(HANDOVER_SOURCES),
  trigger: z.string(),
  status: z.enum(HANDOVER_STATUSES),
  /** `in_policy` or why the prisoner is outside OMiC policy. */
  policyReason: z.string(),
  /** Calculated (before any override); null outside policy. */
  responsibility: z.enum(RESPONSIBILITIES).nullable(),
  handoverDate: date.nullable(),
  handoverStartDate: date.nullable(),
  /** The calculated reason, or the policy reason outside policy. */
  reason: z.string(),
  earliestRelease: z.object({ date, type: z.enum(RELEASE_DATE_TYPE) }).nullable(),
  inOpenConditions: z.boolean(),
  openPrisonRulesApply: z.boolean(),
  isIndeterminate: z.boolean(),
  earlyAllocationActive: z.boolean(),
  handoverType: z.enum(HANDOVER_TYPE),
  /** Override > calculation. */
  effective: z.object({
    responsibility: z.enum(RESPONSIBILITIES).nullable(),
    reason: z.string(),
    overridden: z.boolean(),
  }),
  list: z.enum(STORED_LISTS),
  comAllocationOverdue: z.boolean(),
  daysOverdue: z.number().int().nullable(),
  trace: z.array(traceStepSchema),
})
export type Calculation = z.infer<typeof calculationSchema>

export const earlyAllocationRecordSchema = z.object({
  id: z.string().min(1),
  /** London calendar date the assessment was made (the rules compare dates). */
  createdAt: date,
  createdAtInstant: instant,
  createdBy: z.string(),
  updatedAt: instant,
  oasysRiskAssessmentDate: date,
  answers: earlyAllocationAnswersSchema,
  outcome: z.enum(EARLY_ALLOCATION_OUTCOME),
  createdWithinReferralWindow: z.boolean(),
  reason: z.string().nullable(),
  approved: z.boolean().nullable(),
  communityDecision: z.boolean().nullable(),
  communityDecisionAt: instant.nullable(),
})
export type EarlyAllocationRecord = z.infer<typeof earlyAllocationRecordSchema>

export const checklistStateSchema = z.object({
  reviewedOasys: z.boolean(),
  contactedCom: z.boolean(),
  attendedHandoverMeeting: z.boolean(),
  sentHandoverReport: z.boolean(),
  updatedAt: instant.nullable(),
  /** Subject of the POM who ticked, or `system` for a reset. */
  updatedBy: z.string().nullable(),
})
export type ChecklistState = z.infer<typeof checklistStateSchema>

export const EMPTY_CHECKLIST: ChecklistState = {
  reviewedOasys: false,
  contactedCom: false,
  attendedHandoverMeeting: false,
  sentHandoverReport: false,
  updatedAt: null,
  updatedBy: null,
}

/** Reminders and the COM request are sent at most once per (episode, key); the chase repeats after 2 days. */
export const SENT_KEYS = [...HANDOVER_REMINDERS, 'com-allocation-requested'] as const
export type SentKey = (typeof SENT_KEYS)[number]

export const outgoingEventSchema = z.object({
  eventType: z.string(),
  occurredAt: instant,
  description: z.string().optional(),
  identifiers: z.object({ noms: z.string().nullable().optional(), crn: z.string().nullable().optional() }).optional(),
  additionalInformation: z.record(z.string(), z.unknown()),
  /** In the outbox: `<noms>#<version>#<n>`, the version that saved it (one id per change, never reused). */
  id: z.string().optional(),
  /**
   * In the outbox: until this instant the writer that saved the event is publishing it and nobody else may; after
   * it, the event is taken to be abandoned (that writer crashed before clearing it) and the next writer publishes it.
   */
  publishAfter: instant.optional(),
  /**
   * In the outbox: the id of the event whose handling saved it (absent for API writes and the sweep). Only one live
   * invocation handles an event id at a time (lambda-kit's idempotency), so a retry of that event finds events held
   * by its own id only when an earlier attempt died before clearing them, and takes them over at once.
   */
  heldBy: z.string().optional(),
})
export type DomainEvent = z.infer<typeof outgoingEventSchema>

/** What the last `com.allocation-requested` of the case said (what the allocation service holds). */
export const comRequestStateSchema = z.object({
  crn: z.string().nullable(),
  pduCode: z.string().nullable(),
  lduCode: z.string().nullable(),
  neededBy: date,
  requestedAt: instant,
  episodeId: z.string(),
})
export type ComRequestState = z.infer<typeof comRequestStateSchema>

export const caseRecordSchema = z.object({
  nomsNumber: z.string(),
  /** Optimistic concurrency: every write is conditional on the version read. 0 = not stored yet. */
  version: z.number().int().nonnegative(),
  createdAt: instant,
  updatedAt: instant,
  crn: z.string().nullable(),
  prisoner: z.object({ snapshot: prisonerSnapshotSchema, at: instant }).nullable(),
  custody: z
    .object({
      status: z.enum(['in_custody', 'released']),
      at: instant,
      prisonId: z.string().nullable(),
      releaseReason: z.string().nullable(),
    })
    .nullable(),
  probation: z.object({ snapshot: probationCaseSnapshotSchema, at: instant }).nullable(),
  com: z
    .object({ staffCode: z.string(), name: z.string().nullable(), email: z.string().nullable(), at: instant })
    .nullable(),
  pom: z
    .object({
      staffCode: z.number().int().nullable(),
      /** The POM's name as the allocation service published it (`staffName`); null when unknown. */
      name: z.string().nullable().default(null),
      prisonId: z.string(),
      at: instant,
    })
    .nullable(),
  paroleReviews: z.record(z.string(), z.object({ review: paroleReviewSnapshotSchema, at: instant })),
  earlyAllocations: z.array(earlyAllocationRecordSchema),
  override: z
    .object({
      reason: z.enum(OVERRIDE_REASONS),
      reasonText: z.string().nullable(),
      message: z.string().nullable(),
      by: z.string(),
      at: instant,
      episodeId: z.string().nullable(),
    })
    .nullable(),
  checklist: checklistStateSchema,
  episode: z
    .object({
      id: z.string(),
      seq: z.number().int().positive(),
      sentenceStartDate: date.nullable(),
      startedOn: date,
      closed: z.boolean(),
    })
    .nullable(),
  /** Sent reminders of the current episode: key → when. */
  sent: z.record(z.string(), z.object({ dueDate: date, sentOn: date })),
  calculation: calculationSchema.nullable(),
  published: publishedStateSchema.nullable(),
  earlyAllocationEligible: z.boolean(),
  /** When `earlyAllocationEligible` last flipped (null: never). */
  earlyAllocationStatusAt: instant.nullable().default(null),
  /**
   * The last in-window referral published on the eligibility event, as `<assessment id>:<outcome>`: a new automatic
   * or discretionary referral is published once, even when the status does not flip (email #15).
   */
  earlyAllocationReferral: z.string().nullable().default(null),
  mergedFrom: z.array(z.string()),
  /**
   * The open COM request: what the last `com.allocation-requested` said; null when none was sent, or once a COM is
   * allocated (the COM allocation event withdraws it: no withdrawal event of our own).
   */
  comRequest: comRequestStateSchema.nullable().default(null),
  /** Outbox: events saved with the state and published right after; left here only if publishing failed. */
  pendingEvents: z.array(outgoingEventSchema),
  /**
   * Counts the outbox edits made without a new version (an event cleared after publishing, a failed publish handed
   * back): a save is conditional on it too, so a writer that read the outbox before such an edit cannot write back
   * events already cleared (they would wait for the lease) or a lease already ended.
   */
  outboxRevision: z.number().int().nonnegative().default(0),
  /** The next day the daily sweep must look at this case (gsi2 `DUE#<date>`). */
  nextDueDate: date.nullable(),
  /**
   * The next due day the last calculation gave: `nextDueDate` is this once the outbox is empty, and tomorrow at the
   * latest while it holds events. Kept so that whoever clears the last outbox event restores it, at any version.
   */
  calculatedDueDate: date.nullable().optional(),
  /** Forecast items this case currently owns (sort keys under `FORECAST#<pdu>`). */
  forecastKeys: z.array(z.object({ pdu: z.string(), sk: z.string() })),
})
export type CaseRecord = z.infer<typeof caseRecordSchema>

export function emptyCase(nomsNumber: string, now: string): CaseRecord {
  return {
    nomsNumber,
    version: 0,
    createdAt: now,
    updatedAt: now,
    crn: null,
    prisoner: null,
    custody: null,
    probation: null,
    com: null,
    pom: null,
    paroleReviews: {},
    earlyAllocations: [],
    override: null,
    checklist: { ...EMPTY_CHECKLIST },
    episode: null,
    sent: {},
    calculation: null,
    published: null,
    earlyAllocationEligible: false,
    earlyAllocationStatusAt: null,
    earlyAllocationReferral: null,
    mergedFrom: [],
    comRequest: null,
    pendingEvents: [],
    outboxRevision: 0,
    nextDueDate: null,
    forecastKeys: [],
  }
}

/** One item per calculation (`HIST#…` under the case), newest first on read. */
export const historyEntrySchema = z.object({
  nomsNumber: z.string(),
  version: z.number().int(),
  calculatedAt: instant,
  today: date,
  source: z.enum(HANDOVER_SOURCES),
  trigger: z.string(),
  status: z.enum(HANDOVER_STATUSES),
  responsibility: z.enum(RESPONSIBILITIES).nullable(),
  effectiveResponsibility: z.enum(RESPONSIBILITIES).nullable(),
  handoverDate: date.nullable(),
  handoverStartDate: date.nullable(),
  reason: z.string(),
  effectiveReason: z.string(),
  episodeId: z.string().nullable(),
  /** Which outputs differ from the previous calculation. */
  changes: z.array(z.string()),
  /** Event types published by this calculation. */
  published: z.array(z.string()),
  /** The state the calculation found, step by step (the case's trace, the same whatever the order of events). */
  trace: z.array(traceStepSchema),
  /**
   * What this calculation did on the way, which depends on the order things happened in: a new episode, an override
   * ended, the checklist reset, the eligibility event published, the COM request withdrawn or re-issued.
   */
  happened: z.array(traceStepSchema).default([]),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

/** A sent-marker: written with a condition, so a reminder cannot be sent twice in one episode. */
export interface SentMarker {
  episodeId: string
  key: SentKey
  dueDate: string
  sentOn: string
  /** For a repeating reminder: it may be written again when the last one was sent on or before this day. */
  repeatableOnOrBefore: string | null
}

/** One handover starting or completing, for the per-PDU forecast (`FORECAST#<pdu>`, sk `<date>#<kind>#<noms>`). */
export interface ForecastEntry {
  pdu: string
  sk: string
  date: string
  kind: 'start' | 'handover'
  lduCode: string | null
  nomsNumber: string
}
