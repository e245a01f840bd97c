/** What the API shows: the read model without storage keys, with the anchor's `/api/handovers` fields first. */
import { CHECKLIST_TASK_LABEL, type ChecklistResult, RESPONSIBILITY } from '@omic/domain'
import { scopePrisonId } from './access'
import type { CaseRecord, ChecklistState, EarlyAllocationRecord, HistoryEntry } from './records'

/** Labels of the reasons (handover.md §c.5, §f). */
export const REASON_LABELS: Readonly<Record<string, string>> = {
  early_allocation: 'Early allocation',
  determinate_short: 'Determinate sentence 10 months or less',
  determinate: 'Determinate sentence more than 10 months',
  indeterminate: 'Indeterminate sentence',
  indeterminate_open: 'Indeterminate sentence in open conditions',
  determinate_parole: 'Parole',
  recall_case: 'Recall case',
  recall_thd_over_12_months: 'Recall with target hearing date over 12 months away',
  immigration_case: 'Immigration case',
  release_date_unknown: 'Release date unknown',
  thd_over_12_months: 'Target hearing date over 12 months away and parole refused',
  parole_mappa_2_3: 'Parole refused, MAPPA level 2 or 3',
  additional_isp: 'Additional indeterminate sentence',
  less_than_10_months_to_serve: 'Override: less than 10 months to serve',
  community_team_to_work_with_offender: 'Override: community team to work with the prisoner',
  prisoner_has_been_recalled: 'Override: prisoner has been recalled',
  other_reason: 'Override: other reason',
  legal_status_not_allowed: 'Outside OMiC policy: legal status',
  civil_sentence: 'Outside OMiC policy: civil sentence',
  under_18: 'Outside OMiC policy: under 18',
  not_sentenced: 'Outside OMiC policy: not sentenced',
}

function name(record: CaseRecord): string | null {
  const p = record.prisoner?.snapshot
  return p ? `${p.firstName} ${p.lastName}` : null
}

export function assessmentView(a: EarlyAllocationRecord) {
  return {
    id: a.id,
    createdAt: a.createdAt,
    createdBy: a.createdBy,
    oasysRiskAssessmentDate: a.oasysRiskAssessmentDate,
    outcome: a.outcome,
    createdWithinReferralWindow: a.createdWithinReferralWindow,
    reason: a.reason,
    approved: a.approved,
    communityDecision: a.communityDecision,
    answers: a.answers,
  }
}

export function handoverView(record: CaseRecord, history: readonly HistoryEntry[]) {
  const c = record.calculation
  const effective = c?.status === 'calculated' ? c.effective.responsibility : null
  const comResponsible = effective === RESPONSIBILITY.community
  const reason = c ? (c.status === 'calculated' ? c.effective.reason : c.reason) : null
  const probation = record.probation?.snapshot
  return {
    nomsNumber: record.nomsNumber,
    handoverDate: c?.handoverDate ?? null,
    handoverStartDate: c?.handoverStartDate ?? null,
    responsibility: effective === null ? null : comResponsible ? 'COM' : 'POM',
    responsibleComName: comResponsible ? (record.com?.name ?? null) : null,
    responsibleComEmail: comResponsible ? (record.com?.email ?? null) : null,
    responsiblePomName: effective !== null && !comResponsible ? (record.pom?.name ?? null) : null,
    responsiblePomNomisId: effective !== null && !comResponsible ? (record.pom?.staffCode ?? null) : null,
    responsibilityState: effective,
    reason,
    reasonLabel: reason ? (REASON_LABELS[reason] ?? reason) : null,
    status: c?.status ?? 'not_calculated',
    name: name(record),
    crn: record.crn,
    prisonId: scopePrisonId(record),
    calculated: c && {
      responsibility: c.responsibility,
      reason: c.reason,
      handoverDate: c.handoverDate,
      handoverStartDate: c.handoverStartDate,
      earliestRelease: c.earliestRelease,
      inOpenConditions: c.inOpenConditions,
      openPrisonRulesApply: c.openPrisonRulesApply,
      policyReason: c.policyReason,
      calculatedOn: c.today,
      calculatedAt: c.calculatedAt,
      source: c.source,
      trigger: c.trigger,
    },
    override: record.override && {
      reason: record.override.reason,
      reasonText: record.override.reasonText,
      by: record.override.by,
      at: record.override.at,
    },
    handoverType: c?.handoverType ?? 'missing',
    list: c?.list ?? 'none',
    comAllocationOverdue: c?.comAllocationOverdue ?? false,
    daysOverdue: c?.daysOverdue ?? null,
    com: record.com && { staffCode: record.com.staffCode, name: record.com.name, email: record.com.email },
    // the open COM request (what the allocation service holds); null once a COM is allocated
    comRequest: record.comRequest && {
      crn: record.comRequest.crn,
      pduCode: record.comRequest.pduCode,
      lduCode: record.comRequest.lduCode,
      neededBy: record.comRequest.neededBy,
      requestedAt: record.comRequest.requestedAt,
    },
    pom: record.pom && { staffCode: record.pom.staffCode, name: record.pom.name, prisonId: record.pom.prisonId },
    probation: probation && {
      pduCode: probation.pduCode,
      lduCode: probation.lduCode,
      lduName: probation.lduName,
      lduEmail: probation.lduEmail,
      probationService: probation.probationService,
      mappaLevel: probation.mappaLevel,
      enhancedResourcing: probation.enhancedResourcing,
    },
    earlyAllocation: {
      active: c?.earlyAllocationActive ?? false,
      assessments: record.earlyAllocations.map(assessmentView),
    },
    episodeId: record.episode?.id ?? null,
    nextDueDate: record.nextDueDate,
    mergedFrom: record.mergedFrom,
    version: record.version,
    // the stored case keeps its trace in the history item of its version
    trace: c?.trace.length
      ? c.trace
      : (history.find(h => h.version === record.version && h.nomsNumber === record.nomsNumber)?.trace ?? []),
    history: history.map(h => ({
      version: h.version,
      calculatedAt: h.calculatedAt,
      calculatedOn: h.today,
      source: h.source,
      trigger: h.trigger,
      status: h.status,
      responsibility: h.effectiveResponsibility,
      calculatedResponsibility: h.responsibility,
      handoverDate: h.handoverDate,
      handoverStartDate: h.handoverStartDate,
      reason: h.effectiveReason,
      changes: h.changes,
      published: h.published,
      // what the calculation did on the way (the trace above states only what is true now)
      happened: h.happened,
    })),
  }
}

