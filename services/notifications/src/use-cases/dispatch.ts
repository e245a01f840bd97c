/**
 * Sending one planned email exactly once: the dedupe key is written (conditionally) before anything is sent;
 * preferences and missing addresses are recorded as skipped; transient failures are retried with backoff, then
 * the message goes to the dead-letter store; permanent failures are recorded and not retried. Every outcome is
 * published as `offender-management.notification.sent` / `.failed`.
 */
import { createHash } from 'node:crypto'
import {
  addressFieldOf,
  dedupeKey,
  isMailboxRule,
  RECIPIENT_RULES,
  type Readiness,
  type RecipientIdentity,
  type RecipientRule,
  readinessOf,
  readinessWith,
  TEMPLATES,
  waitingReason,
} from '@omic/domain'
import type { Clock, OutgoingEvent } from '@omic/lambda-kit'
import {
  type DeliveryError,
  MESSAGE_STATUSES,
  type MessageRecord,
  type MessageStatus,
  type Recipient,
} from '../model/messages'
import { caseIdsOf, OPTIONAL_FACTS_WAIT_MS, type PlannedEmail } from '../model/planned-email'
import type { EmailChannel, MessageStore, OutcomePublisher, PreferenceStore, SendResult, Sleep } from '../ports'

export interface DispatchDeps {
  messages: MessageStore
  preferences: PreferenceStore
  channel: EmailChannel
  publisher: OutcomePublisher
  /** Waits before each retry; the number of entries is the retry budget. */
  retryDelaysMs: readonly number[]
  sleep: Sleep
  clock: Clock
  /** How long a sender owns a pending message before another may take it over. */
  leaseMs?: number
  /** How long an email waits for expected optional facts (default `OPTIONAL_FACTS_WAIT_MS`). */
  optionalFactsWaitMs?: number
}

export type DispatchOutcome = MessageStatus | 'duplicate'

export const DEFAULT_LEASE_MS = 120_000

/** The message id: derived from the dedupe key, so the key's conditional write is the message's creation. */
export function messageIdOf(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32)
}

/** The recipient as the dedupe key names it: staff by id, the LDU mailbox by its role, another address by itself. */
export function identityOf(recipient: Recipient, rule: RecipientRule): RecipientIdentity {
  if (recipient.kind === 'staff') return { kind: 'staff', staffId: recipient.staffId }
  if (rule === RECIPIENT_RULES.lduMailbox) return { kind: 'ldu-mailbox' }
  return { kind: 'mailbox', email: recipient.email ?? 'unknown' }
}

/** Until when an email first planned at `createdAt` waits for the optional facts it expects. */
export function waitUntilOf(deps: Pick<DispatchDeps, 'optionalFactsWaitMs'>, createdAt: string): string {
  return new Date(Date.parse(createdAt) + (deps.optionalFactsWaitMs ?? OPTIONAL_FACTS_WAIT_MS)).toISOString()
}

/** What becomes of a planned email: its status (and why), from its content, address and the preferences. */
export interface Decision {
  status: MessageStatus
  reason?: string
  readiness: Readiness
}

/**
 * A defect in the content makes it invalid; then an opt-out skips it; then a missing address no later event can
 * supply skips it; then content that lacks case facts, an address a later event supplies, or optional facts still
 * expected while `expectOptional` (the wait's bound has not passed) parks it — when it can wait (it has a case and
 * a re-plan basis; else missing facts make it invalid, a missing address skips it, and expected facts are not
 * waited for); else it is sent.
 */
export async function decide(
  preferences: PreferenceStore,
  planned: PlannedEmail,
  canPark: boolean,
  expectOptional = canPark,
): Promise<Decision> {
  const base = readinessOf(planned.content)
  if (base.state === 'invalid' || (base.state === 'waiting' && !canPark)) {
    return { status: MESSAGE_STATUSES.invalid, reason: 'invalid-personalisation', readiness: base }
  }
  if (planned.recipient.kind === 'staff' && !isMailboxRule(planned.rule)) {
    const prefs = await preferences.get(planned.recipient.staffId)
    if (prefs.optOut.includes(planned.template)) {
      return { status: MESSAGE_STATUSES.skipped, reason: 'opted-out', readiness: base }
    }
  }
  const address = planned.recipient.email ? null : addressFieldOf(planned.rule)
  if (!planned.recipient.email && (!address || !canPark)) {
    return { status: MESSAGE_STATUSES.skipped, reason: 'no-address', readiness: base }
  }
  const readiness = readinessWith(planned.content, {
    address,
    expecting: canPark && expectOptional ? (planned.expecting ?? []) : [],
  })
  if (readiness.state === 'waiting') {
    return { status: MESSAGE_STATUSES.parked, reason: waitingReason(readiness.waitingFor), readiness }
  }
  return { status: MESSAGE_STATUSES.pending, readiness }
}

