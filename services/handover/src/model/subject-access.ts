/**
 * The handover part of a subject access request (allocation.md §10, for the data this service holds): what was
 * calculated for the prisoner over time, early allocation assessments and status, the handover checklist and a
 * responsibility override. Pure: the use case loads the case and its history, this decides what the person sees.
 *
 * Date filter (only when both dates are given): a London-day window [fromDate, toDate]. "State" records (each
 * calculation, the early allocation status, the checklist, the override) return the last one before the window plus
 * those inside; "event" records (early allocation assessments) only those inside. Staff are never named or
 * identified (no POM/COM ids or names, no `createdBy`/`updatedBy`/`by`), and the CRN is left out, as in the anchor.
 */
import { type IsoDate, londonDateOf } from '@omic/domain'
import type { CaseRecord, EarlyAllocationRecord, HistoryEntry } from './records'
import { REASON_LABELS } from './views'

/** The request's London-day window (lambda-kit's SAR reader gives it), both days included. */
export interface SarWindow {
  from: string
  to: string
}

const RESPONSIBILITY_TEXT: Readonly<Record<string, string>> = {
  CustodyOnly: 'POM responsible',
  CustodyWithCom: 'POM responsible, COM supporting',
  Community: 'COM responsible',
}

const STATUS_TEXT: Readonly<Record<string, string>> = {
  calculated: 'Calculated',
  out_of_policy: 'Outside OMiC policy',
  released: 'Released',
}

const SOURCE_TEXT: Readonly<Record<string, string>> = {
  calculation: 'Recalculated after a change to the case',
  sweep: 'Daily recalculation',
  override: 'Responsibility override',
}

const OUTCOME_TEXT: Readonly<Record<EarlyAllocationRecord['outcome'], string>> = {
  eligible: 'Eligible',
  discretionary: 'Discretionary',
  ineligible: 'Not eligible',
}

const OVERRIDE_REASON_TEXT: Readonly<Record<string, string>> = {
  less_than_10_months_to_serve: 'Less than 10 months to serve',
  community_team_to_work_with_offender: 'Community team to work with the prisoner',
  prisoner_has_been_recalled: 'Prisoner has been recalled',
  other_reason: 'Other reason',
}

/** The outputs a person would recognise as "the handover changed" (list and overdue flags are internal). */
const SUBJECT_CHANGES = new Set([
  'first_calculation',
  'status',
  'responsibility',
  'handoverDate',
  'handoverStartDate',
  'reason',
  'effectiveResponsibility',
  'effectiveReason',
])

const text = (table: Readonly<Record<string, string>>, value: string | null): string | null =>
  value === null ? null : (table[value] ?? value)

const dayOf = (instant: string): IsoDate => londonDateOf(new Date(instant))

/** State records: all without a window; else the last one before it and those inside. */
function stateRecords<T>(items: readonly T[], at: (item: T) => string, window: SarWindow | null): T[] {
  if (window === null) return [...items]
  const before = items.filter(i => dayOf(at(i)) < window.from).at(-1)
  const inside = items.filter(i => dayOf(at(i)) >= window.from && dayOf(at(i)) <= window.to)
  return before === undefined ? inside : [before, ...inside]
}

/** A single state record: shown when it was true at some point up to the end of the window. */
function stateAsOf(at: string, window: SarWindow | null): boolean {
  return window === null || dayOf(at) <= window.to
}

function calculationView(h: HistoryEntry) {
  return {
    calculatedAt: h.calculatedAt,
    calculatedOn: h.today,
    status: text(STATUS_TEXT, h.status),
    responsibility: text(RESPONSIBILITY_TEXT, h.effectiveResponsibility),
    calculatedResponsibility: text(RESPONSIBILITY_TEXT, h.responsibility),
    handoverStartDate: h.handoverStartDate,
    handoverDate: h.handoverDate,
    reason: text(REASON_LABELS, h.effectiveReason),
    source: text(SOURCE_TEXT, h.source),
  }
}

function assessmentView(a: EarlyAllocationRecord) {
  return {
    createdAt: a.createdAtInstant,
    updatedAt: a.updatedAt,
    oasysRiskAssessmentDate: a.oasysRiskAssessmentDate,
    outcome: OUTCOME_TEXT[a.outcome],
    createdWithinReferralWindow: a.createdWithinReferralWindow,
    reason: a.reason,
    approved: a.approved,
    communityDecision: a.communityDecision,
    communityDecisionAt: a.communityDecisionAt,
    answers: a.answers,
  }
}

export type SubjectAccessContent = NonNullable<ReturnType<typeof subjectAccessContent>>

/** The `content` of the response, or `null` when nothing is held for the person (in the window): 204. */
export function subjectAccessContent(
  record: CaseRecord | undefined,
  history: readonly HistoryEntry[],
  window: SarWindow | null,
) {
  if (!record?.prisoner) return null
  const calculations = stateRecords(
    // history moved here by a merge of two NOMS numbers is the same person's: it is included
    history.filter(h => h.changes.some(c => SUBJECT_CHANGES.has(c))),
    h => h.calculatedAt,
    window,
  ).map(calculationView)
  const earlyAllocations = record.earlyAllocations
    .filter(a => window === null || (a.createdAt >= window.from && a.createdAt <= window.to))
    .map(assessmentView)
  const statusAt = record.earlyAllocationStatusAt ?? record.createdAt
  const status = stateAsOf(statusAt, window)
    ? { eligible: record.earlyAllocationEligible, updatedAt: record.earlyAllocationStatusAt }
    : null
  const c = record.checklist
  const checklist =
    c.updatedAt !== null && stateAsOf(c.updatedAt, window)
      ? {
          reviewedOasys: c.reviewedOasys,
          contactedCom: c.contactedCom,
          attendedHandoverMeeting: c.attendedHandoverMeeting,
          sentHandoverReport: c.sentHandoverReport,
          updatedAt: c.updatedAt,
        }
      : null
  const o = record.override
  const responsibility =
    o !== null && stateAsOf(o.at, window)
      ? {
          value: 'Probation',
          reason: text(OVERRIDE_REASON_TEXT, o.reason),
          reasonText: o.reasonText,
          createdAt: o.at,
        }
      : null
  if (calculations.length === 0 && earlyAllocations.length === 0 && checklist === null && responsibility === null) {
    return null
  }
  return {
    nomsNumber: record.nomsNumber,
    calculatedHandoverDate: calculations,
    calculatedEarlyAllocationStatus: status,
    earlyAllocations,
    handoverProgressChecklist: checklist,
    responsibility,
  }
}
