/**
 * `npm run bench:handover` (a benchmark, not a test). Prints:
 * 1. in-process handover calculations for 100,000 synthetic cases (policy gate + whole-case rules; target < 1 s on
 *    one core), and the full service recalculation (lists, reminders, next due day) for the same cases;
 * 2. with 100,000 stored cases of which ~1 % are due today, the daily sweep's time and consumed read capacity
 *    units beside a full recompute of all 100,000 (a Scan) in the same run (target ratio ≤ 0.05).
 * Setup writes the stored cases straight into a DynamoDB Local of its own (BatchWrite).
 * Size with HANDOVER_BENCH_CASES (default 100000).
 */
import { mkdtempSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { type PrisonerSnapshot, prisonerSnapshotSchema, probationCaseSnapshotSchema } from '@omic/contracts'
import { addDays, addMonths } from '@omic/domain'
import { DynamoCrnLinks, fixedClock } from '@omic/lambda-kit'
import { Rng } from '../../local/src/demo/prng'
import { startDynamoDbLocal } from '../../local/src/runtime/dynamodb-local'
import { synthesizeTemplate } from '../../local/src/runtime/synth'
import { createTables } from '../../local/src/runtime/tables'
import { readTemplate } from '../../local/src/runtime/template'
import { DynamoCaseStore } from '../../services/handover/src/adapters/dynamo-case-store'
import { handoverCaseInput, paroleFacts, policyInput } from '../../services/handover/src/model/case-input'
import { caseKey, indexAttributes } from '../../services/handover/src/model/keys'
import { PARKED_PART_SCHEMAS } from '../../services/handover/src/model/parked'
import { DEFAULT_SERVICE_OPTIONS, reconcile } from '../../services/handover/src/model/reconcile'
import { type CaseRecord, caseRecordSchema, emptyCase } from '../../services/handover/src/model/records'
import { DEFAULT_SWEEP_OPTIONS, runDailySweep } from '../../services/handover/src/use-cases/run-daily-sweep'
import type { HandoverDeps } from '../../services/handover/src/use-cases/update-case'
import { calculateAll, type PreparedCase } from './handover-calculations'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const N = Number(process.env.HANDOVER_BENCH_CASES ?? 100_000)
/** The sweep runs for TODAY; everything was last calculated (and the sweep last ran) the day before. */
const TODAY = '2026-11-24'
const SETUP_DAY = addDays(TODAY, -1)
const DUE_SHARE = 0.01

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { maximumFractionDigits: digits })

function noms(i: number): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
  const l = (k: number) => letters[k % letters.length]
  return `${l(i)}${String(i % 10000).padStart(4, '0')}${l(Math.floor(i / 10000))}${l(Math.floor(i / 240000) + 3)}`
}

/** A determinate CRD whose handover date (CRD − 8 months − 14 days) is `handover`. */
function crdForHandover(handover: string): string {
  let crd = addMonths(addDays(handover, 14), 8)
  for (let i = 0; i < 5 && addDays(addMonths(crd, -8), -14) !== handover; i++) crd = addDays(crd, 1)
  return crd
}

