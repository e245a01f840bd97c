import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalFailure } from '@omic/lambda-kit'
import {
  COUNT_NAMES,
  type RecalculationJob,
  recalculationJobSchema,
  type SegmentProgress,
} from '../model/recalculation-job'
import type { JobStore } from '../ports'
import { JOB_LISTING_INDEX, JOB_LISTING_PK, jobKey } from './keys'

/** Placeholders for the job item's attribute names (`cursor`, `pages`, `status`… are DynamoDB reserved words). */
const SEGMENT_NAMES: Readonly<Record<string, string>> = {
  '#seg': 'segments',
  '#tot': 'totals',
  '#cur': 'cursor',
  '#pg': 'pages',
  '#leg': 'leg',
  '#cl': 'claimedLeg',
  '#cb': 'claimedBy',
  '#st': 'status',
  '#sd': 'segmentsDone',
  '#lu': 'leaseUntil',
  '#ua': 'updatedAt',
}

function jobFromItem(item: Record<string, unknown>): RecalculationJob {
  return recalculationJobSchema.parse(item) as RecalculationJob
}

/** Conditional updates that lose the race return false instead of throwing. */
async function conditional(send: () => Promise<unknown>): Promise<boolean> {
  try {
    await send()
    return true
  } catch (e) {
    if (isConditionalFailure(e)) return false
    throw e
  }
}

/**
 * Recalculation jobs in the state table (`JOB#<id>`), listed newest first through gsi2. Segment state lives inside
 * the job item and every change to it is a conditional update on the segment's leg, so an invocation that lost its
 * turn (a handed-over or resumed segment) cannot move the cursor or the counters.
 */
