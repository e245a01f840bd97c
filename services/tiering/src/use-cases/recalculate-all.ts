import { londonDateOf } from '@omic/domain'
import { type OutboxEntry, publishCommittedAll } from '@omic/lambda-kit'
import { outboxEntriesOf } from '../events/published'
import { evaluateCase, planCalculation } from '../model/plan-calculation'
import {
  isStalled,
  type JobCounts,
  type JobTrigger,
  MAX_JOB_CRNS,
  MAX_SEGMENTS,
  newJob,
  type RecalculationJob,
  SEGMENT_LEASE_MS,
  type SegmentCursor,
  ZERO_COUNTS,
} from '../model/recalculation-job'
import type { CaseRecord } from '../model/records'
import { isTierable } from '../model/tier-inputs'
import type { CapacityMeter, SegmentRequest } from '../ports'
import { expectationOf, type OutboxDepsOf, publishOutbox } from './case-access'
import { outboxDeps, type RecalculationDeps } from './deps'

export const START_OUTCOMES = {
  started: 'started',
  /** A stalled job's unfinished segments were handed to new invocations. */
  resumed: 'resumed',
  /** A job is running and making progress: no second one. */
  alreadyRunning: 'already-running',
} as const
export type StartOutcome = (typeof START_OUTCOMES)[keyof typeof START_OUTCOMES]

export interface StartRequest {
  readonly trigger: JobTrigger
  readonly requestedBy: string | null
  readonly segments: number
  /** Only these CRNs (1–1000, distinct); absent = every stored case. At most one segment per CRN is used. */
  readonly crns?: readonly string[]
}

/**
 * Starts a recalculation of every case, or of the given CRNs (or resumes a stalled job): a job record with one state
 * per segment, then one work request per segment. Every case is calculated as of the job's start date
 * (Europe/London). One job runs at a time, whatever its scope.
 */
export async function startRecalculation(
  deps: RecalculationDeps,
  request: StartRequest,
): Promise<{ job: RecalculationJob; outcome: StartOutcome }> {
  if (!Number.isInteger(request.segments) || request.segments < 1 || request.segments > MAX_SEGMENTS) {
    throw new RangeError(`segments must be 1–${MAX_SEGMENTS}, got ${request.segments}`)
  }
  const crns = request.crns ?? null
  if (crns !== null && (crns.length < 1 || crns.length > MAX_JOB_CRNS || new Set(crns).size !== crns.length)) {
    throw new RangeError(`crns must be 1–${MAX_JOB_CRNS} distinct CRNs, got ${crns.length}`)
  }
  const now = deps.clock.now()
  const nowIso = now.toISOString()
  const running = (await deps.jobs.latest(5)).find(job => job.status === 'RUNNING')
  if (running && !isStalled(running, now)) return { job: running, outcome: START_OUTCOMES.alreadyRunning }
  if (running) {
    const requests: SegmentRequest[] = []
    for (const [key, state] of Object.entries(running.segments)) {
      if (state.status === 'DONE') continue
      const segment = Number(key)
      if (await deps.jobs.handOver(running.jobId, segment, state.leg, nowIso)) {
        requests.push({ jobId: running.jobId, segment, totalSegments: running.totalSegments, leg: state.leg + 1 })
      }
    }
    await deps.jobs.markResumed(running.jobId, nowIso)
    await deps.dispatcher.dispatch(requests)
    return { job: (await deps.jobs.get(running.jobId)) ?? running, outcome: START_OUTCOMES.resumed }
  }
  const job = newJob({
    jobId: deps.ids.next(),
    trigger: request.trigger,
    requestedBy: request.requestedBy,
    now: nowIso,
    today: londonDateOf(now),
    version: deps.version,
    totalSegments: crns === null ? request.segments : Math.min(request.segments, crns.length),
    estimatedCases: crns === null ? await deps.cases.estimateCaseCount() : crns.length,
    crns,
  })
  await deps.jobs.create(job)
  await deps.dispatcher.dispatch(
    Array.from({ length: job.totalSegments }, (_, segment) => ({
      jobId: job.jobId,
      segment,
      totalSegments: job.totalSegments,
      leg: 0,
    })),
  )
  return { job, outcome: START_OUTCOMES.started }
}

type MutableCounts = { -readonly [K in keyof JobCounts]: number }

/** Calculations written in parallel per page. */
const WRITE_CONCURRENCY = 8

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const item = items[next++] as T
        await work(item)
      }
    }),
  )
}

/** Publishes a page's committed events in one call, then clears each case's outbox (lambda-kit's outbox). */
function publishPage(
  deps: OutboxDepsOf,
  committed: readonly { crn: string; entries: readonly OutboxEntry[] }[],
  meter: CapacityMeter,
): Promise<boolean> {
  const outbox = outboxDeps(deps)
  // the page's clears count towards the job's write units
  const store = {
    ...outbox.store,
    clear: (crn: string, ids: readonly string[]) => deps.cases.clearOutbox(crn, ids, meter),
  }
  return publishCommittedAll(
    { ...outbox, store },
    committed.map(c => ({ ref: c.crn, entries: c.entries })),
    { clearConcurrency: WRITE_CONCURRENCY },
  )
}

