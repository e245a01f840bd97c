/**
 * The tiering read model as stored, parsed with these schemas on read. Snapshots inside the parts were validated by
 * the contracts' schemas when their event arrived, and calculation results were produced by the domain, so those are
 * checked for shape only (a record), not field by field again: a full recalculation reads 100,000 cases.
 */
import { crnSchema, tierCalculationCompleteInfoSchema } from '@omic/contracts'
import type { TierCalculationInput, TierCalculationResult } from '@omic/domain'
import { z } from 'zod'
import { TIER_INPUT_PARTS, type TierInputPart, type TierInputParts } from './tier-inputs'
import { TIER_VERSIONS, type TierCalculationInfo, type TierSummary, type TierVersion } from './tier-summary'

const instant = z.string().min(1)
const anyRecord = z.record(z.string(), z.unknown())

/** A part is kept as a JSON string (see encodePart in the case store). */
const storedPartSchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not JSON' })
      return z.NEVER
    }
  })
  .pipe(
    z.object({
      value: anyRecord,
      occurredAt: instant,
      eventId: z.string().min(1),
      eventType: z.string().min(1),
      fromCrn: crnSchema.optional(),
    }),
  )

export const tierSummarySchema = z.object({
  v2: z.object({
    tier: z.string().regex(/^[A-D][0-3]S?$/),
    protectLevel: z.enum(['A', 'B', 'C', 'D']),
    changeLevel: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
    unsupervised: z.boolean(),
    protectPoints: z.number(),
    changePoints: z.number(),
  }),
  v3: z.object({
    tier: z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'MISSING', 'NOT_SUPERVISED']),
    provisional: z.boolean(),
  }),
  rosh: z.enum(['VERY_HIGH', 'HIGH', 'MEDIUM', 'LOW']).nullable(),
})

/**
 * The case's current calculation: what the API shows and what `changed` compares with. It is the newest calculation
 * whose result and inputs summary (digest, missing parts) are the case's: a new one replaces it when either differs.
 */
export interface CurrentTier {
  readonly calculationId: string
  readonly calculatedAt: string
  readonly inputsDigest: string
  /** The parts missing from its inputs; undefined on items written before it was kept (then always replaced). */
  readonly missingInputs?: readonly TierInputPart[]
  readonly resultDigest: string
  readonly summary: TierSummary
}

const currentTierSchema = z.object({
  calculationId: z.string().min(1),
  calculatedAt: instant,
  inputsDigest: z.string().min(1),
  missingInputs: z.array(z.enum(TIER_INPUT_PARTS)).optional(),
  resultDigest: z.string().min(1),
  summary: tierSummarySchema,
})

/** A `tier.calculation.complete` committed with its calculation and not yet known to be on the bus. */
export interface TierEventEntry {
  readonly occurredAt: string
  readonly info: TierCalculationInfo
}

const outboxEntrySchema = z.object({ occurredAt: instant, info: tierCalculationCompleteInfoSchema })

/** Why the stored inputs could not be tiered (a Medium-band DC-SRP below 0.60); cleared by the next calculation. */
export interface CalculationError {
  readonly field: string
  readonly reason: string
  readonly at: string
}

export interface CaseRecord {
  readonly crn: string
  /** Goes up by one with every change of the inputs: writes are conditional on it (optimistic locking). */
  readonly inputsVersion: number
  readonly parts: TierInputParts
  readonly current: CurrentTier | null
  /** null when the attribute does not exist yet. */
  readonly outbox: Readonly<Record<string, TierEventEntry>> | null
  /** Set when this CRN was merged into another: its events now go there. */
  readonly mergedInto: string | null
  readonly mergedFrom: readonly string[]
  readonly calculationError: CalculationError | null
  /** Events without a snapshot seen for this case (recorded, not tiered). */
  readonly thinEvents: number
  /** Set when the case was erased (`probation-case.deleted.gdpr`): the item is a tombstone, nothing else is kept. */
  readonly deleted: Deletion | null
}

/**
 * What a tombstone keeps of an erased case: when we erased it, when upstream did, and which event said so. No
 * snapshot, tier or calculation; the CRN stays only as the key, so that no later event can bring the case back.
 */
