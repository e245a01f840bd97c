/**
 * `npm run bench:allocation`: ranked POM recommendations (`GET /cases/{nomsNumber}/recommendations`) for a prison
 * of 1,500 prisoners and 60 POMs, through the local HTTP API under 20 concurrent requests, beside a bare DynamoDB
 * Local query of the same caseload (the prison's caseload index, every page) under the same concurrency in the
 * same run. Target: p99 ≤ 3 × the bare query's p99. A benchmark: it prints numbers, it never fails on a timing.
 *
 * Setup data is written straight to DynamoDB Local through the service's own store (the same items and index
 * entries the service writes), not through events, so the run measures the read path only.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { PrisonerSnapshot } from '@omic/contracts'
import { londonDateOf } from '@omic/domain'
import { startLocalCloud } from '../../local/src/runtime/local-cloud'
import { DynamoAllocationStore } from '../../services/allocation/src/adapters/dynamo-allocation-store'
import { type CaseRecord, caseStatus, emptyCase, type PomRecord } from '../../services/allocation/src/model'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

const arg = (name: string, fallback: number) =>
  Number(process.argv.find(a => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback)
const PRISONERS = arg('prisoners', 1500)
const POMS = arg('poms', 60)
const CONCURRENCY = arg('concurrency', 20)
const REQUESTS = arg('requests', 400)
const PRISON = 'BNI'
const RULES = { strategy: 'tier' as const, newArrivalWorkingDays: 2 }

/** Small deterministic PRNG (mulberry32), so every run builds the same prison. */
function prng(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

async function measure(total: number, concurrency: number, one: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = []
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++
        const t = performance.now()
        await one(i)
        times.push(performance.now() - t)
      }
    }),
  )
  return times.sort((a, b) => a - b)
}

const cloud = await startLocalCloud({ schedules: false, stateDir: '.local/allocation-bench' })
const tableName = cloud.model.tables.find(t => t.logicalId.startsWith('AllocationStateTable'))?.tableName ?? ''
const raw = new DynamoDBClient({
  endpoint: cloud.dynamoEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 10,
})
const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } })
const store = new DynamoAllocationStore(client, tableName)

// ---- Setup: 60 POMs (a third probation officers), 1,500 prisoners, 80 % allocated, some co-worked ------------
const setupStart = Date.now()
const rand = prng(2026)
const now = new Date().toISOString()
const today = londonDateOf(new Date())
const poms: PomRecord[] = Array.from({ length: POMS }, (_, i) => ({
  staffId: 700_000 + i,
  prisonId: PRISON,
  name: `Bench Pom ${String(i).padStart(2, '0')}`,
  email: `bench.pom${i}@example.gov.uk`,
  grade: i % 3 === 0 ? 'PO' : 'PRO',
  status: i % 20 === 19 ? 'unavailable' : 'active',
  workingPattern: [1, 1, 1, 0.8, 0.5][i % 5] ?? 1,
  version: 1,
  updatedAt: now,
  updatedBy: 'bench',
}))
for (const p of poms) await store.putPom(p, 0)
const po = poms.filter(p => p.grade === 'PO')
const pro = poms.filter(p => p.grade === 'PRO')
const tiers = ['A', 'B', 'C', 'C', 'D', 'D', 'E', 'F', 'G']
const unallocated: string[] = []
let nextCase = 0
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (nextCase < PRISONERS) {
      const i = nextCase++
      const noms = `B${String(i).padStart(4, '0')}BN`
      const tier = tiers[Math.floor(rand() * tiers.length)] ?? 'C'
      const arrived = `2026-${String(1 + (i % 10)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`
      const prisoner = {
        nomsNumber: noms,
        firstName: 'Bench',
        lastName: `Prisoner${i}`,
        dateOfBirth: '1985-05-05',
        gender: 'Male',
        prisonId: PRISON,
        status: 'ACTIVE IN',
        legalStatus: 'SENTENCED',
        imprisonmentStatus: 'SENT03',
        indeterminateSentence: false,
        recall: false,
        sentenceStartDate: '2025-12-01',
        conditionalReleaseDate: '2029-06-01',
        conditionalReleaseOverrideDate: null,
        automaticReleaseDate: null,
        automaticReleaseOverrideDate: null,
        paroleEligibilityDate: null,
        homeDetentionCurfewEligibilityDate: null,
        tariffDate: null,
        licenceExpiryDate: null,
        sentenceExpiryDate: null,
        releaseDate: null,
        sentences: [],
        category: 'C',
        categoryActiveSince: null,
        prisonArrivalDate: arrived,
      } satisfies PrisonerSnapshot
      const record: CaseRecord = {
        ...emptyCase(noms),
        crn: `N${String(100000 + i)}`,
        prisoner: { value: prisoner, at: now },
        tierV3: { value: { tier, calculationId: `calc-${i}` }, at: now },
        prisonId: PRISON,
        prisonAt: now,
        arrivedOn: arrived,
        prisonHistory: [PRISON],
        updatedAt: now,
      }
      if (i % 5 !== 0) {
        const pool = tier === 'A' || tier === 'B' ? po : pro
        const primary = pool[i % pool.length] ?? poms[0]
        if (primary) {
          record.allocation = {
            ...record.allocation,
            primary: {
              staffId: primary.staffId,
              name: primary.name,
              email: primary.email,
              grade: primary.grade,
              prisonId: PRISON,
              allocatedAt: now,
              allocatedBy: 'bench',
            },
          }
          const cw = i % 8 === 1 ? pro[(i + 7) % pro.length] : undefined
          if (cw && cw.staffId !== primary.staffId) {
            record.allocation.coworking = {
              prisonId: PRISON,
              allocatedAt: now,
              allocatedBy: 'bench',
              staffId: cw.staffId,
              name: cw.name,
              email: cw.email,
              grade: cw.grade,
            }
          }
        }
      } else unallocated.push(noms)
      const outcome = await store.commit({
        before: emptyCase(noms),
        beforeStatus: null,
        after: record,
        status: caseStatus(record, today, RULES),
        history: [],
        events: [],
      })
      if (!outcome.committed) throw new Error(`setup write of ${noms} failed`)
    }
  }),
)
const caseload = await store.caseload(PRISON)
const setupMs = Date.now() - setupStart