export async function dispatch(deps: DispatchDeps, planned: PlannedEmail): Promise<DispatchOutcome> {
  const now = deps.clock.now()
  const lease = deps.leaseMs ?? DEFAULT_LEASE_MS
  const key = dedupeKey({
    template: planned.template,
    recipient: identityOf(planned.recipient, planned.rule),
    caseId: planned.caseKey ?? planned.caseRef.nomsNumber ?? planned.caseRef.crn ?? '-',
    episode: planned.episode,
  })
  const id = messageIdOf(key)
  const template = TEMPLATES[planned.template]
  const caseIds = caseIdsOf(planned.caseRef)
  const canPark = planned.replan !== undefined && caseIds.length > 0
  const { status, reason, readiness } = await decide(
    deps.preferences,
    planned,
    canPark,
    canPark && (deps.optionalFactsWaitMs ?? OPTIONAL_FACTS_WAIT_MS) > 0,
  )
  const at = now.toISOString()
  const message: MessageRecord = {
    id,
    dedupeKey: key,
    template: planned.template,
    notifyTemplateId: template.notifyTemplateId,
    channel: deps.channel.name,
    recipientRule: planned.rule,
    recipient: planned.recipient,
    nomsNumber: planned.caseRef.nomsNumber,
    crn: planned.caseRef.crn,
    prisonId: planned.caseRef.prisonId,
    episode: planned.episode,
    reference: `omic-${id}`,
    ...(readiness.state === 'ready'
      ? {
          personalisation: { ...readiness.content.personalisation },
          ...(readiness.content.attachment ? { attachment: readiness.content.attachment } : {}),
        }
      : { violations: readiness.violations }),
    status,
    ...(reason ? { reason } : {}),
    ...(readiness.state === 'waiting' && status === MESSAGE_STATUSES.parked
      ? { waitingFor: readiness.waitingFor, parkedUnder: caseIds, waitUntil: waitUntilOf(deps, at) }
      : {}),
    attempts: 0,
    errors: [],
    createdAt: at,
    updatedAt: at,
    leaseUntil: now.getTime() + lease,
    redrives: 0,
  }

  const created =
    status === MESSAGE_STATUSES.parked
      ? await deps.messages.createParked(message, planned.replan)
      : await deps.messages.create(message)
  if (!created.created) {
    // a parked one is re-planned by the event's handler once its emails are dispatched (replan.ts)
    const existing = created.existing
    if (existing.status === MESSAGE_STATUSES.pending && (await deps.messages.takeOver(id, now.getTime(), lease))) {
      return deliver(deps, existing)
    }
    // a sender that died after settling but before publishing: its outcome is published now (once: claimed)
    if (existing.status !== MESSAGE_STATUSES.pending && existing.outcomePublishedFor !== existing.status) {
      await publishOutcome(deps, existing)
    }
    return 'duplicate'
  }
  if (status === MESSAGE_STATUSES.invalid) {
    await publishOutcome(deps, message)
    return status
  }
  if (status === MESSAGE_STATUSES.skipped || status === MESSAGE_STATUSES.parked) return status
  return deliver(deps, message)
}