export class DynamoJobStore implements JobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: RecalculationJob): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...jobKey(job.jobId),
          kind: 'job',
          gsi2pk: JOB_LISTING_PK,
          gsi2sk: `${job.createdAt}#${job.jobId}`,
          ...job,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    )
  }

  async get(jobId: string): Promise<RecalculationJob | null> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: jobKey(jobId), ConsistentRead: true }),
    )
    return out.Item ? jobFromItem(out.Item) : null
  }

  async latest(limit: number): Promise<RecalculationJob[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: JOB_LISTING_INDEX,
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': JOB_LISTING_PK },
        ScanIndexForward: false,
        Limit: limit,
      }),
    )
    return (out.Items ?? []).map(jobFromItem)
  }

  /** A conditional update of one segment's state; attribute names are placeholders (several are reserved words). */
  private segmentUpdate(
    jobId: string,
    segment: number,
    expression: { set: string; condition: string; values: Record<string, unknown>; names?: Record<string, string> },
    returnAll = false,
  ) {
    const text = `${expression.set} ${expression.condition}`
    const names = Object.fromEntries(
      Object.entries({ ...SEGMENT_NAMES, '#s': String(segment), ...expression.names }).filter(([placeholder]) =>
        new RegExp(`${placeholder}(?![A-Za-z0-9_])`).test(text),
      ),
    )
    return this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(jobId),
        UpdateExpression: expression.set,
        ConditionExpression: expression.condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: expression.values,
        ...(returnAll ? { ReturnValues: 'ALL_NEW' as const } : {}),
      }),
    )
  }

  claimLeg(
    jobId: string,
    segment: number,
    leg: number,
    claimant: string,
    now: string,
    leaseUntil: string,
  ): Promise<boolean> {
    return conditional(() =>
      this.segmentUpdate(jobId, segment, {
        set: 'SET #seg.#s.#cl = :leg, #seg.#s.#cb = :claimant, #seg.#s.#lu = :lease, #seg.#s.#st = :running, #ua = :now',
        condition:
          '#st = :running AND #seg.#s.#leg = :leg AND #seg.#s.#st <> :done AND (#seg.#s.#cl < :leg OR #seg.#s.#lu < :now OR #seg.#s.#cb = :claimant)',
        values: {
          ':leg': leg,
          ':claimant': claimant,
          ':lease': leaseUntil,
          ':running': 'RUNNING',
          ':done': 'DONE',
          ':now': now,
        },
      }),
    )
  }

  recordProgress(
    jobId: string,
    segment: number,
    lease: { leg: number; claimant: string; until: string },
    progress: SegmentProgress,
    now: string,
  ): Promise<boolean> {
    const names: Record<string, string> = {}
    const values: Record<string, unknown> = {
      ':leg': lease.leg,
      ':claimant': lease.claimant,
      ':lease': lease.until,
      ':cursor': progress.cursor,
      ':now': now,
      ':one': 1,
      ':zero': 0,
    }
    const sets = ['#seg.#s.#cur = :cursor', '#seg.#s.#pg = #seg.#s.#pg + :one', '#seg.#s.#lu = :lease', '#ua = :now']
    for (const [i, count] of COUNT_NAMES.entries()) {
      names[`#c${i}`] = count
      values[`:c${i}`] = progress[count]
      // if_not_exists: a job stored before a count existed has no attribute for it
      sets.push(
        `#seg.#s.#c${i} = if_not_exists(#seg.#s.#c${i}, :zero) + :c${i}`,
        `#tot.#c${i} = if_not_exists(#tot.#c${i}, :zero) + :c${i}`,
      )
    }
    return conditional(() =>
      this.segmentUpdate(jobId, segment, {
        set: `SET ${sets.join(', ')}`,
        condition: '#seg.#s.#leg = :leg AND #seg.#s.#cb = :claimant',
        values,
        names,
      }),
    )
  }

  async releaseLeg(jobId: string, segment: number, leg: number, claimant: string): Promise<void> {
    await conditional(() =>
      this.segmentUpdate(jobId, segment, {
        set: 'SET #seg.#s.#lu = :expired',
        condition: '#seg.#s.#leg = :leg AND #seg.#s.#cb = :claimant',
        values: { ':leg': leg, ':claimant': claimant, ':expired': new Date(0).toISOString() },
      }),
    )
  }

  handOver(jobId: string, segment: number, leg: number, now: string): Promise<boolean> {
    return conditional(() =>
      this.segmentUpdate(jobId, segment, {
        set: 'SET #seg.#s.#leg = :next, #ua = :now',
        condition: '#seg.#s.#leg = :leg AND #seg.#s.#st <> :done',
        values: { ':leg': leg, ':next': leg + 1, ':done': 'DONE', ':now': now },
      }),
    )
  }

  async completeSegment(
    jobId: string,
    segment: number,
    leg: number,
    claimant: string,
    now: string,
  ): Promise<RecalculationJob | null> {
    let after: Record<string, unknown> | undefined
    const done = await conditional(async () => {
      const out = await this.segmentUpdate(
        jobId,
        segment,
        {
          set: 'SET #seg.#s.#st = :done, #sd = #sd + :one, #ua = :now',
          condition: '#seg.#s.#leg = :leg AND #seg.#s.#st <> :done AND #seg.#s.#cb = :claimant',
          values: { ':leg': leg, ':claimant': claimant, ':done': 'DONE', ':one': 1, ':now': now },
        },
        true,
      )
      after = out.Attributes
    })
    if (!done || after === undefined) return this.get(jobId)
    const job = jobFromItem(after)
    if (job.segmentsDone < job.totalSegments) return job
    await conditional(() =>
      this.segmentUpdate(jobId, segment, {
        set: 'SET #st = :completed, completedAt = :now, #ua = :now',
        condition: '#st = :running',
        values: { ':completed': 'COMPLETED', ':running': 'RUNNING', ':now': now },
      }),
    )
    return this.get(jobId)
  }

  async markResumed(jobId: string, now: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: jobKey(jobId),
        UpdateExpression: 'SET resumed = if_not_exists(resumed, :zero) + :one, updatedAt = :now',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':now': now },
      }),
    )
  }
}