/** A realistic mix: determinate, parole, ISPs (some open), recalls, immigration, short, out of policy; 1 % due today. */
function synthPrisoner(i: number, rng: Rng): PrisonerSnapshot {
  const ssd = addDays(SETUP_DAY, -rng.int(30, 5 * 365))
  const base = {
    nomsNumber: noms(i),
    firstName: 'Bench',
    lastName: `Case${i}`,
    dateOfBirth: addDays('1990-01-01', rng.int(-9000, 6000)),
    prisonId: rng.pick(['LEI', 'MDI', 'WWI', 'BMI', 'HDI', 'NHI']),
    status: 'ACTIVE IN',
    legalStatus: 'SENTENCED',
    imprisonmentStatus: 'SENT03',
    sentenceStartDate: ssd,
    prisonArrivalDate: addDays(ssd, rng.int(0, 200)),
    category: rng.pick(['B', 'C', 'D', 'T']),
  }
  const roll = rng.next()
  const crd = addDays(SETUP_DAY, rng.int(60, 6 * 365))
  let snapshot: Record<string, unknown>
  if (i % Math.round(1 / DUE_SHARE) === 0) {
    const c = crdForHandover(TODAY)
    snapshot = { ...base, conditionalReleaseDate: c, releaseDate: c }
  } else if (roll < 0.55) snapshot = { ...base, conditionalReleaseDate: crd, releaseDate: crd }
  else if (roll < 0.65) snapshot = { ...base, paroleEligibilityDate: crd, conditionalReleaseDate: addMonths(crd, 12) }
  else if (roll < 0.77) {
    snapshot = {
      ...base,
      legalStatus: 'INDETERMINATE_SENTENCE',
      imprisonmentStatus: 'LIFE',
      indeterminateSentence: true,
      tariffDate: addDays(SETUP_DAY, rng.int(-400, 8 * 365)),
    }
  } else if (roll < 0.82)
    snapshot = { ...base, recall: true, legalStatus: 'RECALL', conditionalReleaseDate: crd, releaseDate: crd }
  else if (roll < 0.85) snapshot = { ...base, imprisonmentStatus: 'DET', legalStatus: 'IMMIGRATION_DETAINEE' }
  else if (roll < 0.9) {
    const short = addMonths(ssd, rng.int(3, 9))
    snapshot = {
      ...base,
      sentenceStartDate: addMonths(SETUP_DAY, -2),
      conditionalReleaseDate: short,
      releaseDate: short,
    }
  } else if (roll < 0.95) snapshot = { ...base, legalStatus: 'REMAND', sentenceStartDate: null }
  else snapshot = { ...base, conditionalReleaseDate: crd, releaseDate: crd, automaticReleaseDate: addDays(crd, -30) }
  return prisonerSnapshotSchema.parse(snapshot)
}

function synthCases(): CaseRecord[] {
  const rng = new Rng(20261124)
  const at = `${SETUP_DAY}T01:00:00Z`
  const out: CaseRecord[] = []
  for (let i = 0; i < N; i++) {
    const p = synthPrisoner(i, rng)
    const crn = `X${String(i).padStart(6, '0')}`
    const record: CaseRecord = {
      ...emptyCase(p.nomsNumber, at),
      crn,
      prisoner: { snapshot: p, at },
      custody: { status: 'in_custody', at, prisonId: p.prisonId, releaseReason: null },
      probation: {
        snapshot: probationCaseSnapshotSchema.parse({
          crn,
          nomsNumber: p.nomsNumber,
          probationService: rng.chance(0.1) ? 'Wales' : 'England',
          pduCode: `PDU${rng.int(1, 40)}`,
          lduCode: `LDU${rng.int(1, 200)}`,
          lduEmail: 'ldu@probation.example.gov.uk',
          mappaLevel: rng.pick([null, 0, 1, 2, 3]),
          enhancedResourcing: rng.chance(0.7),
        }),
        at,
      },
      com: rng.chance(0.5) ? { staffCode: `N54A${rng.int(100, 999)}`, name: null, email: null, at } : null,
    }
    out.push(record)
  }
  return out
}