/**
 * Recalculates one page of cases as of the job's date. A case whose result is unchanged is not written; a changed
 * one is stored like any calculation (trigger `recalculation`) and its event published. A case an event changed
 * since the scan read it is skipped: that event's own calculation is newer.
 */
export async function recalculatePage(
  deps: RecalculationDeps,
  job: Pick<RecalculationJob, 'jobId' | 'today' | 'version'>,
  cases: readonly CaseRecord[],
  meter: CapacityMeter,
): Promise<JobCounts> {
  const counts: MutableCounts = { ...ZERO_COUNTS, scanned: cases.length }
  const toPublish: { crn: string; entries: OutboxEntry[] }[] = []
  await inParallel(cases, WRITE_CONCURRENCY, async record => {
    if (record.outbox && Object.keys(record.outbox).length > 0) {
      await publishOutbox(deps, record.crn, record.outbox)
      // published (or left for the drain): the write below still expects the outbox attribute, as it was read
      record = { ...record, outbox: {} }
    }
    if (!isTierable(record.parts)) {
      counts.awaitingConvictions++
      return
    }
    const nowIso = deps.clock.now().toISOString()
    const evaluation = evaluateCase({ parts: record.parts, previous: record.current, today: job.today })
    if (evaluation.ok && !evaluation.resultChanged) {
      counts.unchanged++
      return
    }
    const plan = planCalculation(
      {
        crn: record.crn,
        parts: record.parts,
        previous: record.current,
        today: job.today,
        now: nowIso,
        calculationId: deps.ids.next(),
        trigger: { kind: 'recalculation', jobId: job.jobId },
        version: job.version,
      },
      evaluation,
    )
    if (!plan.ok) {
      counts.failed++
      const known = record.calculationError
      if (known?.field === plan.error.field && known.reason === plan.error.reason) return
      await deps.cases.commit(
        {
          crn: record.crn,
          expected: expectationOf(record),
          now: nowIso,
          inputsVersion: record.inputsVersion,
          calculationError: { ...plan.error, at: nowIso },
        },
        meter,
      )
      return
    }
    const id = plan.calculation.calculationId
    const outcome = await deps.cases.commit(
      {
        crn: record.crn,
        expected: expectationOf(record),
        now: nowIso,
        inputsVersion: record.inputsVersion,
        calculation: plan.calculation,
        ...(plan.current ? { current: plan.current } : {}),
        outbox: { id, entry: plan.event },
        ...(record.calculationError ? { calculationError: null } : {}),
      },
      meter,
    )
    if (outcome === 'conflict') {
      counts.skipped++
      return
    }
    counts.changed++
    if (plan.changed) counts.tierChanged++
    toPublish.push({ crn: record.crn, entries: outboxEntriesOf({ [id]: plan.event }) })
  })
  await publishPage(deps, toPublish, meter)
  return counts
}

/** Cases read per page of a job over a list of CRNs (one BatchGetItem). */
const REQUESTED_PAGE_SIZE = 100

/**
 * A page of a job over a list of CRNs: segment s of n takes the CRNs at positions s, s + n, s + 2n… of the list; the
 * cursor's `bucket` is how far into that share the segment got. A CRN with no case, merged into another or erased is
 * counted as not found (recalculate the CRN it was merged into instead).
 */
export async function requestedCases(
  deps: Pick<RecalculationDeps, 'cases'>,
  scan: { crns: readonly string[]; segment: number; totalSegments: number; cursor: SegmentCursor | null },
  meter?: CapacityMeter,
): Promise<{ cases: CaseRecord[]; cursor: SegmentCursor | null; notFound: number }> {
  const share = scan.crns.filter((_, i) => i % scan.totalSegments === scan.segment)
  const from = scan.cursor?.bucket ?? 0
  const wanted = share.slice(from, from + REQUESTED_PAGE_SIZE)
  const found = wanted.length === 0 ? [] : await deps.cases.getMany(wanted, meter)
  const cases = found.filter(c => c.deleted === null && c.mergedInto === null)
  const next = from + wanted.length
  return {
    cases,
    cursor: next < share.length ? { bucket: next, after: null } : null,
    notFound: wanted.length - cases.length,
  }
}

export const SEGMENT_OUTCOMES = {
  done: 'done',
  handedOver: 'handed-over',
  /** Not this leg's turn (a duplicate, a handed-over or resumed segment, a finished job). */
  notMine: 'not-mine',
  missing: 'missing',
} as const
export type SegmentOutcome = (typeof SEGMENT_OUTCOMES)[keyof typeof SEGMENT_OUTCOMES]

