import type { RuleViolation } from '@omic/domain'
import {
  type ClaimOutcome,
  type CreateOutcome,
  type DeadLetterEntry,
  type DeliveryError,
  type FactsGuard,
  MESSAGE_STATUSES,
  type MessageRecord,
  type MessageStatus,
  type ParkedCompletion,
  type ParkedEntry,
  type ReceiptEntry,
  type WaitEntry,
} from '../../src/model/messages'
import type { Directory, MessageStore } from '../../src/ports'

const copy = <T>(value: T): T => structuredClone(value)

/**
 * An in-memory {@link MessageStore} for use-case tests: the same conditions as the DynamoDB store (create once,
 * claim a parked message once and only with the case's current facts version, redrive once, one outcome claim).
 */
export class InMemoryMessageStore implements MessageStore {
  readonly messages = new Map<string, MessageRecord>()
  /** `PARKED#<case>` entries: case → message id → re-plan basis. */
  readonly parked = new Map<string, Map<string, unknown>>()
  readonly waits = new Map<string, WaitEntry>()
  readonly receipts = new Map<string, ReceiptEntry>()
  readonly deadLetters = new Map<string, DeadLetterEntry>()

  /** The directory whose facts version guards a claim (`claimParked`). */
  constructor(private readonly directory?: Pick<Directory, 'getCase'>) {}

  async create(message: MessageRecord): Promise<CreateOutcome> {
    const existing = this.messages.get(message.id)
    if (existing) return { created: false, existing: copy(existing) }
    this.messages.set(message.id, copy(message))
    return { created: true }
  }

  async createParked(message: MessageRecord, replan: unknown): Promise<CreateOutcome> {
    const outcome = await this.create(message)
    if (!outcome.created) return outcome
    for (const caseId of message.parkedUnder ?? []) this.park(caseId, message.id, replan)
    const caseId = message.parkedUnder?.[0]
    if (message.waitUntil && caseId) {
      const key = `${message.waitUntil}#${message.id}`
      this.waits.set(key, { key, messageId: message.id, caseId, replan: copy(replan) })
    }
    return outcome
  }

  async get(id: string): Promise<MessageRecord | undefined> {
    const message = this.messages.get(id)
    return message ? copy(message) : undefined
  }

  async waitsDue(asOf: string, limit: number): Promise<WaitEntry[]> {
    return [...this.waits.values()]
      .filter(w => w.key <= `${asOf}#~`)
      .sort((a, b) => a.key.localeCompare(b.key))
      .slice(0, limit)
      .map(copy)
  }

  async dropWait(key: string): Promise<void> {
    this.waits.delete(key)
  }

  async parkedOfCase(caseId: string): Promise<ParkedEntry[]> {
    return [...(this.parked.get(caseId) ?? new Map<string, unknown>()).entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([messageId, replan]) => ({ messageId, replan: copy(replan) }))
  }

  async updateWaiting(
    message: MessageRecord,
    waiting: { waitingFor: string[]; violations: RuleViolation[]; reason: string },
    addUnder: readonly string[],
    replan: unknown,
    at: string,
  ): Promise<boolean> {
    const stored = this.messages.get(message.id)
    if (stored?.status !== MESSAGE_STATUSES.parked) return false
    Object.assign(stored, {
      ...copy(waiting),
      parkedUnder: [...new Set([...(message.parkedUnder ?? []), ...addUnder])],
      updatedAt: at,
    })
    for (const caseId of addUnder) this.park(caseId, message.id, replan)
    return true
  }

  async claimParked(
    message: MessageRecord,
    completion: ParkedCompletion,
    guard: FactsGuard | null,
    nowMs: number,
    leaseMs: number,
    at: string,
  ): Promise<ClaimOutcome> {
    const stored = this.messages.get(message.id)
    if (stored?.status !== MESSAGE_STATUSES.parked) return 'not-parked'
    if (guard && (await this.directory?.getCase(guard.nomsNumber))?.factsVersion !== guard.version) {
      return 'facts-changed'
    }
    const { violations: _v, waitingFor: _w, reason: _r, ...rest } = stored
    this.messages.set(message.id, {
      ...rest,
      ...copy(completion),
      status: MESSAGE_STATUSES.pending,
      leaseUntil: nowMs + leaseMs,
      updatedAt: at,
    })
    return 'claimed'
  }

  async settleParked(
    message: MessageRecord,
    status: Extract<MessageStatus, 'invalid' | 'skipped'>,
    reason: string,
    violations: RuleViolation[] | undefined,
    at: string,
  ): Promise<boolean> {
    const stored = this.messages.get(message.id)
    if (stored?.status !== MESSAGE_STATUSES.parked) return false
    const { waitingFor: _w, parkedUnder: _u, ...rest } = stored
    this.messages.set(message.id, { ...rest, status, reason, updatedAt: at, ...(violations ? { violations } : {}) })
    for (const caseId of message.parkedUnder ?? []) this.parked.get(caseId)?.delete(message.id)
    return true
  }

