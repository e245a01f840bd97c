/**
 * A recalculation job: every stored case (a full recalculation) or a given list of CRNs, in parallel segments of the case listing index (each segment reads its
 * share of the index's partitions). Each segment remembers where it got to (the partition and the index's
 * LastEvaluatedKey in it) and which "leg" (invocation) may work on it, so a run that reaches its time limit hands
 * over to a continuation that starts from there, and a stalled job can be resumed.
 */
import { crnSchema } from '@omic/contracts'
import { z } from 'zod'
import { TIER_VERSIONS, type TierVersion } from './tier-summary'

export const JOB_STATUSES = ['RUNNING', 'COMPLETED'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]
export const SEGMENT_STATUSES = ['PENDING', 'RUNNING', 'DONE'] as const
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number]
export const JOB_TRIGGERS = ['schedule', 'api'] as const
export type JobTrigger = (typeof JOB_TRIGGERS)[number]

/** At most this many segments (parallel workers) per job: one per partition of the case listing. */
export const MAX_SEGMENTS = 64
/** A running job with no progress for this long is stalled: starting a recalculation resumes it instead. */
export const STALLED_AFTER_MS = 20 * 60 * 1000
/**
 * An invocation holds its segment for this long after its last progress; a duplicate delivery of its request meanwhile
 * finds the segment taken, a retry after a crash can take it over once the lease has run out.
 */
export const SEGMENT_LEASE_MS = 2 * 60 * 1000

/**
 * Where a segment continues: a partition of the case listing and the last key read in it (null = its start). In a
 * job over a list of CRNs, `bucket` is the position in the segment's share of the list (`after` stays null).
 */
export interface SegmentCursor {
  readonly bucket: number
  readonly after: Readonly<Record<string, string>> | null
}

export interface JobCounts {
  /** Cases read. */
  readonly scanned: number
  /** Same result as their current calculation: nothing written. */
  readonly unchanged: number
  /** A different result: calculation stored, current replaced, event published. */
  readonly changed: number
  /** Of `changed`, those whose selected tier changed (event `changed: true`). */
  readonly tierChanged: number
  /** Changed by an event while the job ran (that event's calculation stands). */
  readonly skipped: number
  /** Inputs the rules reject (kept on the case as its calculation error). */
  readonly failed: number
  /** Cases not tiered yet: their convictions have not arrived. */
  readonly awaitingConvictions: number
  /** A job over a list of CRNs: CRNs with no case here (never seen, merged into another, or erased). */
  readonly notFound: number
  readonly consumedReadUnits: number
  readonly consumedWriteUnits: number
}

export const ZERO_COUNTS: JobCounts = Object.freeze({
  scanned: 0,
  unchanged: 0,
  changed: 0,
  tierChanged: 0,
  skipped: 0,
  failed: 0,
  awaitingConvictions: 0,
  notFound: 0,
  consumedReadUnits: 0,
  consumedWriteUnits: 0,
})

export const COUNT_NAMES = Object.keys(ZERO_COUNTS) as (keyof JobCounts)[]

export function addCounts(a: JobCounts, b: Partial<JobCounts>): JobCounts {
  const out: Record<string, number> = {}
  for (const name of COUNT_NAMES) out[name] = a[name] + (b[name] ?? 0)
  return out as unknown as JobCounts
}

export interface SegmentState extends JobCounts {
  readonly status: SegmentStatus
  /** The leg allowed to work on this segment; a continuation is leg + 1. */
  readonly leg: number
  /** The leg that claimed it (-1 = none yet), the invocation that holds it, and until when. */
  readonly claimedLeg: number
  readonly claimedBy: string | null
  readonly leaseUntil: string | null
  readonly cursor: SegmentCursor | null
  readonly pages: number
}

/** One page's worth of a segment: counts to add and where the scan continues (null = the segment is finished). */
export interface SegmentProgress extends JobCounts {
  readonly cursor: SegmentCursor | null
}

export interface RecalculationJob {
  readonly jobId: string
  readonly status: JobStatus
  readonly trigger: JobTrigger
  readonly requestedBy: string | null
  readonly createdAt: string
  readonly updatedAt: string
  readonly completedAt: string | null
  /** Every case is calculated as of this Europe/London date. */
  readonly today: string
  readonly version: TierVersion
  readonly totalSegments: number
  /** The CRNs to recalculate (segment s takes those at positions s, s + n, s + 2n…); null = every stored case. */
  readonly crns: readonly string[] | null
  readonly segmentsDone: number
  /** From the table's item count when the job started (approximate on AWS: refreshed about every six hours). */
  readonly estimatedCases: number | null
  readonly totals: JobCounts
  readonly segments: Readonly<Record<string, SegmentState>>
  /** How many times a stalled job was resumed. */
  readonly resumed: number
}

