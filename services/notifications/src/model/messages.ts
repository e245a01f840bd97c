/**
 * Messages: one email to one recipient, from planning to delivery, with what the API shows of it, the dead-letter
 * store's entries, a parked message's entries and the local channel's outbox. Each record has the zod schema its
 * stored item is read with.
 */
import { RECIPIENT_RULES, TEMPLATE_NAMES, type TemplateName } from '@omic/domain'
import { z } from 'zod'

/**
 * Where a message is in its life. `parked` waits for facts about its case (sent once they arrive), `dead-letter`
 * waits for a redrive; `invalid` and `skipped` are never sent.
 */
export const MESSAGE_STATUSES = {
  parked: 'parked',
  pending: 'pending',
  sent: 'sent',
  failed: 'failed',
  deadLetter: 'dead-letter',
  invalid: 'invalid',
  skipped: 'skipped',
} as const
export const messageStatusSchema = z.enum(Object.values(MESSAGE_STATUSES))
export type MessageStatus = z.infer<typeof messageStatusSchema>

export const templateNameSchema = z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]])
export const recipientRuleSchema = z.enum(Object.values(RECIPIENT_RULES))

export const recipientSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), staffId: z.string(), email: z.string().nullable() }),
  z.object({ kind: z.literal('mailbox'), email: z.string().nullable() }),
])
export type Recipient = z.infer<typeof recipientSchema>

export const deliveryErrorSchema = z.object({
  /** e.g. `http-500`, `http-429`, `timeout`, `http-400` (never the provider's message text: it may quote data). */
  code: z.string(),
  retryable: z.boolean(),
  at: z.string(),
})
export type DeliveryError = z.infer<typeof deliveryErrorSchema>

export const ruleViolationSchema = z.object({ field: z.string(), reason: z.string() })
export const attachmentSchema = z.object({
  filename: z.string(),
  contentType: z.literal('text/csv'),
  content: z.string(),
})

/** One email to one recipient: the dedupe key is its identity (the id is derived from it). */
export const messageItemSchema = z.object({
  id: z.string(),
  dedupeKey: z.string(),
  template: templateNameSchema,
  notifyTemplateId: z.string(),
  channel: z.string(),
  recipientRule: recipientRuleSchema,
  recipient: recipientSchema,
  nomsNumber: z.string().nullable(),
  crn: z.string().nullable(),
  prisonId: z.string().nullable(),
  episode: z.string(),
  /** Sent to Notify as `reference`, so a delivery can be traced and looked up after a crash. */
  reference: z.string(),
  personalisation: z.record(z.string(), z.string()).optional(),
  attachment: attachmentSchema.optional(),
  status: messageStatusSchema,
  /** Why it was skipped (`opted-out`, `no-address`), why it waits (`waiting-for:…`) or why it failed. */
  reason: z.string().optional(),
  violations: z.array(ruleViolationSchema).optional(),
  /** A parked message: the personalisation fields (case facts) it waits for. */
  waitingFor: z.array(z.string()).optional(),
  /** A parked message: the cases (NOMS number, CRN) under which it is found when facts arrive (`PARKED#<case>`). */
  parkedUnder: z.array(z.string()).optional(),
  /**
   * A parked message: until when it waits for optional facts it expects (then it goes with what is known; the
   * quarter-hourly run re-plans it, `PARKED_UNTIL`). Set when it is first parked.
   */
  waitUntil: z.string().optional(),
  attempts: z.number(),
  errors: z.array(deliveryErrorSchema),
  providerId: z.string().optional(),
  /** What the provider last said about delivery (GOV.UK Notify: delivered, permanent-failure, …). */
  deliveryStatus: z.string().optional(),
  deliveryStatusAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  sentAt: z.string().optional(),
  leaseUntil: z.number().optional(),
  /** The status whose outcome event (`notification.sent/.failed`) was published (claimed), if any. */
  outcomePublishedFor: messageStatusSchema.optional(),
  redrives: z.number(),
})
export type MessageRecord = z.infer<typeof messageItemSchema>

export const deadLetterItemSchema = z.object({
  id: z.string(),
  template: z.string(),
  nomsNumber: z.string().nullable(),
  attempts: z.number(),
  lastError: deliveryErrorSchema.nullable(),
  deadLetteredAt: z.string(),
})
export type DeadLetterEntry = z.infer<typeof deadLetterItemSchema>

/** The local channel's "sent" email (nothing leaves the machine). */
export const outboxItemSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  template: z.string(),
  to: z.string(),
  nomsNumber: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  attachment: attachmentSchema.optional(),
})
export type OutboxEntry = z.infer<typeof outboxItemSchema>

/** A parked message as found under one of its cases: what re-planning it needs (the event and its decisions). */
export const parkedItemSchema = z.object({
  messageId: z.string(),
  /** The re-plan basis as stored (parsed by the caller: it is the caller's schema). */
  replan: z.unknown(),
})
export type ParkedEntry = z.infer<typeof parkedItemSchema>

/** A parked message whose wait for optional facts ends at `waitUntil` (`PARKED_UNTIL` / `<waitUntil>#<id>`). */
export const waitItemSchema = parkedItemSchema.extend({
  /** One of the cases it is parked under. */
  caseId: z.string(),
  key: z.string(),
})
export type WaitEntry = z.infer<typeof waitItemSchema>

/** A sent message waiting for its final delivery status (`AWAITING_RECEIPT` / `<sentAt>#<id>`). */
export const receiptItemSchema = z.object({ id: z.string(), providerId: z.string(), key: z.string() })
export type ReceiptEntry = z.infer<typeof receiptItemSchema>

/** What a parked message becomes when its facts are complete: its content, recipient and the case as now known. */
export interface ParkedCompletion {
  personalisation: Record<string, string>
  /** The recipient as now known (an address learnt while it waited). */
  recipient: Recipient
  nomsNumber: string | null
  crn: string | null
  prisonId: string | null
}

/**
 * The case version a completion was built from: the send is conditional on it (`undefined`: no version yet), so
 * an email is never sent from an older copy of the facts than the case holds.
 */
export interface FactsGuard {
  nomsNumber: string
  version: number | undefined
}

export type ClaimOutcome = 'claimed' | 'not-parked' | 'facts-changed'

export type CreateOutcome = { created: true } | { created: false; existing: MessageRecord }