// ---- The API under load ----------------------------------------------------------------------------------
const token = await cloud.issuer.issue({ sub: 'bench-spo', roles: ['SPO'], prisons: [PRISON] })
let failures = 0
let candidatesSeen = 0
const recommend = async (i: number) => {
  const noms = unallocated[i % unallocated.length]
  const res = await fetch(`${cloud.apiUrl}/cases/${noms}/recommendations`, {
    headers: { authorization: `Bearer ${token}` },
  })
  const body = (await res.json()) as { candidates?: unknown[] }
  if (res.status !== 200) failures++
  else candidatesSeen = body.candidates?.length ?? 0
}
await measure(CONCURRENCY, CONCURRENCY, recommend) // warm-up: cold start and JIT
const api = await measure(REQUESTS, CONCURRENCY, recommend)

// ---- The bare query of the same caseload, same concurrency ----------------------------------------------
const bareQuery = async () => {
  let start: Record<string, unknown> | undefined
  do {
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': `CASELOAD#${PRISON}` },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    )
    start = out.LastEvaluatedKey
  } while (start)
}
await measure(CONCURRENCY, CONCURRENCY, bareQuery)
const bare = await measure(REQUESTS, CONCURRENCY, bareQuery)
const bareSingle = await measure(50, 1, bareQuery)
const apiSingle = await measure(50, 1, recommend)

const f = (ms: number) => `${ms.toFixed(1).padStart(7)} ms`
const ratio = percentile(api, 99) / percentile(bare, 99)
console.log(`
allocation benchmark: ${PRISONERS} prisoners, ${POMS} POMs at ${PRISON} (${caseload.length} POM roles held, ${unallocated.length} unallocated)
  setup written to DynamoDB Local through the service's store      ${(setupMs / 1000).toFixed(1)} s
  GET /cases/{noms}/recommendations, ${CONCURRENCY} concurrent, ${REQUESTS} requests   p50 ${f(percentile(api, 50))}   p99 ${f(percentile(api, 99))}   (${candidatesSeen} candidates ranked, ${failures} failures)
  bare DynamoDB Local query of the caseload, same concurrency       p50 ${f(percentile(bare, 50))}   p99 ${f(percentile(bare, 99))}
  one at a time: recommendations                                   p50 ${f(percentile(apiSingle, 50))}   p99 ${f(percentile(apiSingle, 99))}
                 bare query                                        p50 ${f(percentile(bareSingle, 50))}   p99 ${f(percentile(bareSingle, 99))}
  recommendations p99 ÷ bare query p99                             ${ratio.toFixed(2)} (target ≤ 3)`)
raw.destroy()
await cloud.stop()
process.exit(0)