  async dropParkedEntries(message: Pick<MessageRecord, 'id' | 'parkedUnder'>, also: readonly string[] = []) {
    for (const caseId of new Set([...(message.parkedUnder ?? []), ...also])) this.parked.get(caseId)?.delete(message.id)
  }

  async takeOver(id: string, nowMs: number, leaseMs: number): Promise<boolean> {
    const stored = this.messages.get(id)
    if (stored?.status !== MESSAGE_STATUSES.pending || (stored.leaseUntil ?? 0) >= nowMs) return false
    stored.leaseUntil = nowMs + leaseMs
    return true
  }

  async releaseLease(id: string): Promise<void> {
    const stored = this.messages.get(id)
    if (stored?.status === MESSAGE_STATUSES.pending) stored.leaseUntil = 0
  }

  async recordAttempt(id: string, error: DeliveryError, nowMs: number, leaseMs: number): Promise<void> {
    const stored = this.required(id)
    stored.attempts++
    stored.errors.push(copy(error))
    stored.updatedAt = error.at
    stored.leaseUntil = nowMs + leaseMs
  }

  async markSent(id: string, providerId: string, at: string, awaitReceipt: boolean): Promise<void> {
    const stored = this.required(id)
    Object.assign(stored, { status: MESSAGE_STATUSES.sent, providerId, sentAt: at, updatedAt: at })
    stored.attempts++
    if (awaitReceipt) this.receipts.set(`${at}#${id}`, { id, providerId, key: `${at}#${id}` })
  }

  async awaitingReceipt(before: string, limit: number): Promise<ReceiptEntry[]> {
    return [...this.receipts.values()]
      .filter(r => r.key < before)
      .sort((a, b) => a.key.localeCompare(b.key))
      .slice(0, limit)
      .map(copy)
  }

  async recordDeliveryStatus(id: string, status: string, at: string, receiptKey: string, final: boolean) {
    Object.assign(this.required(id), { deliveryStatus: status, deliveryStatusAt: at })
    if (final) this.receipts.delete(receiptKey)
  }

  async markFailed(id: string, reason: string, at: string): Promise<void> {
    Object.assign(this.required(id), { status: MESSAGE_STATUSES.failed, reason, updatedAt: at })
  }

  async deadLetter(message: MessageRecord, lastError: DeliveryError | null, at: string): Promise<void> {
    Object.assign(this.required(message.id), {
      status: MESSAGE_STATUSES.deadLetter,
      reason: 'retry-budget-exhausted',
      updatedAt: at,
    })
    this.deadLetters.set(message.id, {
      id: message.id,
      template: message.template,
      nomsNumber: message.nomsNumber,
      attempts: message.attempts,
      lastError: copy(lastError),
      deadLetteredAt: at,
    })
  }

  async listDeadLetters(limit = 100): Promise<DeadLetterEntry[]> {
    return [...this.deadLetters.values()].slice(0, limit).map(copy)
  }

  async startRedrive(id: string, nowMs: number, leaseMs: number, at: string): Promise<boolean> {
    const stored = this.messages.get(id)
    if (stored?.status !== MESSAGE_STATUSES.deadLetter) return false
    const { outcomePublishedFor: _o, ...rest } = stored
    this.messages.set(id, {
      ...rest,
      status: MESSAGE_STATUSES.pending,
      leaseUntil: nowMs + leaseMs,
      redrives: stored.redrives + 1,
      updatedAt: at,
    })
    this.deadLetters.delete(id)
    return true
  }

  async claimOutcome(id: string, status: MessageStatus): Promise<boolean> {
    const stored = this.required(id)
    if (stored.outcomePublishedFor === status) return false
    stored.outcomePublishedFor = status
    return true
  }

  async releaseOutcome(id: string, status: MessageStatus): Promise<void> {
    const stored = this.messages.get(id)
    if (stored?.outcomePublishedFor === status) delete stored.outcomePublishedFor
  }

  async listByCase(caseId: string, limit: number): Promise<MessageRecord[]> {
    return this.newestFirst(m => (m.nomsNumber ?? m.crn) === caseId, limit)
  }

  async listByRecipient(email: string, limit: number): Promise<MessageRecord[]> {
    return this.newestFirst(m => m.recipient.email?.toLowerCase() === email.toLowerCase(), limit)
  }

  private newestFirst(keep: (m: MessageRecord) => boolean, limit: number): MessageRecord[] {
    return [...this.messages.values()]
      .filter(keep)
      .sort((a, b) => `${b.createdAt}#${b.id}`.localeCompare(`${a.createdAt}#${a.id}`))
      .slice(0, limit)
      .map(copy)
  }

  private park(caseId: string, messageId: string, replan: unknown): void {
    const entries = this.parked.get(caseId) ?? new Map<string, unknown>()
    entries.set(messageId, copy(replan))
    this.parked.set(caseId, entries)
  }

  private required(id: string): MessageRecord {
    const stored = this.messages.get(id)
    if (!stored) throw new Error(`no message ${id}`)
    return stored
  }
}