export interface Deletion {
  readonly at: string
  readonly occurredAt: string
  readonly eventId: string
}

const caseItemSchema = z.object({
  crn: crnSchema,
  inputsVersion: z.number().int().min(0).default(0),
  registrations: storedPartSchema.optional(),
  assessment: storedPartSchema.optional(),
  convictions: storedPartSchema.optional(),
  details: storedPartSchema.optional(),
  current: currentTierSchema.optional(),
  outbox: z.record(z.string(), outboxEntrySchema).optional(),
  mergedInto: crnSchema.optional(),
  mergedFrom: z.array(crnSchema).default([]),
  calculationError: z.object({ field: z.string(), reason: z.string(), at: instant }).optional(),
  thinEvents: z.number().int().min(0).default(0),
  deleted: z.object({ at: instant, occurredAt: instant, eventId: z.string().min(1) }).optional(),
})

export function caseFromItem(item: Record<string, unknown>): CaseRecord {
  const c = caseItemSchema.parse(item)
  const parts: { [P in TierInputPart]?: unknown } = {}
  for (const part of TIER_INPUT_PARTS) if (c[part] !== undefined) parts[part] = c[part]
  return {
    crn: c.crn,
    inputsVersion: c.inputsVersion,
    parts: parts as TierInputParts,
    current: (c.current as CurrentTier | undefined) ?? null,
    outbox: (c.outbox as Record<string, TierEventEntry> | undefined) ?? null,
    mergedInto: c.mergedInto ?? null,
    mergedFrom: c.mergedFrom,
    calculationError: c.calculationError ?? null,
    thinEvents: c.thinEvents,
    deleted: c.deleted ?? null,
  }
}

export const CALCULATION_TRIGGERS = ['event', 'recalculation', 'merge', 'unmerge'] as const

export interface CalculationTrigger {
  readonly kind: (typeof CALCULATION_TRIGGERS)[number]
  /** The upstream event (kind `event`, `merge` and `unmerge`). */
  readonly eventType?: string
  readonly eventId?: string
  /** The recalculation job (kind `recalculation`). */
  readonly jobId?: string
  /** The CRN merged in (kind `merge`), or split off again (kind `unmerge`). */
  readonly sourceCrn?: string
}

/** One stored calculation: inputs, digests, both results with their traces. Append-only history. */
export interface CalculationRecord {
  readonly calculationId: string
  readonly crn: string
  readonly calculatedAt: string
  /** The Europe/London date the rules were given as "today". */
  readonly today: string
  readonly trigger: CalculationTrigger
  /** The configured version when it was calculated, and its tier. */
  readonly version: TierVersion
  readonly tier: string
  readonly previousTier: string | null
  readonly changed: boolean
  readonly inputsDigest: string
  readonly resultDigest: string
  readonly inputs: TierCalculationInput
  readonly missingInputs: readonly TierInputPart[]
  readonly result: TierCalculationResult
  /** Set on calculations moved here from a merged CRN. */
  readonly movedFromCrn?: string
}

const calculationItemSchema = z.object({
  calculationId: z.string().min(1),
  crn: crnSchema,
  calculatedAt: instant,
  today: z.string().min(1),
  trigger: z.object({
    kind: z.enum(CALCULATION_TRIGGERS),
    eventType: z.string().optional(),
    eventId: z.string().optional(),
    jobId: z.string().optional(),
    sourceCrn: z.string().optional(),
  }),
  version: z.enum(TIER_VERSIONS),
  tier: z.string().min(1),
  previousTier: z.string().nullable(),
  changed: z.boolean(),
  inputsDigest: z.string().min(1),
  resultDigest: z.string().min(1),
  inputs: anyRecord,
  missingInputs: z.array(z.enum(TIER_INPUT_PARTS)),
  result: z.object({ v2: anyRecord, v3: anyRecord }).loose(),
  movedFromCrn: crnSchema.optional(),
})

export function calculationFromItem(item: Record<string, unknown>): CalculationRecord {
  const c = calculationItemSchema.parse(item)
  return {
    ...c,
    inputs: c.inputs as unknown as TierCalculationInput,
    result: c.result as unknown as TierCalculationResult,
  }
}
