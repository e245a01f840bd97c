import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb'
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { isConditionalFailure, queryAll } from '@omic/lambda-kit'
import {
  type AddOutcome,
  type BulkDigestHead,
  type BulkDigestLine,
  type BulkDigestMessage,
  bulkDigestHeadItemSchema,
  bulkDigestLineSchema,
  type InactivePomDigestHead,
  type InactivePomDigestLine,
  inactivePomDigestHeadSchema,
  inactivePomDigestLineSchema,
  type StoredBulkDigestHead,
} from '../model/digests'
import type { DigestStore } from '../ports'

/**
 * Digests in the state table: a head per group (`BULK_DIGESTS` / `INACTIVE_POM_DIGESTS`, sk = the group), its
 * cases under `<kind>#<group>`, and a once-only record per move (`BULK_CASE#…`, `INACTIVE_POM_CASE#…`, expiring
 * by TTL) so a replayed event adds nothing. Items are read with the model's schemas.
 */

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

export class DynamoDigestStore implements DigestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

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
  ): Promise<AddOutcome> {
    const group = `${digest.prisonId}#${digest.source.staffId}#${digest.target.staffId}`
    let outcome: AddOutcome = 'added'
    try {
      await this.addBulkLine(digest, line, eventAt, group)
    } catch (e) {
      if (!isConditionalFailure(e, 0)) throw e
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
      if (!isConditionalFailure(e)) throw e
    }
  }

  /** Digests to which nothing was added since `quietSince`, with their cases. */
  async quietBulkDigests(quietSince: string): Promise<{ head: StoredBulkDigestHead; lines: BulkDigestLine[] }[]> {
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
      const head = bulkDigestHeadItemSchema.parse(item)
      const lines = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': `${BULK_DIGESTS}#${String(item.sk)}` },
        }),
      )
      out.push({ head, lines: (lines.Items ?? []).map(l => bulkDigestLineSchema.parse(l)) })
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
      if (isConditionalFailure(e)) return false
      throw e
    }
  }

  /**
   * Gathers a case an inactive POM handed back (#18). The hand-back itself is recorded once
   * (`INACTIVE_POM_CASE#<noms>` / `<removedAt>#<pom>`, conditional) in the same transaction as the line, so a
   * replayed event adds nothing, even after its summary went out: `duplicate`.
   */
  async addToInactivePomDigest(head: InactivePomDigestHead, line: InactivePomDigestLine): Promise<AddOutcome> {
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
      if (isConditionalFailure(e, 0)) return 'duplicate'
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
      const head = inactivePomDigestHeadSchema.parse(item)
      const lines = await this.queryAll({
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `${INACTIVE_POM_DIGESTS}#${String(item.sk)}` },
      })
      out.push({ head, lines: lines.map(l => inactivePomDigestLineSchema.parse(l)) })
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
  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, { ...input, TableName: this.tableName })
  }
}