/** A count absent from an item (a job stored before the count existed) reads as 0. */
const count = z.number().min(0).default(0)
const countsShape = Object.fromEntries(COUNT_NAMES.map(name => [name, count])) as Record<keyof JobCounts, typeof count>

/** At most this many CRNs in one job over a list. */
export const MAX_JOB_CRNS = 1000

const segmentStateSchema = z.object({
  ...countsShape,
  status: z.enum(SEGMENT_STATUSES),
  leg: z.number().int().min(0),
  claimedLeg: z.number().int().min(-1),
  claimedBy: z.string().nullable().default(null),
  leaseUntil: z.string().nullable().default(null),
  cursor: z.object({ bucket: z.number().int().min(0), after: z.record(z.string(), z.string()).nullable() }).nullable(),
  pages: z.number().int().min(0),
})

export const recalculationJobSchema = z.object({
  jobId: z.string().min(1),
  status: z.enum(JOB_STATUSES),
  trigger: z.enum(JOB_TRIGGERS),
  requestedBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  today: z.string(),
  version: z.enum(TIER_VERSIONS),
  totalSegments: z.number().int().min(1).max(MAX_SEGMENTS),
  crns: z.array(crnSchema).min(1).max(MAX_JOB_CRNS).nullable().default(null),
  segmentsDone: z.number().int().min(0),
  estimatedCases: z.number().int().min(0).nullable(),
  totals: z.object(countsShape),
  segments: z.record(z.string(), segmentStateSchema),
  resumed: z.number().int().min(0).default(0),
})

export function newJob(args: {
  jobId: string
  trigger: JobTrigger
  requestedBy: string | null
  now: string
  today: string
  version: TierVersion
  totalSegments: number
  estimatedCases: number | null
  crns?: readonly string[] | null
}): RecalculationJob {
  const segments: Record<string, SegmentState> = {}
  for (let s = 0; s < args.totalSegments; s++) {
    segments[String(s)] = {
      ...ZERO_COUNTS,
      status: 'PENDING',
      leg: 0,
      claimedLeg: -1,
      claimedBy: null,
      leaseUntil: null,
      cursor: null,
      pages: 0,
    }
  }
  return {
    jobId: args.jobId,
    status: 'RUNNING',
    trigger: args.trigger,
    requestedBy: args.requestedBy,
    createdAt: args.now,
    updatedAt: args.now,
    completedAt: null,
    today: args.today,
    version: args.version,
    totalSegments: args.totalSegments,
    crns: args.crns ?? null,
    segmentsDone: 0,
    estimatedCases: args.estimatedCases,
    totals: ZERO_COUNTS,
    segments,
    resumed: 0,
  }
}

export function isStalled(job: RecalculationJob, now: Date): boolean {
  return job.status === 'RUNNING' && now.getTime() - Date.parse(job.updatedAt) > STALLED_AFTER_MS
}

/** The job as the API shows it: status, progress, totals and each segment (cursors stay internal). */
export function jobView(job: RecalculationJob) {
  const scanned = job.totals.scanned
  return {
    jobId: job.jobId,
    status: job.status,
    trigger: job.trigger,
    requestedBy: job.requestedBy,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    completedAt: job.completedAt,
    today: job.today,
    version: job.version,
    scope: job.crns === null ? ('all' as const) : ('crns' as const),
    ...(job.crns === null ? {} : { crns: job.crns }),
    progress: {
      segments: job.totalSegments,
      segmentsDone: job.segmentsDone,
      casesScanned: scanned,
      estimatedCases: job.estimatedCases,
      percent:
        job.status === 'COMPLETED'
          ? 100
          : job.estimatedCases
            ? Math.min(99, Math.floor((100 * scanned) / job.estimatedCases))
            : Math.floor((100 * job.segmentsDone) / job.totalSegments),
    },
    totals: job.totals,
    resumed: job.resumed,
    segments: Object.entries(job.segments)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([segment, s]) => ({
        segment: Number(segment),
        status: s.status,
        leg: s.leg,
        pages: s.pages,
        resumeFrom: s.cursor === null ? null : 'recorded',
        scanned: s.scanned,
        changed: s.changed,
        unchanged: s.unchanged,
        skipped: s.skipped,
        failed: s.failed,
        notFound: s.notFound,
      })),
  }
}
