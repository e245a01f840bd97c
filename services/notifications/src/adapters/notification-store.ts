import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { Attachment, RecipientRule, RuleViolation, TemplateName } from '@omic/domain'
import { caseKey } from './directory-repository'

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
export type MessageStatus = (typeof MESSAGE_STATUSES)[keyof typeof MESSAGE_STATUSES]

export type Recipient =
  | { kind: 'staff'; staffId: string; email: string | null }
  | { kind: 'mailbox'; email: string | null }

export interface DeliveryError {
  /** e.g. `http-500`, `http-429`, `timeout`, `http-400` (never the provider's message text: it may quote data). */
  code: string
  retryable: boolean
  at: string
}

/** One email to one recipient: the dedupe key is its identity (the id is derived from it). */
export interface MessageRecord {
  id: string
  dedupeKey: string
  template: TemplateName
  notifyTemplateId: string
  channel: string
  recipientRule: RecipientRule
  recipient: Recipient
  nomsNumber: string | null
  crn: string | null
  prisonId: string | null
  episode: string
  /** Sent to Notify as `reference`, so a delivery can be traced and looked up after a crash. */
  reference: string
  personalisation?: Record<string, string>
  attachment?: Attachment
  status: MessageStatus
  /** Why it was skipped (`opted-out`, `no-address`), why it waits (`waiting-for:…`) or why it failed. */
  reason?: string
  violations?: RuleViolation[]
  /** A parked message: the personalisation fields (case facts) it waits for. */
  waitingFor?: string[]
  /** A parked message: the cases (NOMS number, CRN) under which it is found when facts arrive (`PARKED#<case>`). */
  parkedUnder?: string[]
  /**
   * A parked message: until when it waits for optional facts it expects (then it goes with what is known; the
   * quarter-hourly run re-plans it, `PARKED_UNTIL`). Set when it is first parked.
   */
  waitUntil?: string
  attempts: number
  errors: DeliveryError[]
  providerId?: string
  /** What the provider last said about delivery (GOV.UK Notify: delivered, permanent-failure, …). */
  deliveryStatus?: string
  deliveryStatusAt?: string
  createdAt: string
  updatedAt: string
  sentAt?: string
  leaseUntil?: number
  /** The status whose outcome event (`notification.sent/.failed`) was published (claimed), if any. */
  outcomePublishedFor?: MessageStatus
  redrives: number
}

export interface DeadLetterEntry {
  id: string
  template: string
  nomsNumber: string | null
  attempts: number
  lastError: DeliveryError | null
  deadLetteredAt: string
}

export interface OutboxEntry {
  id: string
  createdAt: string
  template: string
  to: string
  nomsNumber: string | null
  subject: string
  body: string
  attachment?: Attachment
}

export interface BulkDigestHead {
  prisonId: string
  source: { staffId: string; name: string | null; email: string | null }
  target: { staffId: string; name: string | null; email: string | null }
  lastAddedAt: string
}

/** The SPO's note on a bulk reallocation (#6 `message`), with the `occurredAt` of the event that carried it. */
export interface BulkDigestMessage {
  text: string
  at: string
}

export interface BulkDigestLine {
  nomsNumber: string
  prisonerName: string
  role: string
  /** When the case joined the digest (absent on lines stored before this was kept: the head's firstAddedAt). */
  addedAt?: string
}

/** The SPO who set a POM inactive (from `changedBy`): the summary goes to them. */
export interface ActingSpoRef {
  staffId: string | null
  name: string | null
  email: string
}

/** A POM's primary cases returned to the unallocated list when they went inactive, gathered for the SPO (#18). */
export interface InactivePomDigestHead {
  prisonId: string
  pom: { staffId: string; name: string | null; email: string | null }
  spo: ActingSpoRef
  lastAddedAt: string
}

export interface InactivePomDigestLine {
  nomsNumber: string
  /** The prisoner's name as the directory knew it; null when not known yet. */
  prisonerName: string | null
  /** The event's `occurredAt`: when the case was handed back. */
  removedAt: string
  /** When this service gathered it (the quiet period counts from the last one). */
  addedAt: string
}

