import { type SubscribedEvent, type SubscribedEventOf, subscription } from '@omic/contracts'

/**
 * Everything tiering listens to, declared once: infra builds the rule from it, the event pipeline validates
 * with it, and the use cases are typed by it. Its own segment requests come back through the same rule.
 */
export const caseEvents = subscription([
  'probation-case.registration.added',
  'probation-case.registration.updated',
  'probation-case.registration.deleted',
  'probation-case.registration.deregistered',
  'assessment.summary.produced',
  'probation-case.convictions.changed',
  'probation-case.details.changed',
  'probation-case.merge.completed',
  'probation-case.unmerge.completed',
  'probation-case.deleted.gdpr',
  'tier.recalculation.segment-requested',
])
export type CaseEvent = SubscribedEvent<typeof caseEvents>
/** The events that carry a tiering input (the rest are merges, unmerges, erasures and segment requests). */
export type TierInputEvent = SubscribedEventOf<
  typeof caseEvents,
  | 'probation-case.registration.added'
  | 'probation-case.registration.updated'
  | 'probation-case.registration.deleted'
  | 'probation-case.registration.deregistered'
  | 'assessment.summary.produced'
  | 'probation-case.convictions.changed'
  | 'probation-case.details.changed'
>
export type MergeEvent = SubscribedEventOf<typeof caseEvents, 'probation-case.merge.completed'>
export type UnmergeEvent = SubscribedEventOf<typeof caseEvents, 'probation-case.unmerge.completed'>
export type DeletionEvent = SubscribedEventOf<typeof caseEvents, 'probation-case.deleted.gdpr'>
export type SegmentRequestedEvent = SubscribedEventOf<typeof caseEvents, 'tier.recalculation.segment-requested'>
