/**
 * `npm run bench:tiering`: (1) tier calculations per second in-process for 100,000 cases (both models with their
 * traces; target: all under 1 s on one core), and (2) a full recalculation of 100,000 stored cases through the local
 * runtime on DynamoDB Local (`POST /tiers/recalculations`, segments run by the worker function, each a Query of its
 * buckets of the case listing), with its time and the
 * capacity units DynamoDB reports consumed (ReturnConsumedCapacity, summed in the job).
 *
 * The cases are the demo estate's probation cases (realistic registrations, assessments and convictions), parsed by
 * the contracts' schemas as the handler does. Setup writes the case items straight into the tiering table; a share
 * of them (`--stale=0.05`) carry a result digest from "older rules", so the recalculation has something to write.
 * A benchmark prints numbers; it does not fail on a timing. Options: `--cases=100000 --segments=8 --stale=0.05`.
 */
import { availableParallelism, loadavg } from 'node:os'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { UPSTREAM_EVENTS } from '@omic/contracts'
import { calculateTiers, type TierCalculationInput } from '@omic/domain'
import { generatePrisoners } from '../../local/src/demo/estate'
import { startLocalCloud } from '../../local/src/runtime/local-cloud'
import { encodePart } from '../../services/tiering/src/adapters/dynamo-case-store'
import { caseKey, caseListingKeys } from '../../services/tiering/src/adapters/keys'
import { planCalculation } from '../../services/tiering/src/model/plan-calculation'
import {
  PART_OF_EVENT,
  type StoredPart,
  type TierInputParts,
  toTierInput,
} from '../../services/tiering/src/model/tier-inputs'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN'
process.env.OMIC_DDB_HEAP ??= '4g'

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const CASES = arg('cases', 100_000)
const SEGMENTS = arg('segments', 8)
const STALE = arg('stale', 0.05)
const TODAY = '2026-11-23'

const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits })

// ---------------------------------------------------------------------------------------------------------------
// The cases: the demo estate's probation events, parsed as the handler parses them

interface BenchCase {
  crn: string
  parts: TierInputParts
  input: TierCalculationInput
}

function buildCases(count: number): BenchCase[] {
  const cases: BenchCase[] = []
  const prisoners = generatePrisoners({ prisoners: Math.ceil(count * 1.2), seed: 11, today: TODAY })
  for (const { prisoner, events } of prisoners) {
    if (cases.length >= count) break
    if (!prisoner.crn) continue
    const parts: Record<string, StoredPart<unknown>> = {}
    for (const event of events) {
      if (!(event.detailType in PART_OF_EVENT)) continue
      const type = event.detailType as keyof typeof PART_OF_EVENT
      const detail = UPSTREAM_EVENTS[type].schema.parse(event.detail) as {
        occurredAt: string
        additionalInformation: { snapshot?: unknown }
      }
      const snapshot = detail.additionalInformation.snapshot
      if (snapshot === undefined) continue
      parts[PART_OF_EVENT[type]] = {
        value: snapshot,
        occurredAt: detail.occurredAt,
        eventId: `bench-${prisoner.crn}-${type}`,
        eventType: type,
      }
    }
    if (parts.convictions === undefined) continue
    const typed = parts as TierInputParts
    cases.push({ crn: prisoner.crn, parts: typed, input: toTierInput(typed).input })
  }
  if (cases.length < count) throw new Error(`The demo estate gave only ${cases.length} probation cases`)
  return cases
}

const buildStart = performance.now()
const cases = buildCases(CASES)
const buildMs = performance.now() - buildStart

// ---------------------------------------------------------------------------------------------------------------
// 1. In-process: both models with traces, one core

function timeAll(work: (c: BenchCase) => unknown): number {
  const start = performance.now()
  for (const c of cases) work(c)
  return performance.now() - start
}
const rules = (c: BenchCase) => {
  const r = calculateTiers(c.input, TODAY)
  if (!r.ok) throw new Error(`${c.crn}: ${r.error.field} ${r.error.reason}`)
  return r
}
let n = 0
const plan = (c: BenchCase) =>
  planCalculation({
    crn: c.crn,
    parts: c.parts,
    previous: null,
    today: TODAY,
    now: '2026-11-23T02:00:00.000Z',
    calculationId: `00000000-0000-7000-8000-${(n++).toString(16).padStart(12, '0')}`,
    trigger: { kind: 'recalculation', jobId: 'bench' },
    version: 'v2',
  })
timeAll(rules) // warm-up: JIT and the shared trace steps
const rulesMs = Math.min(timeAll(rules), timeAll(rules), timeAll(rules))
timeAll(plan)
const planMs = Math.min(timeAll(plan), timeAll(plan))
const loadDuringRules = loadavg()[0] ?? 0
const tiers = new Map<string, number>()
for (const c of cases) {
  const r = rules(c)
  tiers.set(r.value.v2.tier, (tiers.get(r.value.v2.tier) ?? 0) + 1)
}

console.log(`
tiering benchmark (${fmt(cases.length)} probation cases from the demo estate, built in ${fmt(buildMs / 1000, 1)} s)

1. in-process, one core (best of runs after a warm-up)
  calculateTiers (v2 + v3 with traces)                  ${fmt(rulesMs)} ms → ${fmt(cases.length / (rulesMs / 1000))} calculations/s (target: all under 1,000 ms)
  + digests, summary, record (planCalculation)          ${fmt(planMs)} ms → ${fmt(cases.length / (planMs / 1000))} calculations/s
  load average (1 min) during the runs                  ${loadDuringRules.toFixed(1)} on ${availableParallelism()} cores
  most common v2 tiers                                  ${[...tiers.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([t, k]) => `${t} ${fmt((100 * k) / cases.length, 1)}%`)
    .join(', ')}`)

