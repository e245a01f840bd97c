import { londonDateOf } from '@omic/domain'
import { RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import type { UnmergeEvent } from '../events/subscriptions'
import { planCalculation } from '../model/plan-calculation'
import type { CalculationTrigger, CaseRecord, TierEventEntry } from '../model/records'
import {
  isTierable,
  type StoredPart,
  TIER_INPUT_PARTS,
  type TierInputPart,
  type TierInputParts,
} from '../model/tier-inputs'
import type { CaseWrite } from '../ports'
import { expectationOf, publishOutbox } from './case-access'
import { caseRetry, type TieringDeps } from './deps'

export const UNMERGE_OUTCOMES = {
  unmerged: 'unmerged',
  /** `reactivatedCRN` is not a pointer to `unmergedCRN` (a retry, or never merged into it): only history returned. */
  notMerged: 'not-merged',
  /** One of the two was erased: nothing is written. */
  deleted: 'deleted',
} as const
export type UnmergeOutcome = (typeof UNMERGE_OUTCOMES)[keyof typeof UNMERGE_OUTCOMES]

type Pending = { crn: string; id: string; entry: TierEventEntry }

/**
 * The write that tiers a case on `parts` after the unmerge: a calculation when it is tierable; when it is not (its
 * convictions came from the other CRN) its current tier is removed, since it rested on the other person's data.
 */
function tiered(
  deps: TieringDeps,
  base: CaseWrite,
  record: CaseRecord | null,
  parts: TierInputParts,
  trigger: CalculationTrigger,
  now: Date,
): { write: CaseWrite; pending?: Pending } {
  if (!isTierable(parts)) return { write: record?.current ? { ...base, current: null } : base }
  const plan = planCalculation({
    crn: base.crn,
    parts,
    previous: record?.current ?? null,
    today: londonDateOf(now),
    now: base.now,
    calculationId: deps.ids.next(),
    trigger,
    version: deps.version,
  })
  if (!plan.ok) return { write: { ...base, calculationError: { ...plan.error, at: base.now } } }
  const id = plan.calculation.calculationId
  return {
    write: {
      ...base,
      calculation: plan.calculation,
      ...(plan.current ? { current: plan.current } : {}),
      outbox: { id, entry: plan.event },
      ...(record?.calculationError ? { calculationError: null } : {}),
    },
    pending: { crn: base.crn, id, entry: plan.event },
  }
}

/**
 * `probation-case.unmerge.completed` (the anchor recalculates both CRNs): the reverse of a merge, as far as what we
 * hold allows. `reactivatedCRN` stops being a pointer; the parts the merge took from it (each remembers `fromCrn`) go
 * back to it and leave `unmergedCRN`; its calculation history moves back; both are tiered again (trigger `unmerge`).
 * A part of `unmergedCRN` that the merge replaced was not kept, so it stays missing until its next snapshot.
 */
export async function unmergeCases(deps: TieringDeps, event: UnmergeEvent): Promise<UnmergeOutcome> {
  const { reactivatedCRN, unmergedCRN } = event.detail.additionalInformation
  return withOptimisticRetry<UnmergeOutcome>(async () => {
    const reactivated = await deps.cases.get(reactivatedCRN)
    const unmerged = await deps.cases.get(unmergedCRN)
    if (reactivated?.deleted || unmerged?.deleted) return UNMERGE_OUTCOMES.deleted
    if (reactivated?.mergedInto !== unmergedCRN) {
      await deps.cases.returnCalculations(unmergedCRN, reactivatedCRN)
      return UNMERGE_OUTCOMES.notMerged
    }
    await publishOutbox(deps, reactivatedCRN, reactivated.outbox)
    await publishOutbox(deps, unmergedCRN, unmerged?.outbox ?? null)

    const back: { [P in TierInputPart]?: StoredPart<unknown> } = {}
    const kept: { [P in TierInputPart]?: StoredPart<unknown> } = {}
    for (const part of TIER_INPUT_PARTS) {
      const stored = unmerged?.parts[part]
      if (stored === undefined) continue
      if (stored.fromCrn === reactivatedCRN) {
        const { fromCrn: _from, ...own } = stored
        back[part] = own
      } else kept[part] = stored
    }
    const returned = Object.keys(back) as TierInputPart[]
    const now = deps.clock.now()
    const nowIso = now.toISOString()
    const trigger: CalculationTrigger = {
      kind: 'unmerge',
      eventType: event.detailType,
      eventId: event.id,
      sourceCrn: reactivatedCRN,
    }
    const reactivatedExpected = expectationOf(reactivated)
    const r = tiered(
      deps,
      {
        crn: reactivatedCRN,
        expected: reactivatedExpected,
        now: nowIso,
        parts: back,
        inputsVersion: reactivatedExpected.inputsVersion + 1,
        clearMergedInto: true,
      },
      reactivated,
      { ...reactivated.parts, ...back } as TierInputParts,
      trigger,
      now,
    )
    const unmergedExpected = expectationOf(unmerged)
    const u = tiered(
      deps,
      {
        crn: unmergedCRN,
        expected: unmergedExpected,
        now: nowIso,
        inputsVersion: unmergedExpected.inputsVersion + (returned.length > 0 ? 1 : 0),
        removeParts: returned,
        mergedFromList: (unmerged?.mergedFrom ?? []).filter(crn => crn !== reactivatedCRN),
        ...(returned.length > 0 && Object.keys(kept).length === 0 ? { unlist: true } : {}),
      },
      unmerged,
      kept as TierInputParts,
      trigger,
      now,
    )
    if ((await deps.cases.commitTogether([r.write, u.write])) === 'conflict') return RETRY
    for (const p of [r.pending, u.pending]) if (p) await publishOutbox(deps, p.crn, { [p.id]: p.entry })
    await deps.cases.returnCalculations(unmergedCRN, reactivatedCRN)
    return UNMERGE_OUTCOMES.unmerged
  }, caseRetry(unmergedCRN))
}