/** Runs the calculation 5 times after a warm-up; CPU time (what "one core" spends) and wall clock. */
function timeRuns(run: () => number): { cpu: number[]; wall: number[]; community: number } {
  run() // warm-up (JIT)
  const wall: number[] = []
  const cpu: number[] = []
  let community = 0
  for (let r = 0; r < 5; r++) {
    const t = process.hrtime.bigint()
    const c = process.cpuUsage()
    community = run()
    wall.push(ms(t))
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
  return { cpu: sorted(cpu), wall: sorted(wall), community }
}

/** The calculation module bundled by esbuild as the Lambda functions are (infra: esbuild, minified, ESM). */
async function bundledCalculation(): Promise<typeof calculateAll> {
  const { build } = await import('esbuild')
  const outfile = join(mkdtempSync(join(tmpdir(), 'handover-bench-')), 'calculations.mjs')
  await build({
    entryPoints: [join(import.meta.dirname, 'handover-calculations.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    outfile,
    logLevel: 'silent',
  })
  const module = (await import(pathToFileURL(outfile).href)) as { calculateAll: typeof calculateAll }
  return module.calculateAll
}

async function partA(cases: readonly CaseRecord[]): Promise<void> {
  const prepared: PreparedCase[] = cases.map(c => {
    const p = c.prisoner?.snapshot
    if (!p) throw new Error('no prisoner')
    const parole = paroleFacts([], p.sentenceStartDate)
    return { policy: policyInput(p), input: handoverCaseInput(c, parole, false) }
  })
  console.log(
    `\n1. In-process calculations, ${fmt(N)} synthetic cases, one thread (load average ${loadavg()[0]?.toFixed(1)})`,
  )
  const bundled = await bundledCalculation()
  for (const [label, fn] of [
    ['bundled as for Lambda (esbuild)', bundled],
    ['run from source (tsx, keepNames helpers)', calculateAll],
  ] as const) {
    const r = timeRuns(() => fn(prepared, TODAY))
    console.log(
      `   policy gate + whole-case rules with traces, ${label}: CPU best ${fmt(r.cpu[0] ?? 0)} ms, median ${fmt(r.cpu[2] ?? 0)} ms; wall best ${fmt(r.wall[0] ?? 0)} ms (${fmt(((r.cpu[0] ?? 0) * 1000) / N, 2)} µs per case; ${fmt(r.community)} COM-responsible)`,
    )
    if (label.startsWith('bundled')) {
      console.log(
        `   target < 1,000 ms on one core: ${(r.cpu[0] ?? Number.POSITIVE_INFINITY) < 1000 ? 'MET' : 'NOT MET'}`,
      )
    }
  }
  const t = process.hrtime.bigint()
  for (const c of cases) reconcile(c, { today: TODAY, now: `${TODAY}T03:00:00Z`, source: 'sweep', trigger: 'bench' })
  const full = ms(t)
  console.log(
    `   full service recalculation (also lists, reminders, dated transitions, next due day): ${fmt(full)} ms (${fmt((full * 1000) / N, 1)} µs per case)`,
  )
}

async function writeAll(client: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]) {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const start = next
      next += 25
      let pending: Record<string, unknown>[] | undefined = items
        .slice(start, start + 25)
        .map(Item => ({ PutRequest: { Item } }))
      while (pending && pending.length > 0) {
        const out = await client.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }))
        pending = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined
      }
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
}

