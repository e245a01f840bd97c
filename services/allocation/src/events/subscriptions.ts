import { type SubscribedEvent, subscription } from '@omic/contracts'

/**
 * Everything allocation listens to, declared once: infra builds the rule from it, the event pipeline validates
 * with it, and the use cases are typed by it.
 */
export const caseEvents = subscription(
  [
    'prisoner-offender-search.prisoner.received',
    'prisoner-offender-search.prisoner.updated',
    'prisoner-offender-search.prisoner.released',
    'prison-offender-events.prisoner.merged',
    'probation-case.details.changed',
    'person.community.manager.allocated',
    'tier.calculation.complete',
    'offender-management.handover.changed',
    'offender-management.com.allocation-requested',
  ],
  // allocation publishes a COM it allocated itself as person.community.manager.allocated; it has it already
  { notFrom: ['omic.allocation'] },
)
export type CaseEvent = SubscribedEvent<typeof caseEvents>