/** Sends a pending message (first time, after a takeover, or on redrive) with the retry budget. */
export async function deliver(deps: DispatchDeps, message: MessageRecord): Promise<MessageStatus> {
  const lease = deps.leaseMs ?? DEFAULT_LEASE_MS
  try {
    // (unless the provider already told us how the earlier send ended: a redrive after a failed delivery resends)
    if ((message.attempts > 0 || message.errors.length > 0) && !message.deliveryStatus) {
      // an earlier sender may have crashed after the provider accepted the email: look before resending
      const providerId = await deps.channel.findSent(message.reference)
      if (providerId) return await settle(deps, message, { outcome: 'accepted', providerId })
    }
    let attempts = 0
    for (;;) {
      const result = await deps.channel.send({
        id: message.id,
        reference: message.reference,
        template: message.template,
        notifyTemplateId: message.notifyTemplateId,
        to: message.recipient.email ?? '',
        personalisation: message.personalisation ?? {},
        ...(message.attachment ? { attachment: message.attachment } : {}),
        nomsNumber: message.nomsNumber,
        createdAt: message.createdAt,
      })
      attempts++
      if (result.outcome !== 'transient' || attempts > deps.retryDelaysMs.length) {
        return await settle(deps, message, result)
      }
      const error: DeliveryError = { code: result.code, retryable: true, at: deps.clock.now().toISOString() }
      await deps.messages.recordAttempt(message.id, error, deps.clock.now().getTime(), lease)
      message.errors = [...message.errors, error]
      message.attempts++
      await deps.sleep(backoff(deps.retryDelaysMs[attempts - 1] ?? 0))
    }
  } catch (e) {
    // an unexpected error (not a provider answer): give the message up so the retried invocation can take it over
    await deps.messages.releaseLease(message.id).catch(() => undefined)
    throw e
  }
}

/** Full jitter around the configured delay: between half and all of it. */
function backoff(ms: number): number {
  return ms <= 0 ? 0 : Math.round(ms / 2 + (Math.random() * ms) / 2)
}

async function settle(deps: DispatchDeps, message: MessageRecord, result: SendResult): Promise<MessageStatus> {
  const at = deps.clock.now().toISOString()
  if (result.outcome === 'accepted') {
    await deps.messages.markSent(message.id, result.providerId, at, deps.channel.deliveryReceipts)
    await publishOutcome(deps, { ...message, status: MESSAGE_STATUSES.sent, providerId: result.providerId })
    return MESSAGE_STATUSES.sent
  }
  const error: DeliveryError = { code: result.code, retryable: result.outcome === 'transient', at }
  await deps.messages.recordAttempt(message.id, error, deps.clock.now().getTime(), 0)
  const updated = { ...message, attempts: message.attempts + 1, errors: [...message.errors, error] }
  if (result.outcome === 'permanent') {
    await deps.messages.markFailed(message.id, result.code, at)
    await publishOutcome(deps, { ...updated, status: MESSAGE_STATUSES.failed, reason: result.code })
    return MESSAGE_STATUSES.failed
  }
  await deps.messages.deadLetter(updated, error, at)
  await publishOutcome(deps, { ...updated, status: MESSAGE_STATUSES.deadLetter })
  return MESSAGE_STATUSES.deadLetter
}

/** The outcome event of a message, as published (no names, addresses or personalisation in it). */
export function outcomeEvent(message: MessageRecord, at: string): OutgoingEvent | undefined {
  const identifiers = { noms: message.nomsNumber, crn: message.crn }
  const info = { notificationId: message.id, template: message.template, reference: message.reference }
  if (message.status === MESSAGE_STATUSES.sent) {
    return {
      eventType: 'offender-management.notification.sent',
      occurredAt: at,
      description: 'An email was accepted for delivery',
      identifiers,
      additionalInformation: info,
    }
  }
  const failure =
    message.status === MESSAGE_STATUSES.deadLetter
      ? /^(http-429|notify-temporary-failure)/.test(message.errors.at(-1)?.code ?? '')
        ? 'temporary-failure'
        : 'technical-failure'
      : message.status === MESSAGE_STATUSES.failed || message.status === MESSAGE_STATUSES.invalid
        ? 'permanent-failure'
        : undefined
  if (!failure) return undefined
  return {
    eventType: 'offender-management.notification.failed',
    occurredAt: at,
    description: 'An email could not be delivered',
    identifiers,
    additionalInformation: { ...info, failure, retryable: message.status === MESSAGE_STATUSES.deadLetter },
  }
}

export async function publishOutcome(deps: DispatchDeps, message: MessageRecord): Promise<void> {
  const event = outcomeEvent(message, deps.clock.now().toISOString())
  if (!event) return
  if (!(await deps.messages.claimOutcome(message.id, message.status))) return
  try {
    await deps.publisher.publish([event])
  } catch (e) {
    await deps.messages.releaseOutcome(message.id, message.status).catch(() => undefined)
    throw e
  }
}
