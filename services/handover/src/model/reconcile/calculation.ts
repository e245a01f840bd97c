/**
 * The calculation itself: released, out of OMiC policy, or the handover rules (with an override and the lists),
 * each step adding what is true now to the trace.
 */
import type { PrisonerSnapshot } from '@omic/contracts'
import {
  HANDOVER_REASON,
  type HandoverCaseInput,
  type HandoverCaseResult,
  handoverCase,
  handoverLists,
  handoverType,
  IMMIGRATION_STATUS,
  type IsoDate,
  OMIC_POLICY_REASON,
  omicPolicy,
  RESPONSIBILITY,
} from '@omic/domain'
import { earlyAllocationFor, handoverCaseInput, paroleFactsOf, policyInput } from '../case-input'
import type { Calculation, CaseRecord, StoredList } from '../records'
import type { ReconcileContext, ServiceOptions } from './context'

type EarlyAllocation = ReturnType<typeof earlyAllocationFor>

/** An immigration detainee without a sentence is in policy but has no sentence start date for the full rules. */
function immigrationWithoutSentence(): HandoverCaseResult {
  return {
    responsibility: RESPONSIBILITY.community,
    handoverDate: null,
    handoverStartDate: null,
    reason: HANDOVER_REASON.immigrationCase,
    earliestRelease: null,
    inOpenConditions: false,
    openPrisonRulesApply: false,
    trace: [
      {
        rule: 'handover.case.immigration_case',
        explanation: `immigration detainee (${IMMIGRATION_STATUS}) with no sentence: Community, no handover dates`,
      },
    ],
  }
}

/** The previous calculation's results carried over, as of this run (each step below replaces what it decides). */
function baseCalculation(ctx: ReconcileContext, prev: Calculation | null): Calculation {
  return {
    today: ctx.today,
    calculatedAt: ctx.now,
    source: ctx.source,
    trigger: ctx.trigger,
    status: 'calculated',
    policyReason: OMIC_POLICY_REASON.inPolicy,
    responsibility: prev?.responsibility ?? null,
    handoverDate: prev?.handoverDate ?? null,
    handoverStartDate: prev?.handoverStartDate ?? null,
    reason: prev?.reason ?? 'not_calculated',
    earliestRelease: prev?.earliestRelease ?? null,
    inOpenConditions: prev?.inOpenConditions ?? false,
    openPrisonRulesApply: prev?.openPrisonRulesApply ?? false,
    isIndeterminate: prev?.isIndeterminate ?? false,
    earlyAllocationActive: false,
    handoverType: prev?.handoverType ?? 'missing',
    effective: prev?.effective ?? { responsibility: null, reason: 'not_calculated', overridden: false },
    list: 'none',
    comAllocationOverdue: false,
    daysOverdue: null,
    trace: [],
  }
}

/** Released: no lists, no reminders, the last calculation kept. */
function released(calc: Calculation, record: CaseRecord): void {
  calc.status = 'released'
  calc.trace.push({
    rule: 'handover.service.released',
    explanation: `released (${record.custody?.releaseReason ?? 'RELEASED'}): no lists, no reminders; the last calculation is kept`,
  })
}

/** Out of OMiC policy: no responsibility, no dates. */
function outOfPolicy(calc: Calculation, reason: Calculation['policyReason']): void {
  calc.status = 'out_of_policy'
  calc.responsibility = null
  calc.handoverDate = null
  calc.handoverStartDate = null
  calc.reason = reason
  calc.earliestRelease = null
  calc.effective = { responsibility: null, reason, overridden: false }
}

