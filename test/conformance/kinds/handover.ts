import {
  additionalFutureIsp,
  additionalIspInputSchema,
  checklistInputSchema,
  DEFAULT_HANDOVER_OPTIONS,
  earliestReleaseForHandover,
  earliestReleaseInputSchema,
  earlyAllocationActive,
  earlyAllocationActiveInputSchema,
  earlyAllocationAnswersSchema,
  earlyAllocationOutcome,
  earlyAllocationWindow,
  earlyAllocationWindowInputSchema,
  type HandoverOptions,
  handoverCase,
  handoverCaseInputSchema,
  handoverChecklist,
  handoverDates,
  handoverDatesInputSchema,
  handoverLists,
  handoverListsInputSchema,
  handoverType,
  handoverTypeInputSchema,
  isoDateSchema,
  omicPolicy,
  omicPolicyInputSchema,
  responsibilityInputSchema,
  responsibilityOn,
  validateOasysDate,
} from '@omic/domain'
import type { KindRegistry } from '../types'

/**
 * The options `handover.case` runs with. No vector exercises a determinate parole case with a refused parole
 * outcome, so our parole-refusal extension does not conflict with any vector: we run what the service runs (the
 * extension on). If a vector ever conflicts, switch to ANCHOR_HANDOVER_OPTIONS here and say so in
 * docs/handover-rules.md.
 */
const CONFORMANCE_HANDOVER_OPTIONS: Readonly<HandoverOptions> = DEFAULT_HANDOVER_OPTIONS

function requireToday(kind: string, today: string | null): string {
  if (today === null) throw new RangeError(`${kind}: this kind needs today`)
  return isoDateSchema.parse(today)
}

/** Conformance adapters for the handover rules in @omic/domain: vector input → domain call → output object. */
export const handoverKinds: KindRegistry = {
  'handover.earliestRelease': (input, today) => {
    const r = earliestReleaseForHandover(earliestReleaseInputSchema.parse(input), today)
    return { date: r.date, type: r.type }
  },
  'handover.dates': input => {
    const r = handoverDates(handoverDatesInputSchema.parse(input))
    return { handoverDate: r.handoverDate, handoverStartDate: r.handoverStartDate, reason: r.reason }
  },
  'handover.responsibility': (input, today) => {
    const r = responsibilityOn(responsibilityInputSchema.parse(input), requireToday('handover.responsibility', today))
    return { responsibility: r.responsibility }
  },
  'handover.case': (input, today) => {
    const r = handoverCase(
      handoverCaseInputSchema.parse(input),
      requireToday('handover.case', today),
      CONFORMANCE_HANDOVER_OPTIONS,
    )
    return {
      responsibility: r.responsibility,
      handoverDate: r.handoverDate,
      handoverStartDate: r.handoverStartDate,
      reason: r.reason,
    }
  },
  'handover.additionalIsp': input => {
    const r = additionalFutureIsp(additionalIspInputSchema.parse(input))
    return { hasAdditionalFutureIsp: r.hasAdditionalFutureIsp }
  },
  'handover.type': input => {
    const r = handoverType(handoverTypeInputSchema.parse(input))
    return { handoverType: r.handoverType }
  },
  'handover.checklistTasks': input => {
    const r = handoverChecklist(checklistInputSchema.parse(input))
    return { tasks: r.tasks, completedCount: r.completedCount, totalCount: r.totalCount, complete: r.complete }
  },
  'handover.lists': (input, today) => {
    const r = handoverLists(handoverListsInputSchema.parse(input), requireToday('handover.lists', today))
    return {
      upcoming: r.upcoming,
      inProgress: r.inProgress,
      comAllocationOverdue: r.comAllocationOverdue,
      daysOverdue: r.daysOverdue,
    }
  },
  'omic.policy': (input, today) => {
    const r = omicPolicy(omicPolicyInputSchema.parse(input), requireToday('omic.policy', today))
    return { inPolicy: r.inPolicy }
  },
  'earlyAllocation.outcome': input => {
    const r = earlyAllocationOutcome(earlyAllocationAnswersSchema.parse(input))
    return { outcome: r.outcome }
  },
  'earlyAllocation.active': (input, today) => {
    const r = earlyAllocationActive(
      earlyAllocationActiveInputSchema.parse(input),
      requireToday('earlyAllocation.active', today),
    )
    return { active: r.active }
  },
  'earlyAllocation.window': (input, today) => {
    const r = earlyAllocationWindow(
      earlyAllocationWindowInputSchema.parse(input),
      requireToday('earlyAllocation.window', today),
    )
    return { withinWindow: r.withinWindow, needsEarlyAllocationNotify: r.needsEarlyAllocationNotify }
  },
  'earlyAllocation.oasysDate': (input, today) => {
    const date = isoDateSchema.nullable().parse(input.oasysRiskAssessmentDate ?? null)
    const r = validateOasysDate(date, requireToday('earlyAllocation.oasysDate', today))
    return { valid: r.valid }
  },
}