export interface Preferences {
  staffId: string
  optOut: TemplateName[]
  updatedAt: string | null
}

/** A parked message as found under one of its cases: what re-planning it needs (the event and its decisions). */
export interface ParkedEntry {
  messageId: string
  /** The re-plan basis as stored (parsed by the caller: it is the caller's schema). */
  replan: unknown
}

/** A parked message whose wait for optional facts ends at `waitUntil` (`PARKED_UNTIL` / `<waitUntil>#<id>`). */
export interface WaitEntry extends ParkedEntry {
  /** One of the cases it is parked under. */
  caseId: string
  key: string
}

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

const RECEIPTS = 'AWAITING_RECEIPT'
const PARKED_UNTIL = 'PARKED_UNTIL'
const BULK_DIGESTS = 'BULK_DIGESTS'
const INACTIVE_POM_DIGESTS = 'INACTIVE_POM_DIGESTS'
const ONCE_ONLY_RETENTION_SECONDS = 180 * 24 * 3600

/** One digest per (prison, POM, SPO): the SPO by staff id, else by address. */
function inactivePomGroup(head: Pick<InactivePomDigestHead, 'prisonId' | 'pom' | 'spo'>): string {
  const spo = head.spo.staffId ? `staff:${head.spo.staffId}` : `mailbox:${head.spo.email.trim().toLowerCase()}`
  return `${head.prisonId}#${head.pom.staffId}#${spo}`
}
const inactivePomLineKey = (group: string, line: Pick<InactivePomDigestLine, 'nomsNumber' | 'removedAt'>) => ({
  pk: `${INACTIVE_POM_DIGESTS}#${group}`,
  sk: `${line.nomsNumber}#${line.removedAt}`,
})
const messageKey = (id: string) => ({ pk: `NOTIFICATION#${id}`, sk: 'NOTIFICATION' })
const parkedKey = (caseId: string, id: string) => ({ pk: `PARKED#${caseId}`, sk: id })
const deadLetterKey = (id: string) => ({ pk: 'NOTIFICATION', sk: id })
const prefsKey = (staffId: string) => ({ pk: `PREFERENCES#${staffId}`, sk: 'PREFERENCES' })

/** Index keys: history per case (gsi1) and per recipient address (gsi2), newest last. */
function indexKeys(m: MessageRecord): Record<string, string> {
  const keys: Record<string, string> = {}
  const sortKey = `${m.createdAt}#${m.id}`
  const caseId = m.nomsNumber ?? m.crn
  if (caseId) Object.assign(keys, { gsi1pk: `NOTIFICATIONS#${caseId}`, gsi1sk: sortKey })
  if (m.recipient.email) {
    Object.assign(keys, { gsi2pk: `RECIPIENT#${m.recipient.email.toLowerCase()}`, gsi2sk: sortKey })
  }
  return keys
}

function strip(item: Record<string, unknown>): MessageRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item
  return rest as unknown as MessageRecord
}

