import { londonDateOf } from '@omic/domain'
import { RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import type { MergeEvent } from '../events/subscriptions'
import { planCalculation } from '../model/plan-calculation'
import type { CaseRecord } from '../model/records'
import {
  isTierable,
  type StoredPart,
  supersedes,
  TIER_INPUT_PARTS,
  type TierInputPart,
  type TierInputParts,
} from '../model/tier-inputs'
import type { CaseWrite } from '../ports'
import { expectationOf, publishOutbox, resolveCase } from './case-access'
import { deleteAllCalculations } from './delete-case'
import { caseRetry, type TieringDeps } from './deps'

export const MERGE_OUTCOMES = {
  merged: 'merged',
  /** The source was already merged into the target (a retry): only the history move was finished. */
  alreadyMerged: 'already-merged',
  /** Source and target are the same case. */
  ignored: 'ignored',
  /** Source or target was erased: nothing is merged (an erased case is never written again, nor copied). */
  deleted: 'deleted',
} as const
export type MergeOutcome = (typeof MERGE_OUTCOMES)[keyof typeof MERGE_OUTCOMES]

/**
 * Each part from whichever case holds the newer snapshot (`supersedes`: at the same instant, the greater event id);
 * returns the merged parts and those taken from the source.
 */
export function mergeParts(
  source: TierInputParts,
  target: TierInputParts,
): { parts: TierInputParts; fromSource: Partial<Record<TierInputPart, StoredPart<unknown>>> } {
  const parts: { [P in TierInputPart]?: StoredPart<unknown> } = { ...target }
  const fromSource: Partial<Record<TierInputPart, StoredPart<unknown>>> = {}
  for (const part of TIER_INPUT_PARTS) {
    const s = source[part]
    const t = target[part]
    if (s !== undefined && supersedes(s, t)) {
      parts[part] = s
      fromSource[part] = s
    }
  }
  return { parts: parts as TierInputParts, fromSource }
}

async function moveHistory(deps: TieringDeps, sourceCrn: string, targetCrn: string): Promise<void> {
  while ((await deps.cases.moveCalculations(sourceCrn, targetCrn)) > 0) {
    // page by page until the source holds no calculation
  }
  // the target may have been erased while the history moved: what arrived after its deletion goes too
  if ((await deps.cases.get(targetCrn))?.deleted) await deleteAllCalculations(deps, targetCrn)
}

/**
 * `probation-case.merge.completed`: everything of `sourceCRN` moves onto `targetCRN` and nothing is lost. Each input
 * part is kept from whichever CRN has the newer snapshot; the target is tiered again (trigger `merge`); the source
 * becomes a pointer to the target (later events for it apply to the target); its calculation history moves across.
 */
export async function mergeCases(deps: TieringDeps, event: MergeEvent): Promise<MergeOutcome> {
  const { sourceCRN, targetCRN } = event.detail.additionalInformation
  return withOptimisticRetry<MergeOutcome>(async () => {
    const source: CaseRecord | null = await deps.cases.get(sourceCRN)
    if (source?.deleted) return MERGE_OUTCOMES.deleted
    if (source?.mergedInto != null) {
      await moveHistory(deps, sourceCRN, source.mergedInto)
      return MERGE_OUTCOMES.alreadyMerged
    }
    const target = await resolveCase(deps.cases, targetCRN)
    if (target.crn === sourceCRN) return MERGE_OUTCOMES.ignored
    if (target.record?.deleted) return MERGE_OUTCOMES.deleted
    await publishOutbox(deps, sourceCRN, source?.outbox ?? null)
    await publishOutbox(deps, target.crn, target.record?.outbox ?? null)

    const { parts, fromSource } = mergeParts(source?.parts ?? {}, target.record?.parts ?? {})
    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const expected = expectationOf(target.record)
    const moved = Object.keys(fromSource).length > 0
    // each part taken from the source remembers it, so that an unmerge can give it back
    const taken = Object.fromEntries(
      Object.entries(fromSource).map(([part, stored]) => [part, { ...stored, fromCrn: sourceCRN }]),
    )
    let write: CaseWrite = {
      crn: target.crn,
      expected,
      now: nowIso,
      parts: taken,
      inputsVersion: expected.inputsVersion + (moved ? 1 : 0),
      mergedFrom: sourceCRN,
    }
    let published: { id: string; entry: NonNullable<CaseWrite['outbox']>['entry'] } | undefined
    if (isTierable(parts)) {
      const plan = planCalculation({
        crn: target.crn,
        parts,
        previous: target.record?.current ?? null,
        today: londonDateOf(now),
        now: nowIso,
        calculationId: deps.ids.next(),
        trigger: { kind: 'merge', eventType: event.detailType, eventId: event.id, sourceCrn: sourceCRN },
        version: deps.version,
      })
      if (plan.ok) {
        published = { id: plan.calculation.calculationId, entry: plan.event }
        write = {
          ...write,
          calculation: plan.calculation,
          ...(plan.current ? { current: plan.current } : {}),
          outbox: published,
          ...(target.record?.calculationError ? { calculationError: null } : {}),
        }
      } else {
        write = { ...write, calculationError: { ...plan.error, at: nowIso } }
      }
    }
    const outcome = await deps.cases.commitMerge(write, {
      crn: sourceCRN,
      expected: expectationOf(source),
      now: nowIso,
    })
    if (outcome === 'conflict') return RETRY
    if (published) await publishOutbox(deps, target.crn, { [published.id]: published.entry })
    await moveHistory(deps, sourceCRN, target.crn)
    return MERGE_OUTCOMES.merged
  }, caseRetry(targetCRN))
}
