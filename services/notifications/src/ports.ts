import type { Attachment, Personalisation, TemplateName } from '@omic/domain'
import type { OutgoingEvent } from '@omic/lambda-kit'

/** One email handed to a channel. */
export interface OutgoingEmail {
  id: string
  reference: string
  template: TemplateName
  notifyTemplateId: string
  to: string
  personalisation: Personalisation
  attachment?: Attachment
  nomsNumber: string | null
  createdAt: string
}

/**
 * What a channel says about one attempt: accepted, a transient failure worth retrying (5xx, 429, timeouts), or a
 * permanent one (400: bad address or personalisation). `code` never carries the provider's message text.
 */
export type SendResult =
  | { outcome: 'accepted'; providerId: string }
  | { outcome: 'transient'; code: string }
  | { outcome: 'permanent'; code: string }

export interface EmailChannel {
  readonly name: 'outbox' | 'notify'
  send(email: OutgoingEmail): Promise<SendResult>
  /** The provider's id of an email already sent with this reference (to resume after a crash without resending). */
  findSent(reference: string): Promise<string | undefined>
  /** Whether the channel reports delivery later (GOV.UK Notify does; the outbox does not). */
  readonly deliveryReceipts: boolean
  /** The provider's delivery status of an accepted email; `undefined` when it no longer knows it. */
  deliveryStatus(providerId: string): Promise<string | undefined>
}

/** GOV.UK Notify's final statuses of an email (anything else is still on its way). */
export const FINAL_DELIVERY_STATUSES = [
  'delivered',
  'permanent-failure',
  'temporary-failure',
  'technical-failure',
] as const

export interface OutcomePublisher {
  publish(events: readonly OutgoingEvent[]): Promise<void>
}

export type Sleep = (ms: number) => Promise<void>
