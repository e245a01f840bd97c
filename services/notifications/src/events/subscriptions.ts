import { type SubscribedEvent, type SubscribedEventOf, subscription } from '@omic/contracts'

/**
 * Everything notifications listens to, declared once: infra builds the rule from it (exact source/detail-type
 * pairs; a COM allocation comes from nDelius, or from our allocation service when an SPO allocates in OMiC), the
 * event pipeline validates with it, and the use cases are typed by it.
 */
export const notificationEvents = subscription([
  'offender-management.allocation.changed',
  'offender-management.handover.changed',
  'offender-management.handover.reminder-due',
  'offender-management.com.allocation-requested',
  'community-early-allocation-eligibility.status.changed',
  'tier.calculation.complete',
  'person.community.manager.allocated',
  'probation-case.details.changed',
  'assessment.summary.produced',
  'prisoner-offender-search.prisoner.received',
  'prisoner-offender-search.prisoner.updated',
  'prisoner-offender-search.prisoner.released',
])
export type NotificationEvent = SubscribedEvent<typeof notificationEvents>
export type HandledDetailType = NotificationEvent['detailType']
/** The deliveries of some of these types (what one handler takes). */
export type NotificationEventOf<T extends HandledDetailType> = SubscribedEventOf<typeof notificationEvents, T>
