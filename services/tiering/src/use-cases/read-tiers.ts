/** What the API shows: the current tier with its trace, the calculation history, one calculation, a preview. */
import {
  calculateTiers,
  type IsoDate,
  minimumGradeForCase,
  type Result,
  type TierCalculationInput,
  type TierCalculationResult,
} from '@omic/domain'
import { digestOf } from '../model/digest'
import type { CalculationRecord } from '../model/records'
import { isTierable, TIER_INPUT_PARTS } from '../model/tier-inputs'
import { selectedTier, summarise, type TierSummary, type TierVersion } from '../model/tier-summary'
import type { CaseStore } from '../ports'

function minimumGrade(summary: TierSummary) {
  const guidance = minimumGradeForCase({ rosh: summary.rosh, v2Tier: summary.v2.tier, v3Tier: summary.v3.tier })
  return { grade: guidance.minimumGrade, poReasons: guidance.poReasons, trace: guidance.trace }
}

function resultView(result: TierCalculationResult, version: TierVersion) {
  const summary = summarise(result)
  const { v2, v3 } = result
  return {
    version,
    tier: selectedTier(summary, version),
    ...(version === 'v3' ? { provisional: v3.provisional } : {}),
    trace: version === 'v2' ? v2.trace : v3.trace,
    v2: {
      ...summary.v2,
      protectBreakdown: v2.protectBreakdown,
      changeBreakdown: v2.changeBreakdown,
      trace: v2.trace,
    },
    v3: {
      ...summary.v3,
      provisionalReasons: v3.provisionalReasons,
      steps: v3.steps,
      startingCell: v3.startingCell,
      trace: v3.trace,
    },
    isFemale: result.isFemale,
    hasNoMandate: result.hasNoMandate,
    registrations: result.registrations,
    minimumGrade: minimumGrade(summary),
  }
}

const deletedReason = (crn: string) => `Case ${crn} was deleted (erasure): no tier is kept`

/** `GET /tiers/{crn}`: the current tier under the configured version, both models with their traces. */
export async function getCurrentTier(cases: CaseStore, crn: string, version: TierVersion) {
  const record = await cases.get(crn)
  if (record?.deleted) return { found: false as const, reason: deletedReason(crn) }
  if (record?.mergedInto != null) {
    return { found: false as const, reason: `Case ${crn} was merged into ${record.mergedInto}` }
  }
  if (record?.current == null) {
    const reason = record?.calculationError
      ? `No tier for ${crn}: ${record.calculationError.field} ${record.calculationError.reason}`
      : record && !isTierable(record.parts)
        ? `No tier for ${crn} yet: its convictions (supervision status) have not been received`
        : `No tier has been calculated for ${crn}`
    return { found: false as const, reason }
  }
  const calculation = await cases.getCalculation(crn, record.current.calculationId)
  if (calculation === null) throw new Error(`The current calculation of ${crn} is missing`)
  const partsAt = Object.fromEntries(TIER_INPUT_PARTS.map(part => [part, record.parts[part]?.occurredAt ?? null]))
  return {
    found: true as const,
    value: {
      crn,
      calculationId: calculation.calculationId,
      calculatedAt: calculation.calculatedAt,
      today: calculation.today,
      ...resultView(calculation.result, version),
      inputs: { digest: calculation.inputsDigest, missing: calculation.missingInputs, occurredAt: partsAt },
      calculationError: record.calculationError,
      mergedFrom: record.mergedFrom,
    },
  }
}

function historyEntry(c: CalculationRecord) {
  return {
    calculationId: c.calculationId,
    calculatedAt: c.calculatedAt,
    trigger: c.trigger,
    version: c.version,
    tier: c.tier,
    previousTier: c.previousTier,
    changed: c.changed,
    v2Tier: c.result.v2.tier,
    v3Tier: c.result.v3.tier,
    provisional: c.result.v3.provisional,
    inputsDigest: c.inputsDigest,
    ...(c.movedFromCrn ? { movedFromCrn: c.movedFromCrn } : {}),
  }
}

/** `GET /tiers/{crn}/history`: every calculation, newest first, a page at a time. */
export async function getTierHistory(cases: CaseStore, crn: string, page: { limit: number; cursor?: string }) {
  const [record, calculations] = await Promise.all([cases.get(crn), cases.listCalculations(crn, page)])
  if (record?.deleted) return { found: false as const, reason: deletedReason(crn) }
  if (record?.mergedInto != null) {
    return { found: false as const, reason: `Case ${crn} was merged into ${record.mergedInto}` }
  }
  if (record === null && calculations.items.length === 0) {
    return { found: false as const, reason: `No tiering case for ${crn}` }
  }
  return {
    found: true as const,
    value: {
      crn,
      currentCalculationId: record?.current?.calculationId ?? null,
      calculations: calculations.items.map(historyEntry),
      next: calculations.cursor,
    },
  }
}

/** `GET /tiers/{crn}/calculations/{calculationId}`: one calculation whole: inputs, digests, results, traces. */
export async function getCalculation(cases: CaseStore, crn: string, calculationId: string, version: TierVersion) {
  const c = await cases.getCalculation(crn, calculationId)
  if (c === null) return { found: false as const, reason: `No calculation ${calculationId} for ${crn}` }
  return {
    found: true as const,
    value: {
      ...historyEntry(c),
      crn: c.crn,
      today: c.today,
      resultDigest: c.resultDigest,
      inputs: c.inputs,
      missingInputs: c.missingInputs,
      result: resultView(c.result, version),
    },
  }
}

/** `POST /tiers/preview`: what-if. Both models on the given inputs; nothing is read or written. */
export function previewTier(input: TierCalculationInput, today: IsoDate, version: TierVersion) {
  const calculated: Result<TierCalculationResult> = calculateTiers(input, today)
  if (!calculated.ok) return calculated
  return {
    ok: true as const,
    value: { today, inputsDigest: digestOf(input), ...resultView(calculated.value, version) },
  }
}
