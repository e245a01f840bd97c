import type { PUBLISHED_EVENTS, PublishedEventOf, UPSTREAM_EVENTS, UpstreamEventOf } from '@omic/contracts'
import { notificationEvents } from '../events/subscriptions'

/** The service's subscription's schemas (events/subscriptions.ts declares them). */
export const EVENT_SCHEMAS = notificationEvents.schemas
export type HandledDetailType = keyof typeof EVENT_SCHEMAS

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