export interface SegmentRun {
  readonly request: SegmentRequest
  /** Identifies this invocation (unique per attempt): only the lease holder moves the segment on. */
  readonly claimant: string
  /** True when the invocation should stop and hand over (e.g. near the Lambda deadline). */
  readonly shouldStop: () => boolean
  readonly pageSize: number
}

/** A segment hands over to a continuation when less than this is left of the invocation's time. */
export const HAND_OVER_WITH_MS_LEFT = 90_000
/** Cases per page of the recalculation scan (progress is recorded after each page). */
export const RECALCULATION_PAGE_SIZE = 250

/** What a segment worker knows of its invocation (the Lambda context). */
export interface Invocation {
  readonly awsRequestId: string
  getRemainingTimeInMillis(): number
}

/**
 * The run of a segment request in one invocation: claimed by the invocation's request id, stopping once less than
 * {@link HAND_OVER_WITH_MS_LEFT} is left before its deadline, so the hand-over is recorded before Lambda stops it.
 */
export function segmentRunFor(
  request: SegmentRequest,
  invocation: Invocation,
  ids: Pick<RecalculationDeps, 'ids'>['ids'],
): SegmentRun {
  return {
    request,
    claimant: invocation.awsRequestId || ids.next(),
    shouldStop: () => invocation.getRemainingTimeInMillis() < HAND_OVER_WITH_MS_LEFT,
    pageSize: RECALCULATION_PAGE_SIZE,
  }
}

/**
 * Works on one segment of a job: page after page from the segment's cursor, recording progress after each; when the
 * segment is exhausted it is marked done (the last one completes the job); when `shouldStop` says so, the segment
 * is handed to a continuation (leg + 1) that starts from the recorded cursor.
 */
export async function runSegment(deps: RecalculationDeps, run: SegmentRun): Promise<SegmentOutcome> {
  const { jobId, segment, leg } = run.request
  const job = await deps.jobs.get(jobId)
  if (job === null) return SEGMENT_OUTCOMES.missing
  const state = job.segments[String(segment)]
  if (state === undefined || state.status === 'DONE' || job.status !== 'RUNNING') return SEGMENT_OUTCOMES.notMine
  if (state.leg === leg + 1 && state.claimedLeg < state.leg) {
    // This leg handed over, but the continuation never claimed the segment (its request may have been lost when this
    // invocation failed after the hand-over): ask again. A duplicate continuation finds the segment claimed.
    await deps.dispatcher.dispatch([{ ...run.request, leg: leg + 1 }])
    return SEGMENT_OUTCOMES.notMine
  }
  const leaseFrom = (now: Date) => new Date(now.getTime() + SEGMENT_LEASE_MS).toISOString()
  const claimedAt = deps.clock.now()
  const claimed = await deps.jobs.claimLeg(
    jobId,
    segment,
    leg,
    run.claimant,
    claimedAt.toISOString(),
    leaseFrom(claimedAt),
  )
  if (!claimed) return SEGMENT_OUTCOMES.notMine
  try {
    // read the cursor again now that the segment is ours: a previous holder may have moved it since the first read
    let cursor = (await deps.jobs.get(jobId))?.segments[String(segment)]?.cursor ?? state.cursor
    for (;;) {
      const meter: CapacityMeter = { read: 0, write: 0 }
      const page: { cases: CaseRecord[]; cursor: SegmentCursor | null; notFound?: number } =
        job.crns === null
          ? await deps.cases.listCases(
              { segment, totalSegments: job.totalSegments, cursor, limit: run.pageSize },
              meter,
            )
          : await requestedCases(deps, { crns: job.crns, segment, totalSegments: job.totalSegments, cursor }, meter)
      const counts = await recalculatePage(deps, job, page.cases, meter)
      const progress = {
        ...counts,
        notFound: counts.notFound + (page.notFound ?? 0),
        consumedReadUnits: meter.read,
        consumedWriteUnits: meter.write,
        cursor: page.cursor,
      }
      const now = deps.clock.now()
      const lease = { leg, claimant: run.claimant, until: leaseFrom(now) }
      if (!(await deps.jobs.recordProgress(jobId, segment, lease, progress, now.toISOString()))) {
        return SEGMENT_OUTCOMES.notMine
      }
      cursor = page.cursor
      if (cursor === null) {
        await deps.jobs.completeSegment(jobId, segment, leg, run.claimant, now.toISOString())
        return SEGMENT_OUTCOMES.done
      }
      if (run.shouldStop()) {
        if (await deps.jobs.handOver(jobId, segment, leg, now.toISOString())) {
          await deps.dispatcher.dispatch([{ ...run.request, leg: leg + 1 }])
        }
        return SEGMENT_OUTCOMES.handedOver
      }
    }
  } catch (e) {
    // let the retry of this request take the segment over at once, from the last recorded page
    await deps.jobs.releaseLeg(jobId, segment, leg, run.claimant).catch(() => undefined)
    throw e
  }
}