async function partB(cases: readonly CaseRecord[]): Promise<void> {
  console.log(`\n2. The daily sweep vs a full recompute, ${fmt(N)} stored cases (DynamoDB Local)`)
  const ddb = await startDynamoDbLocal({ port: 0, heap: process.env.OMIC_DDB_HEAP ?? '4g' })
  const raw = new DynamoDBClient({
    endpoint: ddb.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  try {
    const tables = readTemplate(synthesizeTemplate()).tables.filter(t => t.logicalId.startsWith('Handover'))
    await createTables(raw, tables)
    const tableName = tables.find(t => t.logicalId.startsWith('HandoverStateTable'))?.tableName ?? ''
    const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } })
    const store = new DynamoCaseStore(client, tableName)

    let t = process.hrtime.bigint()
    const stored = cases.map(c => {
      const o = reconcile(c, {
        today: SETUP_DAY,
        now: `${SETUP_DAY}T03:00:00Z`,
        source: 'calculation',
        trigger: 'bench',
      })
      const record = { ...o.record, version: 1, pendingEvents: [] }
      return {
        ...record,
        calculation: record.calculation && { ...record.calculation, trace: [] },
        ...caseKey(record.nomsNumber),
        ...indexAttributes(record),
      }
    })
    const due = stored.filter(r => r.nextDueDate === TODAY).length
    await writeAll(client, tableName, stored)
    await store.saveSweepState({ lastRunDate: SETUP_DAY, lastRunAt: `${SETUP_DAY}T03:00:00Z`, lastRunStats: {} })
    const avgSize = stored.reduce((n, r) => n + JSON.stringify(r).length, 0) / stored.length
    console.log(
      `   setup: ${fmt(N)} cases written in ${fmt(ms(t) / 1000, 1)} s (≈${fmt(avgSize)} bytes each); ${fmt(due)} due on ${TODAY} (${fmt((100 * due) / N, 2)} %)`,
    )

    // a full recompute: read every case (a parallel Scan, as one would in AWS) and recalculate it
    t = process.hrtime.bigint()
    let fullRcu = 0
    let scanned = 0
    let changed = 0
    let computeMs = 0
    const SEGMENTS = 8
    await Promise.all(
      Array.from({ length: SEGMENTS }, async (_, segment) => {
        let start: Record<string, unknown> | undefined
        do {
          const page = await client.send(
            new ScanCommand({
              TableName: tableName,
              Segment: segment,
              TotalSegments: SEGMENTS,
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          )
          fullRcu += page.ConsumedCapacity?.CapacityUnits ?? 0
          const computeStart = process.hrtime.bigint()
          for (const item of page.Items ?? []) {
            if (item.sk !== 'CASE') continue
            const o = reconcile(caseRecordSchema.parse(item), {
              today: TODAY,
              now: `${TODAY}T03:00:00Z`,
              source: 'sweep',
              trigger: 'bench-full',
            })
            scanned++
            if (o.events.length > 0 || o.changes.length > 0) changed++
          }
          computeMs += ms(computeStart)
          start = page.LastEvaluatedKey as Record<string, unknown> | undefined
        } while (start)
      }),
    )
    const fullMs = ms(t)
    console.log(
      `   full recompute: ${fmt(scanned)} cases read and recalculated in ${fmt(fullMs)} ms, ${fmt(fullRcu, 1)} RCU (${fmt(changed)} would change; writes not counted; of the time, ${fmt(computeMs)} ms parsing and recalculating in-process, the rest DynamoDB Local's Scan)`,
    )

    // the daily sweep: only the due index partition(s) since the last run, then recalculate, save and publish
    let published = 0
    const spent = { query: 0, save: 0, clear: 0 }
    const timed =
      <A extends unknown[], R>(key: keyof typeof spent, fn: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        const started = process.hrtime.bigint()
        try {
          return await fn(...args)
        } finally {
          spent[key] += ms(started)
        }
      }
    const instrumented = Object.assign(Object.create(store) as DynamoCaseStore, {
      dueCases: timed('query', store.dueCases.bind(store)),
      save: timed('save', store.save.bind(store)),
      clearPending: timed('clear', store.clearPending.bind(store)),
    })
    const deps: HandoverDeps = {
      store: instrumented,
      events: {
        publish: async events => {
          published += events.length
        },
      },
      clock: fixedClock(`${TODAY}T03:00:00Z`),
      crnLinks: new DynamoCrnLinks(client, tableName, PARKED_PART_SCHEMAS),
      options: DEFAULT_SERVICE_OPTIONS,
    }
    t = process.hrtime.bigint()
    const concurrency = Number(process.env.HANDOVER_BENCH_SWEEP_CONCURRENCY ?? DEFAULT_SWEEP_OPTIONS.concurrency)
    const report = await runDailySweep(deps, { today: TODAY }, { ...DEFAULT_SWEEP_OPTIONS, concurrency })
    const sweepMs = ms(t)
    console.log(
      `   daily sweep: ${fmt(report.dueCases)} due cases from ${report.days} due day(s) read, recalculated, saved (transactions) and published in ${fmt(sweepMs)} ms, ${fmt(report.consumedReadUnits, 1)} RCU`,
    )
    console.log(
      `     (${fmt(report.handoverChanged)} responsibility/date changes, ${fmt(report.remindersDue)} reminders, ${fmt(report.comAllocationRequested)} COM requests; ${fmt(published)} events)`,
    )
    console.log(
      `     time inside DynamoDB calls (summed over ${concurrency} in parallel): due-index queries ${fmt(spent.query)} ms, transactional saves ${fmt(spent.save)} ms, outbox clears ${fmt(spent.clear)} ms`,
    )
    const ratio = fullRcu > 0 ? report.consumedReadUnits / fullRcu : Number.NaN
    console.log(
      `   read capacity ratio sweep / full = ${fmt(ratio, 4)} (target ≤ 0.05: ${ratio <= 0.05 ? 'MET' : 'NOT MET'})`,
    )
    console.log(`   time ratio sweep / full = ${fmt(sweepMs / fullMs, 4)} (the sweep's time includes its writes)`)
  } finally {
    raw.destroy()
    await ddb.stop()
  }
}

const t0 = process.hrtime.bigint()
const cases = synthCases()
console.log(`generated ${fmt(N)} synthetic cases in ${fmt(ms(t0))} ms`)
await partA(cases)
await partB(cases)