/** Messages, the outbox, the dead-letter store and staff preferences, in the service's own tables. */
export class NotificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly deadLetterTableName: string,
  ) {}

  /** The dedupe write: creates the message only if no message has this key. Returns the existing one otherwise. */
  async create(message: MessageRecord): Promise<{ created: true } | { created: false; existing: MessageRecord }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...messageKey(message.id), ...indexKeys(message), ...message },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      return { created: true }
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e
      const existing = await this.get(message.id)
      if (!existing) throw e
      return { created: false, existing }
    }
  }

  async get(id: string, consistent = false): Promise<MessageRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: messageKey(id),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    )
    return out.Item ? strip(out.Item) : undefined
  }

  /**
   * The dedupe write of a message that waits for facts: the message and, in the same transaction, one entry per
   * case it is parked under (`PARKED#<case>` / `<id>`, holding what re-planning needs). Returns the existing
   * message when one has this key.
   */
  async createParked(
    message: MessageRecord,
    replan: unknown,
  ): Promise<{ created: true } | { created: false; existing: MessageRecord }> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...messageKey(message.id), ...indexKeys(message), ...message },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(message.parkedUnder ?? []).map(caseId => ({
              Put: {
                TableName: this.tableName,
                Item: { ...parkedKey(caseId, message.id), messageId: message.id, replan },
              },
            })),
            ...(message.waitUntil && message.parkedUnder?.[0]
              ? [
                  {
                    Put: {
                      TableName: this.tableName,
                      Item: {
                        pk: PARKED_UNTIL,
                        sk: `${message.waitUntil}#${message.id}`,
                        messageId: message.id,
                        caseId: message.parkedUnder[0],
                        replan,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      )
      return { created: true }
    } catch (e) {
      const taken =
        e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      if (!taken) throw e
      const existing = await this.get(message.id, true)
      if (!existing) throw e
      return { created: false, existing }
    }
  }

  /** Parked messages whose wait for optional facts ended by `asOf`, oldest first (at most `limit`). */
  async waitsDue(asOf: string, limit: number): Promise<WaitEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk <= :k',
        ExpressionAttributeValues: { ':p': PARKED_UNTIL, ':k': `${asOf}#~` },
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(i => ({
      key: String(i.sk),
      messageId: String(i.messageId),
      caseId: String(i.caseId),
      replan: i.replan,
    }))
  }

  /** The end of a wait has been dealt with (the message re-planned, or settled meanwhile). */
  async dropWait(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: PARKED_UNTIL, sk: key } }))
  }

  /** The parked messages of a case (NOMS number or CRN), read consistently: a message parked just now is seen. */
  async parkedOfCase(caseId: string): Promise<ParkedEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `PARKED#${caseId}` },
      ConsistentRead: true,
    })
    return items.map(i => ({ messageId: String(i.messageId), replan: i.replan }))
  }

  /**
   * A parked message still waiting: records what it waits for now, and parks it under cases it was not found
   * under yet (the NOMS number of a case first known by its CRN). Only while it is parked.
   */
  async updateWaiting(
    message: MessageRecord,
    waiting: { waitingFor: string[]; violations: RuleViolation[]; reason: string },
    addUnder: readonly string[],
    replan: unknown,
    at: string,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(message.id),
                UpdateExpression:
                  'SET waitingFor = :w, violations = :v, reason = :r, parkedUnder = :u, updatedAt = :at',
                ConditionExpression: '#s = :parked',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: {
                  ':w': waiting.waitingFor,
                  ':v': waiting.violations,
                  ':r': waiting.reason,
                  ':u': [...new Set([...(message.parkedUnder ?? []), ...addUnder])],
                  ':parked': MESSAGE_STATUSES.parked,
                  ':at': at,
                },
              },
            },
            ...addUnder.map(caseId => ({
              Put: {
                TableName: this.tableName,
                Item: { ...parkedKey(caseId, message.id), messageId: message.id, replan },
              },
            })),
          ],
        }),
      )
      return true
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false
      throw e
    }
  }

  /**
   * Moves a parked message whose facts are now complete to pending (leased), with its personalisation, in one
   * transaction that checks the case still has the facts version the personalisation was built from. Exactly one
   * caller can win; `facts-changed` means build it again from the newer facts (or another writer raced us). Its
   * parked entries stay until it is settled (`dropParkedEntries`): a sender that dies before that leaves it
   * pending, and the next event about the case takes it over from there.
   */
  async claimParked(
    message: MessageRecord,
    completion: ParkedCompletion,
    guard: FactsGuard | null,
    nowMs: number,
    leaseMs: number,
    at: string,
  ): Promise<ClaimOutcome> {
    const caseId = completion.nomsNumber ?? completion.crn
    const names: Record<string, string> = { '#s': 'status' }
    const values: Record<string, unknown> = {
      ':pending': MESSAGE_STATUSES.pending,
      ':parked': MESSAGE_STATUSES.parked,
      ':p': completion.personalisation,
      ':n': completion.nomsNumber,
      ':c': completion.crn,
      ':pr': completion.prisonId,
      ':l': nowMs + leaseMs,
      ':at': at,
    }
    const sets = ['#s = :pending', 'personalisation = :p', 'nomsNumber = :n', 'crn = :c', 'prisonId = :pr']
    sets.push('recipient = :rc', 'leaseUntil = :l', 'updatedAt = :at')
    values[':rc'] = completion.recipient
    if (completion.recipient.email) {
      sets.push('gsi2pk = :r2', 'gsi2sk = :r2s')
      values[':r2'] = `RECIPIENT#${completion.recipient.email.toLowerCase()}`
      values[':r2s'] = `${message.createdAt}#${message.id}`
    }
    if (caseId) {
      sets.push('gsi1pk = :g')
      values[':g'] = `NOTIFICATIONS#${caseId}`
    }
    const guardCheck = guard
      ? [
          {
            ConditionCheck: {
              TableName: this.tableName,
              Key: caseKey(guard.nomsNumber),
              ConditionExpression:
                guard.version === undefined ? 'attribute_not_exists(factsVersion)' : 'factsVersion = :v',
              ...(guard.version === undefined ? {} : { ExpressionAttributeValues: { ':v': guard.version } }),
            },
          },
        ]
      : []
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(message.id),
                UpdateExpression: `SET ${sets.join(', ')} REMOVE violations, waitingFor, reason`,
                ConditionExpression: '#s = :parked',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            ...guardCheck,
          ],
        }),
      )
      return 'claimed'
    } catch (e) {
      if (!(e instanceof TransactionCanceledException)) throw e
      const reasons = e.CancellationReasons ?? []
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'not-parked'
      if (guard && reasons[1]?.Code === 'ConditionalCheckFailed') return 'facts-changed'
      if (reasons.some(r => r.Code === 'TransactionConflict')) return 'facts-changed'
      throw e
    }
  }

  /**
   * A parked message that can never be sent as planned after all (now invalid, skipped, or no longer planned):
   * its final status, and its parked entries go. `false` when it was not parked any more.
   */
  async settleParked(
    message: MessageRecord,
    status: typeof MESSAGE_STATUSES.invalid | typeof MESSAGE_STATUSES.skipped,
    reason: string,
    violations: RuleViolation[] | undefined,
    at: string,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(message.id),
                UpdateExpression: `SET #s = :s, reason = :r, updatedAt = :at${violations ? ', violations = :v' : ''} REMOVE waitingFor, parkedUnder`,
                ConditionExpression: '#s = :parked',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: {
                  ':s': status,
                  ':r': reason,
                  ':at': at,
                  ':parked': MESSAGE_STATUSES.parked,
                  ...(violations ? { ':v': violations } : {}),
                },
              },
            },
            ...(message.parkedUnder ?? []).map(c => ({
              Delete: { TableName: this.tableName, Key: parkedKey(c, message.id) },
            })),
          ],
        }),
      )
      return true
    } catch (e) {
      if (e instanceof TransactionCanceledException) return false
      throw e
    }
  }

  /** Removes the parked entries of a message that waited and is now settled (sent, failed, …). */
  async dropParkedEntries(message: Pick<MessageRecord, 'id' | 'parkedUnder'>, also: readonly string[] = []) {
    for (const caseId of new Set([...(message.parkedUnder ?? []), ...also])) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: parkedKey(caseId, message.id) }))
    }
  }

  /** Takes over a pending message whose previous sender's lease ran out (it crashed or timed out). */
  async takeOver(id: string, nowMs: number, leaseMs: number): Promise<boolean> {
    return this.conditional({
      Key: messageKey(id),
      UpdateExpression: 'SET leaseUntil = :l',
      ConditionExpression: '#s = :pending AND leaseUntil < :now',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':l': nowMs + leaseMs, ':pending': MESSAGE_STATUSES.pending, ':now': nowMs },
    })
  }

  /** Gives up a pending message's lease at once (its sender failed unexpectedly), so a retry may take it over. */
  async releaseLease(id: string): Promise<void> {
    await this.conditional({
      Key: messageKey(id),
      UpdateExpression: 'SET leaseUntil = :zero',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':zero': 0, ':pending': MESSAGE_STATUSES.pending },
    })
  }

  async recordAttempt(id: string, error: DeliveryError, nowMs: number, leaseMs: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: messageKey(id),
        UpdateExpression:
          'SET attempts = attempts + :one, errors = list_append(errors, :e), updatedAt = :at, leaseUntil = :l',
        ExpressionAttributeValues: { ':one': 1, ':e': [error], ':at': error.at, ':l': nowMs + leaseMs },
      }),
    )
  }

  /**
   * Accepted by the channel. A channel with delivery receipts (Notify) also gets a marker under `AWAITING_RECEIPT`,
   * which the status poll reads (oldest first) until Notify gives a final status.
   */
  async markSent(id: string, providerId: string, at: string, awaitReceipt: boolean): Promise<void> {
    const update = {
      TableName: this.tableName,
      Key: messageKey(id),
      UpdateExpression: 'SET #s = :s, providerId = :p, sentAt = :at, updatedAt = :at, attempts = attempts + :one',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': MESSAGE_STATUSES.sent, ':p': providerId, ':at': at, ':one': 1 },
    }
    if (!awaitReceipt) {
      await this.client.send(new UpdateCommand(update))
      return
    }
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: update },
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: RECEIPTS, sk: `${at}#${id}`, id, providerId, sentAt: at },
            },
          },
        ],
      }),
    )
  }

  /** Sent messages still waiting for a final delivery status, sent before `before`, oldest first. */
  async awaitingReceipt(before: string, limit: number): Promise<{ id: string; providerId: string; key: string }[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk < :before',
        ExpressionAttributeValues: { ':p': RECEIPTS, ':before': before },
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(i => ({ id: String(i.id), providerId: String(i.providerId), key: String(i.sk) }))
  }

  /** Stores a delivery status; a final one also ends the wait for a receipt. */
  async recordDeliveryStatus(id: string, status: string, at: string, receiptKey: string, final: boolean) {
    const update = {
      TableName: this.tableName,
      Key: messageKey(id),
      UpdateExpression: 'SET deliveryStatus = :d, deliveryStatusAt = :at',
      ExpressionAttributeValues: { ':d': status, ':at': at },
    }
    if (!final) {
      await this.client.send(new UpdateCommand(update))
      return
    }
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          { Update: update },
          { Delete: { TableName: this.tableName, Key: { pk: RECEIPTS, sk: receiptKey } } },
        ],
      }),
    )
  }

  async markFailed(id: string, reason: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: messageKey(id),
        UpdateExpression: 'SET #s = :s, reason = :r, updatedAt = :at',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': MESSAGE_STATUSES.failed, ':r': reason, ':at': at },
      }),
    )
  }

  /** After the retry budget: the message waits in the dead-letter store (its own table) until redriven. */
  async deadLetter(message: MessageRecord, lastError: DeliveryError | null, at: string): Promise<void> {
    const entry: DeadLetterEntry = {
      id: message.id,
      template: message.template,
      nomsNumber: message.nomsNumber,
      attempts: message.attempts,
      lastError,
      deadLetteredAt: at,
    }
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: messageKey(message.id),
              UpdateExpression: 'SET #s = :s, reason = :r, updatedAt = :at',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':s': MESSAGE_STATUSES.deadLetter,
                ':r': 'retry-budget-exhausted',
                ':at': at,
              },
            },
          },
          { Put: { TableName: this.deadLetterTableName, Item: { ...deadLetterKey(message.id), ...entry } } },
        ],
      }),
    )
  }

  async listDeadLetters(limit = 100): Promise<DeadLetterEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.deadLetterTableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'NOTIFICATION' },
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => rest as unknown as DeadLetterEntry)
  }

  /** Moves a dead-lettered message back to pending (once: a second redrive of the same message finds nothing). */
  async startRedrive(id: string, nowMs: number, leaseMs: number, at: string): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: messageKey(id),
                UpdateExpression:
                  'SET #s = :pending, leaseUntil = :l, redrives = redrives + :one, updatedAt = :at REMOVE outcomePublishedFor',
                ConditionExpression: '#s = :dead',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: {
                  ':pending': MESSAGE_STATUSES.pending,
                  ':dead': MESSAGE_STATUSES.deadLetter,
                  ':l': nowMs + leaseMs,
                  ':one': 1,
                  ':at': at,
                },
              },
            },
            { Delete: { TableName: this.deadLetterTableName, Key: deadLetterKey(id) } },
          ],
        }),
      )
      return true
    } catch (e) {
      if ((e as Error).name === 'TransactionCanceledException') return false
      throw e
    }
  }

  /**
   * Claims the publication of the outcome event for a status: exactly one caller wins, so two deliveries of the
   * same event racing past the dedupe write never publish the outcome twice.
   */
  async claimOutcome(id: string, status: MessageStatus): Promise<boolean> {
    return this.conditional({
      Key: messageKey(id),
      UpdateExpression: 'SET outcomePublishedFor = :s',
      ConditionExpression: 'attribute_not_exists(outcomePublishedFor) OR outcomePublishedFor <> :s',
      ExpressionAttributeValues: { ':s': status },
    })
  }

  /** Gives a claim back when publishing failed, so a retry publishes it. */
  async releaseOutcome(id: string, status: MessageStatus): Promise<void> {
    await this.conditional({
      Key: messageKey(id),
      UpdateExpression: 'REMOVE outcomePublishedFor',
      ConditionExpression: 'outcomePublishedFor = :s',
      ExpressionAttributeValues: { ':s': status },
    })
  }

  /** History of a case (NOMS number or CRN), newest first. */
  async listByCase(caseId: string, limit: number): Promise<MessageRecord[]> {
    return this.queryIndex('gsi1', `NOTIFICATIONS#${caseId}`, limit)
  }

  /** History of one address, newest first. */
  async listByRecipient(email: string, limit: number): Promise<MessageRecord[]> {
    return this.queryIndex('gsi2', `RECIPIENT#${email.toLowerCase()}`, limit)
  }

  private async queryIndex(index: 'gsi1' | 'gsi2', key: string, limit: number): Promise<MessageRecord[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}pk = :k`,
        ExpressionAttributeValues: { ':k': key },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(strip)
  }

  /** The local channel's "sent" email: written once per message (a retry finds it there). */
  async putOutbox(entry: OutboxEntry): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'OUTBOX', sk: `${entry.createdAt}#${entry.id}`, ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(e => {
        if (!(e instanceof ConditionalCheckFailedException)) throw e
      })
  }

  /** The outbox, newest first. */
  async listOutbox(limit: number): Promise<OutboxEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'OUTBOX' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => rest as unknown as OutboxEntry)
  }

  /**
   * Bulk reallocation digests (#6): the anchor sends one summary to each POM instead of per-case emails. Cases of a
   * reallocation from one POM to another at a prison gather under a head item until no case was added for a while.
   * The SPO's note (`message`) is kept on the head: the newest by event time of the group's notes (a case without
   * one leaves it as it is; an older event, e.g. a redelivery, never replaces a newer note).
   */
  /**
   * Gathers a case of a bulk reallocation (#6). The move itself (case, event time, source, target) is recorded once,
   * conditionally, in the same transaction as the line: a replayed event adds nothing, even after its summary went
   * out (`duplicate`).
   */
  async addToBulkDigest(
    digest: BulkDigestHead,
    line: BulkDigestLine & { addedAt: string },
    eventAt: string,
    message: BulkDigestMessage | null = null,
  ): Promise<'added' | 'duplicate'> {
    const group = `${digest.prisonId}#${digest.source.staffId}#${digest.target.staffId}`
    let outcome: 'added' | 'duplicate' = 'added'
    try {
      await this.addBulkLine(digest, line, eventAt, group)
    } catch (e) {
      const duplicate =
        e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      if (!duplicate) throw e
      outcome = 'duplicate'
    }
    // also on a duplicate: a retry after a crash between the two writes still brings the note (idempotent)
    if (message !== null) await this.setBulkMessage(group, message)
    return outcome
  }

  private async addBulkLine(digest: BulkDigestHead, line: BulkDigestLine, eventAt: string, group: string) {
    await this.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                pk: `BULK_CASE#${line.nomsNumber}`,
                sk: `${eventAt}#${group}`,
                expiresAt: Math.floor(Date.parse(eventAt) / 1000) + ONCE_ONLY_RETENTION_SECONDS,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: { pk: BULK_DIGESTS, sk: group },
              UpdateExpression:
                'SET prisonId = :p, #src = :s, target = :t, lastAddedAt = :at, firstAddedAt = if_not_exists(firstAddedAt, :at)',
              ExpressionAttributeNames: { '#src': 'source' },
              ExpressionAttributeValues: {
                ':p': digest.prisonId,
                ':s': digest.source,
                ':t': digest.target,
                ':at': digest.lastAddedAt,
              },
            },
          },
          {
            Put: { TableName: this.tableName, Item: { pk: `${BULK_DIGESTS}#${group}`, sk: line.nomsNumber, ...line } },
          },
        ],
      }),
    )
  }

  /** The newest note of the reallocation, only on a head that still exists (not one whose summary went out). */
  private async setBulkMessage(group: string, message: BulkDigestMessage): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: BULK_DIGESTS, sk: group },
          UpdateExpression: 'SET #m = :m, messageAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(messageAt) OR messageAt <= :at)',
          ExpressionAttributeNames: { '#m': 'message' },
          ExpressionAttributeValues: { ':m': message.text, ':at': message.at },
        }),
      )
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailedException)) throw e
    }
  }

  /** Digests to which nothing was added since `quietSince`, with their cases. */
  async quietBulkDigests(
    quietSince: string,
  ): Promise<{ head: BulkDigestHead & { firstAddedAt: string; message?: string }; lines: BulkDigestLine[] }[]> {
    const heads = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p',
        FilterExpression: 'lastAddedAt < :q',
        ExpressionAttributeValues: { ':p': BULK_DIGESTS, ':q': quietSince },
      }),
    )
    const out = []
    for (const item of heads.Items ?? []) {
      const head = item as unknown as BulkDigestHead & { firstAddedAt: string; message?: string; sk: string }
      const lines = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': `${BULK_DIGESTS}#${head.sk}` },
        }),
      )
      out.push({ head, lines: (lines.Items ?? []).map(({ pk: _pk, sk: _sk, ...l }) => l as unknown as BulkDigestLine) })
    }
    return out
  }

  /**
   * Removes the cases the summaries listed, the first gathered last (a run that stops half way lists the rest under
   * the same episode, which the dedupe key stops), then the head unless a case was added meanwhile: that case stays
   * and gets a summary of its own. `false` when the head stays.
   */
  async closeBulkDigest(head: BulkDigestHead, lines: readonly BulkDigestLine[]): Promise<boolean> {
    const group = `${head.prisonId}#${head.source.staffId}#${head.target.staffId}`
    const newestFirst = [...lines].sort((a, b) => (b.addedAt ?? '').localeCompare(a.addedAt ?? ''))
    for (const l of newestFirst) {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: `${BULK_DIGESTS}#${group}`, sk: l.nomsNumber } }),
      )
    }
    return this.conditionalDelete({ pk: BULK_DIGESTS, sk: group }, head.lastAddedAt)
  }

  private async conditionalDelete(key: { pk: string; sk: string }, lastAddedAt: string): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'lastAddedAt = :at',
          ExpressionAttributeValues: { ':at': lastAddedAt },
        }),
      )
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      throw e
    }
  }

  /**
   * Gathers a case an inactive POM handed back (#18). The hand-back itself is recorded once
   * (`INACTIVE_POM_CASE#<noms>` / `<removedAt>#<pom>`, conditional) in the same transaction as the line, so a
   * replayed event adds nothing, even after its summary went out: `duplicate`.
   */
  async addToInactivePomDigest(
    head: InactivePomDigestHead,
    line: InactivePomDigestLine,
  ): Promise<'added' | 'duplicate'> {
    const group = inactivePomGroup(head)
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: {
                  pk: `INACTIVE_POM_CASE#${line.nomsNumber}`,
                  sk: `${line.removedAt}#${head.pom.staffId}`,
                  group,
                  addedAt: line.addedAt,
                  // longer than the bus archive (90 days) can replay the event; then the table's TTL removes it
                  expiresAt: Math.floor(Date.parse(line.addedAt) / 1000) + ONCE_ONLY_RETENTION_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: { pk: INACTIVE_POM_DIGESTS, sk: group },
                UpdateExpression: 'SET prisonId = :p, pom = :pom, spo = :spo, lastAddedAt = :at',
                ExpressionAttributeValues: {
                  ':p': head.prisonId,
                  ':pom': head.pom,
                  ':spo': head.spo,
                  ':at': head.lastAddedAt,
                },
              },
            },
            { Put: { TableName: this.tableName, Item: { ...inactivePomLineKey(group, line), ...line } } },
          ],
        }),
      )
      return 'added'
    } catch (e) {
      if (e instanceof TransactionCanceledException && e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        return 'duplicate'
      }
      throw e
    }
  }

  /** Inactive-POM digests to which nothing was added since `quietSince`, with their cases (#18). */
  async quietInactivePomDigests(
    quietSince: string,
  ): Promise<{ head: InactivePomDigestHead; lines: InactivePomDigestLine[] }[]> {
    const heads = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      FilterExpression: 'lastAddedAt < :q',
      ExpressionAttributeValues: { ':p': INACTIVE_POM_DIGESTS, ':q': quietSince },
    })
    const out = []
    for (const item of heads) {
      const { pk: _pk, sk, ...head } = item as unknown as InactivePomDigestHead & { pk: string; sk: string }
      const lines = await this.queryAll({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `${INACTIVE_POM_DIGESTS}#${sk}` },
      })
      out.push({
        head,
        lines: lines.map(({ pk: _p, sk: _s, ...l }) => l as unknown as InactivePomDigestLine),
      })
    }
    return out
  }

  /**
   * Removes the cases a summary listed, the first gathered last (so a run that stops half way lists the rest
   * under the same episode and the dedupe key stops it), then the head unless a case was added meanwhile (that
   * case stays for the next run). `false` when the head stays.
   */
  async closeInactivePomDigest(head: InactivePomDigestHead, lines: readonly InactivePomDigestLine[]): Promise<boolean> {
    const group = inactivePomGroup(head)
    const newestFirst = [...lines].sort((a, b) => b.addedAt.localeCompare(a.addedAt))
    for (const l of newestFirst) {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: inactivePomLineKey(group, l) }))
    }
    return this.conditionalDelete({ pk: INACTIVE_POM_DIGESTS, sk: group }, head.lastAddedAt)
  }

  /** Every page of a query on the state table. */
  private async queryAll(
    input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    let start: Record<string, unknown> | undefined
    do {
      const page = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
      )
      items.push(...(page.Items ?? []))
      start = page.LastEvaluatedKey
    } while (start)
    return items
  }

  async getPreferences(staffId: string): Promise<Preferences> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: prefsKey(staffId) }))
    return {
      staffId,
      optOut: (out.Item?.optOut as TemplateName[] | undefined) ?? [],
      updatedAt: (out.Item?.updatedAt as string | undefined) ?? null,
    }
  }

  async putPreferences(prefs: Preferences): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...prefsKey(prefs.staffId), ...prefs } }),
    )
  }

  private async conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      await this.client.send(new UpdateCommand({ ...input, TableName: this.tableName }))
      return true
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return false
      throw e
    }
  }
}
