import { PUBLISHED_EVENTS, type PublishedEventOf, UPSTREAM_EVENTS, type UpstreamEventOf } from '@omic/contracts'

/** Every event the service listens to (its rule in infra/src/services/notifications.ts), with its schema. */
export const EVENT_SCHEMAS = {
  'offender-management.allocation.changed': PUBLISHED_EVENTS['offender-management.allocation.changed'].schema,
  'offender-management.handover.changed': PUBLISHED_EVENTS['offender-management.handover.changed'].schema,
  'offender-management.handover.reminder-due': PUBLISHED_EVENTS['offender-management.handover.reminder-due'].schema,
  'offender-management.com.allocation-requested':
    PUBLISHED_EVENTS['offender-management.com.allocation-requested'].schema,
  'community-early-allocation-eligibility.status.changed':
    PUBLISHED_EVENTS['community-early-allocation-eligibility.status.changed'].schema,
  'tier.calculation.complete': PUBLISHED_EVENTS['tier.calculation.complete'].schema,
  'person.community.manager.allocated': UPSTREAM_EVENTS['person.community.manager.allocated'].schema,
  'probation-case.details.changed': UPSTREAM_EVENTS['probation-case.details.changed'].schema,
  'assessment.summary.produced': UPSTREAM_EVENTS['assessment.summary.produced'].schema,
  'prisoner-offender-search.prisoner.received': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.received'].schema,
  'prisoner-offender-search.prisoner.updated': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].schema,
  'prisoner-offender-search.prisoner.released': UPSTREAM_EVENTS['prisoner-offender-search.prisoner.released'].schema,
} as const
export type HandledDetailType = keyof typeof EVENT_SCHEMAS

/**
 * Which producer may send each event: the rule matches exactly these pairs, and the handler checks them again
 * (a COM allocation comes from nDelius, or from our allocation service when an SPO allocates in OMiC).
 */
export const EVENT_SOURCES: Readonly<Record<HandledDetailType, readonly string[]>> = {
  'offender-management.allocation.changed': ['omic.allocation'],
  'offender-management.handover.changed': ['omic.handover'],
  'offender-management.handover.reminder-due': ['omic.handover'],
  'offender-management.com.allocation-requested': ['omic.handover'],
  'community-early-allocation-eligibility.status.changed': ['omic.handover'],
  'tier.calculation.complete': ['omic.tiering'],
  'person.community.manager.allocated': ['hmpps.probation', 'omic.allocation'],
  'probation-case.details.changed': ['hmpps.probation'],
  'assessment.summary.produced': ['hmpps.probation'],
  'prisoner-offender-search.prisoner.received': ['hmpps.prison'],
  'prisoner-offender-search.prisoner.updated': ['hmpps.prison'],
  'prisoner-offender-search.prisoner.released': ['hmpps.prison'],
}

type Published<T extends keyof typeof PUBLISHED_EVENTS> = { detailType: T; detail: PublishedEventOf<T> }
type Upstream<T extends keyof typeof UPSTREAM_EVENTS> = { detailType: T; detail: UpstreamEventOf<T> }

export type NotificationEvent = { source: string } & (
  | Published<'offender-management.allocation.changed'>
  | Published<'offender-management.handover.changed'>
  | Published<'offender-management.handover.reminder-due'>
  | Published<'offender-management.com.allocation-requested'>
  | Published<'community-early-allocation-eligibility.status.changed'>
  | Published<'tier.calculation.complete'>
  | Upstream<'person.community.manager.allocated'>
  | Upstream<'probation-case.details.changed'>
  | Upstream<'assessment.summary.produced'>
  | Upstream<'prisoner-offender-search.prisoner.received'>
  | Upstream<'prisoner-offender-search.prisoner.updated'>
  | Upstream<'prisoner-offender-search.prisoner.released'>
)
