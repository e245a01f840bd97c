import { RESPONSIBILITY, type TraceStep } from '@omic/domain'
import { type Calculation, type CaseRecord, EMPTY_CHECKLIST } from '../records'
import type { ReconcileContext } from './context'

/** Checklist reset (handover.md §g.1): back to CustodyOnly, a moved date outside the lists, or a new episode. */
export function resetChecklistIfNeeded(
  record: CaseRecord,
  prev: Calculation | null,
  calc: Calculation,
  newEpisode: boolean,
  ctx: ReconcileContext,
  happened: TraceStep[],
): void {
  const c = record.checklist
  if (!(c.reviewedOasys || c.contactedCom || c.attendedHandoverMeeting || c.sentHandoverReport)) return
  const toCustodyOnly =
    prev !== null &&
    prev.responsibility !== RESPONSIBILITY.custodyOnly &&
    calc.responsibility === RESPONSIBILITY.custodyOnly
  const movedOutside =
    prev !== null &&
    prev.handoverDate !== calc.handoverDate &&
    calc.responsibility === RESPONSIBILITY.custodyOnly &&
    calc.list === 'none'
  if (toCustodyOnly || movedOutside || newEpisode) {
    record.checklist = { ...EMPTY_CHECKLIST, updatedAt: ctx.now, updatedBy: 'system' }
    happened.push({
      rule: 'handover.service.checklistReset',
      explanation: newEpisode
        ? 'new handover episode: the checklist starts again'
        : toCustodyOnly
          ? 'responsibility moved back to CustodyOnly: the checklist is reset'
          : 'the handover date moved and the case left the handover lists: the checklist is reset',
    })
  }
}