/**
 * The anchor's `GET /api/handovers/{noms}` (allocation.md §7, handover.md §h.2): the effective responsibility as
 * POM/COM (an override counts, quirk j.4); COM name and email only when the COM is responsible, the primary POM's
 * name and NOMIS id only when the POM is. `null` when there is no calculated handover (→ 404).
 */
export function apiHandoverView(record: CaseRecord) {
  const c = record.calculation
  const effective = c?.effective.responsibility ?? null
  if (c === null || effective === null || !record.prisoner) return null
  const comResponsible = effective === RESPONSIBILITY.community
  return {
    nomsNumber: record.nomsNumber,
    handoverDate: c.handoverDate,
    handoverStartDate: c.handoverStartDate,
    responsibility: comResponsible ? 'COM' : 'POM',
    responsibleComName: comResponsible ? (record.com?.name ?? null) : null,
    responsibleComEmail: comResponsible ? (record.com?.email ?? null) : null,
    responsiblePomName: comResponsible ? null : (record.pom?.name ?? null),
    responsiblePomNomisId: comResponsible ? null : (record.pom?.staffCode ?? null),
  }
}

/** The anchor's `GET /api/offenders/{noms}`: the persisted early allocation status. `null` outside OMiC policy. */
export function apiOffenderView(record: CaseRecord) {
  if (!record.prisoner || record.calculation?.status === 'out_of_policy') return null
  return {
    offender_no: record.nomsNumber,
    nomsNumber: record.nomsNumber,
    early_allocation_eligibility_status: record.earlyAllocationEligible,
  }
}

export function listItemView(record: CaseRecord) {
  const c = record.calculation
  return {
    nomsNumber: record.nomsNumber,
    name: name(record),
    crn: record.crn,
    handoverStartDate: c?.handoverStartDate ?? null,
    handoverDate: c?.handoverDate ?? null,
    responsibility: c?.effective.responsibility ?? null,
    reason: c?.effective.reason ?? null,
    handoverType: c?.handoverType ?? 'missing',
    comAllocated: record.com !== null,
    comName: record.com?.name ?? null,
    comAllocationOverdue: c?.comAllocationOverdue ?? false,
    daysOverdue: c?.daysOverdue ?? null,
    pomStaffCode: record.pom?.staffCode ?? null,
    lduCode: record.probation?.snapshot.lduCode ?? null,
  }
}

export function checklistView(state: ChecklistState, result: ChecklistResult, editable: boolean, version: number) {
  return {
    tasks: result.tasks.map(task => ({ task, label: CHECKLIST_TASK_LABEL[task], done: state[task] })),
    completedCount: result.completedCount,
    totalCount: result.totalCount,
    complete: result.complete,
    reason: result.reason,
    trace: result.trace,
    editable,
    updatedAt: state.updatedAt,
    updatedBy: state.updatedBy,
    version,
  }
}
