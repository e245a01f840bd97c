/**
 * The outside world as the use cases see it: the stores of the service's own tables (messages, digests,
 * preferences, the directory and its CRN links), the email channel, the outcome publisher. Adapters implement them
 * (src/adapters), test/fakes holds in-memory ones; `Clock` comes from lambda-kit.
 */
import type { Attachment, Personalisation, RuleViolation, TemplateName } from '@omic/domain'
import type { CrnLinks, OutgoingEvent } from '@omic/lambda-kit'
import type {
  AddOutcome,
  BulkDigestHead,
  BulkDigestLine,
  BulkDigestMessage,
  InactivePomDigestHead,
  InactivePomDigestLine,
  StoredBulkDigestHead,
} from './model/digests'
import type {
  Applied,
  CasePartName,
  CaseParts,
  CaseRecord,
  LduRecord,
  ParkableParts,
  StaffRef,
} from './model/directory'
import type {
  ClaimOutcome,
  CreateOutcome,
  DeadLetterEntry,
  DeliveryError,
  FactsGuard,
  MessageRecord,
  MessageStatus,
  OutboxEntry,
  ParkedCompletion,
  ParkedEntry,
  ReceiptEntry,
  WaitEntry,
} from './model/messages'
import type { Preferences } from './model/preferences'

/** Messages, their parked entries and waits, delivery receipts and the dead-letter store. */
export interface MessageStore {
  /** The dedupe write: creates the message only if no message has this key. Returns the existing one otherwise. */
  create(message: MessageRecord): Promise<CreateOutcome>
  /**
   * The dedupe write of a message that waits for facts: the message and, in the same transaction, one entry per
   * case it is parked under (holding what re-planning needs) and its wait (`waitUntil`).
   */
  createParked(message: MessageRecord, replan: unknown): Promise<CreateOutcome>
  get(id: string, consistent?: boolean): Promise<MessageRecord | undefined>
  /** Parked messages whose wait for optional facts ended by `asOf`, oldest first (at most `limit`). */
  waitsDue(asOf: string, limit: number): Promise<WaitEntry[]>
  /** The end of a wait has been dealt with (the message re-planned, or settled meanwhile). */
  dropWait(key: string): Promise<void>
  /** The parked messages of a case (NOMS number or CRN), read consistently. */
  parkedOfCase(caseId: string): Promise<ParkedEntry[]>
  /** A parked message still waiting: what it waits for now, and cases it is now also parked under. */
  updateWaiting(
    message: MessageRecord,
    waiting: { waitingFor: string[]; violations: RuleViolation[]; reason: string },
    addUnder: readonly string[],
    replan: unknown,
    at: string,
  ): Promise<boolean>
  /** Moves a parked message whose facts are complete to pending (leased), if the case's facts are `guard`'s. */
  claimParked(
    message: MessageRecord,
    completion: ParkedCompletion,
    guard: FactsGuard | null,
    nowMs: number,
    leaseMs: number,
    at: string,
  ): Promise<ClaimOutcome>
  /** A parked message that will never be sent as planned: its final status; its parked entries go. */
  settleParked(
    message: MessageRecord,
    status: Extract<MessageStatus, 'invalid' | 'skipped'>,
    reason: string,
    violations: RuleViolation[] | undefined,
    at: string,
  ): Promise<boolean>
  /** Removes the parked entries of a message that waited and is now settled (sent, failed, …). */
  dropParkedEntries(message: Pick<MessageRecord, 'id' | 'parkedUnder'>, also?: readonly string[]): Promise<void>
  /** Takes over a pending message whose previous sender's lease ran out (it crashed or timed out). */
  takeOver(id: string, nowMs: number, leaseMs: number): Promise<boolean>
  /** Gives up a pending message's lease at once (its sender failed unexpectedly), so a retry may take it over. */
  releaseLease(id: string): Promise<void>
  recordAttempt(id: string, error: DeliveryError, nowMs: number, leaseMs: number): Promise<void>
  /** Accepted by the channel; with delivery receipts it also waits for one (`awaitingReceipt`). */
  markSent(id: string, providerId: string, at: string, awaitReceipt: boolean): Promise<void>
  /** Sent messages still waiting for a final delivery status, sent before `before`, oldest first. */
  awaitingReceipt(before: string, limit: number): Promise<ReceiptEntry[]>
  /** Stores a delivery status; a final one also ends the wait for a receipt. */
  recordDeliveryStatus(id: string, status: string, at: string, receiptKey: string, final: boolean): Promise<void>
  markFailed(id: string, reason: string, at: string): Promise<void>
  /** After the retry budget: the message waits in the dead-letter store until redriven. */
  deadLetter(message: MessageRecord, lastError: DeliveryError | null, at: string): Promise<void>
  listDeadLetters(limit?: number): Promise<DeadLetterEntry[]>
  /** Moves a dead-lettered message back to pending (once: a second redrive of the same message finds nothing). */
  startRedrive(id: string, nowMs: number, leaseMs: number, at: string): Promise<boolean>
  /** Claims the publication of the outcome event for a status: exactly one caller wins. */
  claimOutcome(id: string, status: MessageStatus): Promise<boolean>
  /** Gives a claim back when publishing failed, so a retry publishes it. */
  releaseOutcome(id: string, status: MessageStatus): Promise<void>
  /** History of a case (NOMS number or CRN), newest first. */
  listByCase(caseId: string, limit: number): Promise<MessageRecord[]>
  /** History of one address, newest first. */
  listByRecipient(email: string, limit: number): Promise<MessageRecord[]>
}