// ---------------------------------------------------------------------------------------------------------------
// 2. Full recalculation of the stored cases through the local runtime on DynamoDB Local

const startupStart = performance.now()
const cloud = await startLocalCloud({ schedules: false, stateDir: '.local/bench-tiering' })
const startupMs = performance.now() - startupStart
const table = cloud.model.tables.find(t => t.logicalId.startsWith('TieringStateTable'))?.tableName ?? ''
const raw = new DynamoDBClient({
  endpoint: cloud.dynamoEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
})
const ddb = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } })

function caseItem(c: BenchCase, i: number): Record<string, unknown> {
  const p = plan(c)
  if (!p.ok || p.current === null) throw new Error(`${c.crn} cannot be tiered`)
  const stale = i < Math.round(STALE * cases.length)
  return {
    ...caseKey(c.crn),
    ...caseListingKeys(c.crn),
    crn: c.crn,
    inputsVersion: Object.keys(c.parts).length,
    ...Object.fromEntries(Object.entries(c.parts).map(([part, stored]) => [part, encodePart(stored)])),
    current: stale ? { ...p.current, resultDigest: 'sha256:older-rules' } : p.current,
    outbox: {},
    updatedAt: '2026-11-20T10:00:00.000Z',
  }
}

const setupStart = performance.now()
let next = 0
await Promise.all(
  Array.from({ length: 8 }, async () => {
    while (next < cases.length) {
      const from = next
      next += 25
      let pending: Record<string, unknown>[] = cases
        .slice(from, from + 25)
        .map((c, k) => ({ PutRequest: { Item: caseItem(c, from + k) } }))
      while (pending.length > 0) {
        const out = await ddb.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }))
        pending = (out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined) ?? []
      }
    }
  }),
)
const setupMs = performance.now() - setupStart

const admin = await cloud.issuer.issue({ sub: 'bench-admin', roles: ['ADMIN'], prisons: ['*'], staffId: '1' })

interface JobView {
  status: string
  totals: Record<string, number>
  segments: { pages: number; leg: number }[]
}

/** Starts a full recalculation through the API and follows its job until it completes. */
async function recalculateAll(): Promise<{ view: JobView; ms: number }> {
  const start = performance.now()
  const started = await fetch(`${cloud.apiUrl}/tiers/recalculations?segments=${SEGMENTS}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}` },
  })
  const { job } = (await started.json()) as { job: { jobId: string } }
  for (;;) {
    const res = await fetch(`${cloud.apiUrl}/tiers/recalculations/${job.jobId}`, {
      headers: { authorization: `Bearer ${admin}` },
    })
    const view = (await res.json()) as JobView
    if (view.status === 'COMPLETED') return { view, ms: performance.now() - start }
    if (performance.now() - start > 30 * 60_000) throw new Error('The recalculation took more than 30 minutes')
    await new Promise(r => setTimeout(r, 250))
  }
}

function report(title: string, { view, ms }: { view: JobView; ms: number }): string {
  const t = view.totals
  const seconds = ms / 1000
  return `  ${title}
    job started → COMPLETED                             ${fmt(seconds, 1)} s → ${fmt((t.scanned ?? 0) / seconds)} cases/s
    cases scanned / unchanged / changed (written)       ${fmt(t.scanned ?? 0)} / ${fmt(t.unchanged ?? 0)} / ${fmt(t.changed ?? 0)} (tier changed: ${fmt(t.tierChanged ?? 0)}; skipped ${fmt(t.skipped ?? 0)}, failed ${fmt(t.failed ?? 0)})
    consumed read capacity units (case listing)         ${fmt(t.consumedReadUnits ?? 0, 1)} RCU (${fmt((t.consumedReadUnits ?? 0) / Math.max(1, t.scanned ?? 0), 3)} per case)
    consumed write capacity units                       ${fmt(t.consumedWriteUnits ?? 0, 1)} WCU (${fmt((t.consumedWriteUnits ?? 0) / Math.max(1, t.changed ?? 0), 1)} per changed case)
    pages read, legs per segment                        ${fmt(view.segments.reduce((a, s) => a + s.pages, 0))}, ${view.segments.map(s => s.leg + 1).join('/')}`
}

const first = await recalculateAll()
await cloud.bus.idle()
const deliveredMs = performance.now() - setupStart - setupMs
const second = await recalculateAll()

console.log(`
2. full recalculation through the local runtime (POST /tiers/recalculations, ${SEGMENTS} segments, DynamoDB Local)
  local cloud startup                                   ${fmt(startupMs / 1000, 1)} s
  setup: ${fmt(cases.length)} case items written directly           ${fmt(setupMs / 1000, 1)} s
${report(`first run (${fmt(STALE * 100)}% of the results changed)`, first)}
    every tier.calculation.complete delivered           ${fmt(deliveredMs / 1000, 1)} s after the start
${report('second run (nothing changed: reads only)', second)}
  load average while running (cores: ${availableParallelism()})                ${loadavg()
    .map(l => l.toFixed(1))
    .join(' / ')}`)

raw.destroy()
await cloud.stop()
process.exit(0)
