/**
 * One tier calculation, decided without I/O: both models from the case's parts, the digests, whether the result and
 * the tier changed, the record to store and the event to publish. Use cases load, call this, then commit.
 */
import {
  calculateTiers,
  type IsoDate,
  type RuleViolation,
  type TierCalculationInput,
  type TierCalculationResult,
} from '@omic/domain'
import { digestOf } from './digest'
import type { CalculationRecord, CalculationTrigger, CurrentTier, TierEventEntry } from './records'
import { sameMissing, type TierInputPart, type TierInputParts, toTierInput } from './tier-inputs'
import {
  resultDigestOf,
  selectedTier,
  summarise,
  type TierVersion,
  tierCalculationCompleteInfo,
  tierChanged,
} from './tier-summary'

export interface PlanRequest {
  readonly crn: string
  readonly parts: TierInputParts
  /** The case's current calculation before this one (null for a first calculation). */
  readonly previous: CurrentTier | null
  readonly today: IsoDate
  /** ISO instant of the calculation. */
  readonly now: string
  readonly calculationId: string
  readonly trigger: CalculationTrigger
  readonly version: TierVersion
}

export type CalculationPlan =
  | {
      readonly ok: true
      readonly calculation: CalculationRecord
      /**
       * The new current calculation, or null when both its result and its inputs summary (digest, missing parts) are
       * the current one's (nothing to write). A new input that leaves the result as it was still replaces it, so the
       * tier view shows the inputs the case holds.
       */
      readonly current: CurrentTier | null
      /** The selected tier changed (what `changed` on the event says). */
      readonly changed: boolean
      readonly event: TierEventEntry
    }
  | { readonly ok: false; readonly error: RuleViolation }

/** The rules' verdict on a case, before anything is built to store it. */
export type Evaluation =
  | {
      readonly ok: true
      readonly input: TierCalculationInput
      readonly missing: readonly TierInputPart[]
      readonly result: TierCalculationResult
      readonly resultDigest: string
      /** The result differs from the previous current one (or there is none). */
      readonly resultChanged: boolean
    }
  | { readonly ok: false; readonly error: RuleViolation }

/** Both models on the case's parts, and whether the result differs from the current one (cheap: no input digest). */
export function evaluateCase(request: Pick<PlanRequest, 'parts' | 'previous' | 'today'>): Evaluation {
  const { input, missing } = toTierInput(request.parts)
  const calculated = calculateTiers(input, request.today)
  if (!calculated.ok) return { ok: false, error: calculated.error }
  const resultDigest = resultDigestOf(calculated.value)
  const resultChanged = request.previous === null || request.previous.resultDigest !== resultDigest
  return { ok: true, input, missing, result: calculated.value, resultDigest, resultChanged }
}

export function planCalculation(request: PlanRequest, evaluation: Evaluation = evaluateCase(request)): CalculationPlan {
  if (!evaluation.ok) return evaluation
  const { crn, previous, version, calculationId, now } = request
  const { input, missing, result, resultDigest, resultChanged } = evaluation
  const summary = summarise(result)
  const inputsDigest = digestOf(input)
  const inputsChanged =
    previous === null ||
    previous.inputsDigest !== inputsDigest ||
    previous.missingInputs === undefined ||
    !sameMissing(previous.missingInputs, missing)
  const previousSummary = previous?.summary ?? null
  const changed = tierChanged(previousSummary, summary, version)
  const calculation: CalculationRecord = {
    calculationId,
    crn,
    calculatedAt: now,
    today: request.today,
    trigger: request.trigger,
    version,
    tier: selectedTier(summary, version),
    previousTier: previousSummary === null ? null : selectedTier(previousSummary, version),
    changed,
    inputsDigest,
    resultDigest,
    inputs: input,
    missingInputs: missing,
    result,
  }
  return {
    ok: true,
    calculation,
    current:
      resultChanged || inputsChanged
        ? { calculationId, calculatedAt: now, inputsDigest, missingInputs: missing, resultDigest, summary }
        : null,
    changed,
    event: {
      occurredAt: now,
      info: tierCalculationCompleteInfo({
        crn,
        calculationId,
        version,
        summary,
        previous: previousSummary,
        changed,
        missing,
      }),
    },
  }
}