/** Bulk reallocation digests (#6) and inactive-POM digests (#18). */
export interface DigestStore {
  /** Gathers a case of a bulk reallocation, once per move (`duplicate` on a replay); keeps the newest note. */
  addToBulkDigest(
    digest: BulkDigestHead,
    line: BulkDigestLine & { addedAt: string },
    eventAt: string,
    message?: BulkDigestMessage | null,
  ): Promise<AddOutcome>
  /** Digests to which nothing was added since `quietSince`, with their cases. */
  quietBulkDigests(quietSince: string): Promise<{ head: StoredBulkDigestHead; lines: BulkDigestLine[] }[]>
  /** Removes the cases a summary listed, then the head unless a case was added meanwhile (`false`: it stays). */
  closeBulkDigest(head: BulkDigestHead, lines: readonly BulkDigestLine[]): Promise<boolean>
  /** Gathers a case an inactive POM handed back, once per hand-back (`duplicate` on a replay). */
  addToInactivePomDigest(head: InactivePomDigestHead, line: InactivePomDigestLine): Promise<AddOutcome>
  quietInactivePomDigests(
    quietSince: string,
  ): Promise<{ head: InactivePomDigestHead; lines: InactivePomDigestLine[] }[]>
  closeInactivePomDigest(head: InactivePomDigestHead, lines: readonly InactivePomDigestLine[]): Promise<boolean>
}

/** Staff notification preferences (opt-outs). */
export interface PreferenceStore {
  get(staffId: string): Promise<Preferences>
  put(prefs: Preferences): Promise<void>
}

/** The directory of cases, staff and LDUs (model/directory.ts). */
export interface Directory {
  /** A case; `consistent` reads the latest write (re-planning a parked email must not miss a fact just written). */
  getCase(noms: string, consistent?: boolean): Promise<CaseRecord | undefined>
  /**
   * Writes one part of a case if the event is not older than what is stored (order-safe), keeping the value it
   * replaced. An event seen again (same `occurredAt`) is `replayed` with the same "before" value.
   */
  applyPart<P extends CasePartName>(
    noms: string,
    part: P,
    occurredAt: string,
    value: CaseParts[P],
    extra?: Record<string, unknown>,
    remove?: readonly string[],
  ): Promise<Applied<P>>
  /** A staff member's contact details, kept only if newer than what is stored. */
  putStaff(staff: StaffRef, at: string): Promise<void>
  getStaff(staffId: string): Promise<StaffRef | undefined>
  /** An LDU's name and mailbox, kept only if newer than what is stored. */
  putLdu(ldu: LduRecord, at: string): Promise<void>
  getLdu(lduCode: string): Promise<LduRecord | undefined>
  listLdus(): Promise<LduRecord[]>
  /** Every case of an LDU (its probation part names the LDU). */
  casesOfLdu(lduCode: string): Promise<CaseRecord[]>
}

/** CRN → prisoner links, with the tier and assessment parked under a CRN not linked yet (lambda-kit). */
export type CaseCrnLinks = CrnLinks<ParkableParts>

/** The local channel's outbox: rendered emails kept in the service's table instead of being sent. */
export interface EmailOutbox {
  /** Written once per message (a retry finds it there). */
  put(entry: OutboxEntry): Promise<void>
  /** Newest first. */
  list(limit: number): Promise<OutboxEntry[]>
}

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
