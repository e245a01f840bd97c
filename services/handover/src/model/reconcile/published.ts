/** What consumers believe: handover.changed on any change of dates, responsibility or reason (quirks j.4, j.5). */
import type { HandoverReason } from '@omic/domain'
import { handoverChanged } from '../events'
import type { Calculation, CaseRecord, DomainEvent, PublishedState } from '../records'
import type { ReconcileContext } from './context'

function samePublished(a: PublishedState | null, b: PublishedState): boolean {
  return (
    a !== null &&
    a.responsibility === b.responsibility &&
    a.handoverDate === b.handoverDate &&
    a.handoverStartDate === b.handoverStartDate &&
    a.reason === b.reason
  )
}

/** handover.changed when the effective state differs from the one last published (which the record then keeps). */
export function handoverChangeEvents(record: CaseRecord, calc: Calculation, ctx: ReconcileContext): DomainEvent[] {
  if (calc.status !== 'calculated' || calc.effective.responsibility === null) return []
  const state: PublishedState = {
    responsibility: calc.effective.responsibility,
    handoverDate: calc.handoverDate,
    handoverStartDate: calc.handoverStartDate,
    reason: calc.effective.reason as HandoverReason,
  }
  if (samePublished(record.published, state)) return []
  const event = handoverChanged(record, state, ctx.source, ctx.now, ctx.actor ?? null)
  record.published = state
  return [event]
}
