/** A case's future, dated: the transitions the rules foresee and the reminders that will be sent, plus what was sent. */
import { handoverTransitions, type IsoDate } from '@omic/domain'
import { caseInputFor, reminderFactsFor, type ServiceOptions } from './reconcile'
import type { CaseRecord, SentMarker } from './records'
import { nextPlanDate, reminderPlans } from './reminders'

export interface TimelineItem {
  date: IsoDate
  kind: string
  category: 'transition' | 'reminder' | 'com-request'
  explanation: string
}

export function timeline(record: CaseRecord, today: IsoDate, options: ServiceOptions, sent: readonly SentMarker[]) {
  const items: TimelineItem[] = []
  const calc = record.calculation
  if (calc?.status === 'calculated') {
    const input = caseInputFor(record, today)
    if (input) {
      for (const t of handoverTransitions(input, today, {
        ...options.handover,
        upcomingWindowDays: options.upcomingWindowDays,
      })) {
        items.push({ date: t.date, kind: t.kind, category: 'transition', explanation: t.explanation })
      }
    }
    const facts = reminderFactsFor(record, today)
    if (facts) {
      for (const plan of reminderPlans(facts)) {
        const date = nextPlanDate(plan, facts)
        if (date === null) continue
        items.push({
          date,
          kind: plan.key,
          category: plan.key === 'com-allocation-requested' ? 'com-request' : 'reminder',
          explanation: plan.explanation,
        })
      }
    }
  }
  items.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind.localeCompare(b.kind)))
  const episodeId = record.episode?.id ?? null
  return {
    nomsNumber: record.nomsNumber,
    today,
    episodeId,
    status: calc?.status ?? 'not_calculated',
    items,
    sent: sent
      .filter(m => m.episodeId === episodeId)
      .map(m => ({ kind: m.key, dueDate: m.dueDate, sentOn: m.sentOn }))
      .sort((a, b) => (a.sentOn < b.sentOn ? -1 : a.sentOn > b.sentOn ? 1 : 0)),
    nextDueDate: record.nextDueDate,
  }
}
