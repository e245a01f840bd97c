/**
 * The COM request (comAllocationRequested): made once per episode on its day while no COM is allocated, re-issued
 * once when what it said changes, withdrawn when a COM is allocated.
 */
import type { IsoDate, TraceStep } from '@omic/domain'
import { comAllocationRequested } from '../events'
import type { Calculation, CaseRecord, ComRequestState, DomainEvent } from '../records'
import { COM_REQUEST_KEY, type ReminderPlan } from '../reminders'
import type { ReconcileContext } from './context'

export function hasCom(record: CaseRecord): boolean {
  return record.com !== null
}

/**
 * The COM request as it stands, in one trace step: open (with what it carries) or not (and why). What happened to
 * it on the way (requested, re-issued, withdrawn) depends on the order of the facts and is in the history.
 */
export function comRequestStep(record: CaseRecord): TraceStep {
  const rule = 'handover.service.comRequest'
  if (record.com !== null) {
    return { rule, explanation: `no COM request open: COM ${record.com.staffCode} allocated` }
  }
  const open = record.comRequest
  if (open === null) return { rule, explanation: 'no COM request open: none due yet' }
  return {
    rule,
    explanation: `COM request open: needed by ${open.neededBy}, CRN ${open.crn ?? 'not known'}, PDU ${open.pduCode ?? 'not known'}, LDU ${open.lduCode ?? 'not known'}`,
  }
}

/** Who a COM request is for, as far as the case knows it now (the CRN, and the PDU and LDU from nDelius). */
export function comRequestTarget(record: CaseRecord): Pick<ComRequestState, 'crn' | 'pduCode' | 'lduCode'> {
  const probation = record.probation?.snapshot
  return { crn: record.crn, pduCode: probation?.pduCode ?? null, lduCode: probation?.lduCode ?? null }
}

/** When the COM is needed: the handover start (or handover) date; without dates, since the request first said so. */
function neededByOf(record: CaseRecord, calc: Calculation, ctx: ReconcileContext): IsoDate {
  const open = record.comRequest?.episodeId === record.episode?.id ? record.comRequest : null
  return calc.handoverStartDate ?? calc.handoverDate ?? open?.neededBy ?? ctx.today
}

/** The COM request event, and the record keeps what it said (to re-issue it when the probation details change). */
export function requestCom(record: CaseRecord, calc: Calculation, ctx: ReconcileContext): DomainEvent {
  const neededBy = neededByOf(record, calc, ctx)
  const target = comRequestTarget(record)
  record.comRequest = { ...target, neededBy, requestedAt: ctx.now, episodeId: record.episode?.id ?? 'none' }
  return comAllocationRequested(record, target, neededBy, ctx.now)
}

/**
 * A COM allocated (by nDelius or through the allocation service) withdraws the open request: the COM allocation
 * event itself tells the allocation service, which drops the request (no withdrawal event of our own).
 */
export function withdrawComRequest(record: CaseRecord, happened: TraceStep[]): void {
  if (record.com === null || record.comRequest === null) return
  happened.push({
    rule: 'handover.service.comRequestWithdrawn',
    explanation: `COM ${record.com.staffCode} allocated: the COM request of ${record.comRequest.requestedAt.slice(0, 10)} is withdrawn`,
  })
  record.comRequest = null
}

/**
 * Sent earlier in this episode with other details than the case has now (the CRN, PDU or LDU arrived or changed,
 * or the date it is needed by moved): re-issued once with them while a COM is still needed and none is allocated;
 * a recalculation that learns nothing new sends nothing.
 */
export function reissueComRequest(
  record: CaseRecord,
  calc: Calculation,
  plans: readonly ReminderPlan[],
  ctx: ReconcileContext,
  happened: TraceStep[],
): DomainEvent[] {
  const open = plans.some(p => p.key === COM_REQUEST_KEY && p.open)
  if (!open || record.sent[COM_REQUEST_KEY] === undefined || hasCom(record)) return []
  const was = record.comRequest
  const target = { ...comRequestTarget(record), neededBy: neededByOf(record, calc, ctx) }
  const changed = (['crn', 'pduCode', 'lduCode', 'neededBy'] as const).filter(k => (was?.[k] ?? null) !== target[k])
  if (changed.length === 0) return []
  const event = requestCom(record, calc, ctx)
  happened.push({
    rule: 'handover.service.comRequestReissued',
    explanation: `the COM request is sent again with ${changed.map(k => `${k} ${target[k] ?? 'none'} (was ${was?.[k] ?? 'none'})`).join(', ')}`,
  })
  return [event]
}
