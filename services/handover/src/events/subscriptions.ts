import { type SubscribedEvent, subscription } from '@omic/contracts'

/**
 * Everything handover listens to, declared once: infra builds the rule from it, the event pipeline validates
 * with it, and the use cases are typed by it.
 */
export const caseEvents = subscription([
  'prisoner-offender-search.prisoner.received',
  'prisoner-offender-search.prisoner.updated',
  'prisoner-offender-search.prisoner.released',
  'prison-offender-events.prisoner.merged',
  'probation-case.details.changed',
  'person.community.manager.allocated',
  'parole.review.updated',
  'offender-management.allocation.changed',
])
export type CaseEvent = SubscribedEvent<typeof caseEvents>