/** The handover rules on the case's facts, and an SPO's override of the responsibility on top. */
function applyHandoverRules(
  calc: Calculation,
  record: CaseRecord,
  prisoner: PrisonerSnapshot,
  ea: EarlyAllocation,
  ctx: ReconcileContext,
  options: ServiceOptions,
): { result: HandoverCaseResult; caseInput: HandoverCaseInput | null } {
  const { trace } = calc
  const parole = paroleFactsOf(record, prisoner)
  trace.push(...parole.trace)
  if (ea) trace.push(...ea.trace)
  const caseInput = handoverCaseInput(record, parole, calc.earlyAllocationActive)
  const result = caseInput ? handoverCase(caseInput, ctx.today, options.handover) : immigrationWithoutSentence()
  trace.push(...result.trace)
  calc.responsibility = result.responsibility
  calc.handoverDate = result.handoverDate
  calc.handoverStartDate = result.handoverStartDate
  calc.reason = result.reason
  calc.earliestRelease = result.earliestRelease
  calc.inOpenConditions = result.inOpenConditions
  calc.openPrisonRulesApply = result.openPrisonRulesApply
  calc.isIndeterminate = prisoner.indeterminateSentence
  const override = record.override
  calc.effective = override
    ? { responsibility: RESPONSIBILITY.community, reason: override.reason, overridden: true }
    : { responsibility: result.responsibility, reason: result.reason, overridden: false }
  if (override) {
    trace.push({
      rule: 'handover.service.override',
      explanation: `responsibility overridden to the community by an SPO (${override.reason}) on ${override.at.slice(0, 10)}: Community`,
      inputs: { calculatedResponsibility: result.responsibility },
    })
  }
  return { result, caseInput }
}

/** The handover type (enhanced or standard, or missing without probation details). */
function applyHandoverType(calc: Calculation, record: CaseRecord, result: HandoverCaseResult): void {
  const type = handoverType({
    hasCaseInformation: record.probation !== null,
    enhancedResourcing: record.probation?.snapshot.enhancedResourcing ?? null,
    calculatedReason: result.reason,
  })
  calc.handoverType = type.handoverType
  calc.trace.push(...type.trace)
}

/** Which list the case is in (upcoming, in progress, custody-with-com) and whether the COM allocation is overdue. */
function applyLists(
  calc: Calculation,
  record: CaseRecord,
  result: HandoverCaseResult,
  today: IsoDate,
  options: ServiceOptions,
): void {
  const effective = calc.effective.responsibility ?? result.responsibility
  const lists = handoverLists(
    {
      responsibility: effective,
      handoverDate: result.handoverDate,
      comName: record.com ? (record.com.name ?? record.com.staffCode) : null,
      comEmail: record.com?.email ?? null,
      upcomingWindowDays: options.upcomingWindowDays,
    },
    today,
  )
  const list: StoredList =
    effective === RESPONSIBILITY.custodyWithCom
      ? 'custody-with-com'
      : lists.upcoming
        ? 'upcoming'
        : lists.inProgress
          ? 'in-progress'
          : 'none'
  calc.trace.push(...lists.trace)
  if (list === 'custody-with-com') {
    calc.trace.push({
      rule: 'handover.service.custodyWithComList',
      explanation: 'CustodyWithCom: listed as "custody-with-com" (the anchor shows it in no list, quirk j.3)',
    })
  }
  calc.list = list
  calc.comAllocationOverdue = lists.comAllocationOverdue
  calc.daysOverdue = lists.daysOverdue
}

/**
 * The calculation of a case with a prisoner: released, out of policy, or the handover rules, type and lists.
 * `caseInput` is the rules' input when they ran with a sentence (the next due day needs their transitions).
 */
export function calculate(
  record: CaseRecord,
  prisoner: PrisonerSnapshot,
  prev: Calculation | null,
  inCustody: boolean,
  ctx: ReconcileContext,
  options: ServiceOptions,
): { calc: Calculation; caseInput: HandoverCaseInput | null } {
  const ea = earlyAllocationFor(record, ctx.today)
  const calc = baseCalculation(ctx, prev)
  calc.earlyAllocationActive = ea?.active ?? false
  if (!inCustody) {
    released(calc, record)
    return { calc, caseInput: null }
  }
  const policy = omicPolicy(policyInput(prisoner), ctx.today)
  calc.trace.push(...policy.trace)
  calc.policyReason = policy.reason
  if (!policy.inPolicy) {
    outOfPolicy(calc, policy.reason)
    return { calc, caseInput: null }
  }
  const { result, caseInput } = applyHandoverRules(calc, record, prisoner, ea, ctx, options)
  applyHandoverType(calc, record, result)
  applyLists(calc, record, result, ctx.today, options)
  return { calc, caseInput }
}

/** The rules' input for a stored record (in custody, in policy, with a sentence start date), as of `today`. */
export function caseInputFor(record: CaseRecord, today: IsoDate): HandoverCaseInput | null {
  const p = record.prisoner?.snapshot
  if (!p) return null
  return handoverCaseInput(record, paroleFactsOf(record, p), earlyAllocationFor(record, today)?.active ?? false)
}
