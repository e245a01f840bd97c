import type { QueryCommandInput, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb'
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import type { RuleViolation } from '@omic/domain'
import { cancellationReasons, isConditionalFailure, queryAll } from '@omic/lambda-kit'
import {
  type ClaimOutcome,
  type CreateOutcome,
  type DeadLetterEntry,
  type DeliveryError,
  deadLetterItemSchema,
  type FactsGuard,
  MESSAGE_STATUSES,
  type MessageRecord,
  type MessageStatus,
  messageItemSchema,
  type ParkedCompletion,
  type ParkedEntry,
  parkedItemSchema,
  type ReceiptEntry,
  receiptItemSchema,
  type WaitEntry,
  waitItemSchema,
} from '../model/messages'
import type { MessageStore } from '../ports'
import { caseKey } from './dynamo-directory'

/**
 * Messages in the state table (`NOTIFICATION#<id>`, history per case on gsi1 and per address on gsi2), the entries
 * of parked messages (`PARKED#<case>` / `<id>`), their waits (`PARKED_UNTIL`), delivery receipts still awaited
 * (`AWAITING_RECEIPT`), and the dead-letter store (its own table). Items are read with the model's schemas.
 */

const RECEIPTS = 'AWAITING_RECEIPT'
const PARKED_UNTIL = 'PARKED_UNTIL'

const messageKey = (id: string) => ({ pk: `NOTIFICATION#${id}`, sk: 'NOTIFICATION' })
const parkedKey = (caseId: string, id: string) => ({ pk: `PARKED#${caseId}`, sk: id })
const deadLetterKey = (id: string) => ({ pk: 'NOTIFICATION', sk: id })

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

/** A message item without its keys, read with the model's schema. */
function messageOf(item: Record<string, unknown>): MessageRecord {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item
  return messageItemSchema.parse(rest)
}

export class DynamoMessageStore implements MessageStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly deadLetterTableName: string,
  ) {}

  /** The dedupe write: creates the message only if no message has this key. Returns the existing one otherwise. */
  async create(message: MessageRecord): Promise<CreateOutcome> {
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
      if (!isConditionalFailure(e)) throw e
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
    return out.Item ? messageOf(out.Item) : undefined
  }

  /**
   * The dedupe write of a message that waits for facts: the message and, in the same transaction, one entry per
   * case it is parked under (`PARKED#<case>` / `<id>`, holding what re-planning needs). Returns the existing
   * message when one has this key.
   */
  async createParked(message: MessageRecord, replan: unknown): Promise<CreateOutcome> {
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
      if (!isConditionalFailure(e, 0)) throw e
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
    return (out.Items ?? []).map(i => waitItemSchema.parse({ ...i, key: i.sk }))
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
    return items.map(i => parkedItemSchema.parse(i))
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
        this.whileParked(
          message.id,
          {
            update: 'SET waitingFor = :w, violations = :v, reason = :r, parkedUnder = :u, updatedAt = :at',
            values: {
              ':w': waiting.waitingFor,
              ':v': waiting.violations,
              ':r': waiting.reason,
              ':u': [...new Set([...(message.parkedUnder ?? []), ...addUnder])],
              ':at': at,
            },
          },
          addUnder.map(caseId => ({
            Put: {
              TableName: this.tableName,
              Item: { ...parkedKey(caseId, message.id), messageId: message.id, replan },
            },
          })),
        ),
      )
      return true
    } catch (e) {
      if (isConditionalFailure(e)) return false
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
    const values: Record<string, unknown> = {
      ':pending': MESSAGE_STATUSES.pending,
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
        this.whileParked(
          message.id,
          { update: `SET ${sets.join(', ')} REMOVE violations, waitingFor, reason`, values },
          guardCheck,
        ),
      )
      return 'claimed'
    } catch (e) {
      if (isConditionalFailure(e, 0)) return 'not-parked'
      if (guard && isConditionalFailure(e, 1)) return 'facts-changed'
      if (cancellationReasons(e).includes('TransactionConflict')) return 'facts-changed'
      throw e
    }
  }

  /**
   * A parked message that can never be sent as planned after all (now invalid, skipped, or no longer planned):
   * its final status, and its parked entries go. `false` when it was not parked any more.
   */
  async settleParked(
    message: MessageRecord,
    status: Extract<MessageStatus, 'invalid' | 'skipped'>,
    reason: string,
    violations: RuleViolation[] | undefined,
    at: string,
  ): Promise<boolean> {
    try {
      await this.client.send(
        this.whileParked(
          message.id,
          {
            update: `SET #s = :s, reason = :r, updatedAt = :at${violations ? ', violations = :v' : ''} REMOVE waitingFor, parkedUnder`,
            values: { ':s': status, ':r': reason, ':at': at, ...(violations ? { ':v': violations } : {}) },
          },
          (message.parkedUnder ?? []).map(c => ({
            Delete: { TableName: this.tableName, Key: parkedKey(c, message.id) },
          })),
        ),
      )
      return true
    } catch (e) {
      if (isConditionalFailure(e)) return false
      throw e
    }
  }

  /**
   * One transaction that updates a message only while it is parked (item 0, `#s = :parked`), with `more` items after
   * it; a conditional failure of item 0 means it is not parked any more.
   */
  private whileParked(
    id: string,
    change: { update: string; names?: Record<string, string>; values: Record<string, unknown> },
    more: NonNullable<TransactWriteCommandInput['TransactItems']>,
  ): TransactWriteCommand {
    return new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: this.tableName,
            Key: messageKey(id),
            UpdateExpression: change.update,
            ConditionExpression: '#s = :parked',
            ExpressionAttributeNames: { ...change.names, '#s': 'status' },
            ExpressionAttributeValues: { ...change.values, ':parked': MESSAGE_STATUSES.parked },
          },
        },
        ...more,
      ],
    })
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
  async awaitingReceipt(before: string, limit: number): Promise<ReceiptEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :p AND sk < :before',
        ExpressionAttributeValues: { ':p': RECEIPTS, ':before': before },
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(i => receiptItemSchema.parse({ ...i, key: i.sk }))
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
    return (out.Items ?? []).map(({ pk: _pk, sk: _sk, ...rest }) => deadLetterItemSchema.parse(rest))
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
      if (isConditionalFailure(e)) return false
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
    return (out.Items ?? []).map(messageOf)
  }
  /** Every page of a query on the state table. */
  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName })
  }

  private async conditional(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      await this.client.send(new UpdateCommand({ ...input, TableName: this.tableName }))
      return true
    } catch (e) {
      if (isConditionalFailure(e)) return false
      throw e
    }
  }
}
