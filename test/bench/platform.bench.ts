/**
 * `npm run bench:platform`: the local cloud's startup time, resident memory with the demo data, and the local
 * event pipeline's rate beside a raw DynamoDB Local put rate measured in the same run. A benchmark, not a test:
 * it prints numbers (and the 2 GB memory target), it does not assert timings.
 */
import { readFileSync } from 'node:fs'
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { seedDemoEstate } from '../../local/src/cli/seed-estate'
import { startLocalCloud } from '../../local/src/runtime/local-cloud'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

function rssMb(pid: number | undefined): number {
  if (!pid) return 0
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

const prisoners = Number(process.argv.find(a => a.startsWith('--prisoners='))?.split('=')[1] ?? 500)
const t0 = Date.now()
// eager: every function's worker starts, so the memory figure is the worst case (npm start starts them lazily)
const cloud = await startLocalCloud({ schedules: false, stateDir: '.local/bench', eager: true })
const startupMs = Date.now() - t0

// 1. The event pipeline: the demo estate through PutEvents → rules → functions → tables (and their own events)
const seedStart = Date.now()
const published = await seedDemoEstate(cloud.busUrl, 'omic', { prisoners, seed: 7, waitFor: cloud.bus, quiet: true })
const seedMs = Date.now() - seedStart
const deliveries = cloud.bus.counters.delivered

// 2. Raw DynamoDB Local puts, same concurrency (4 in flight), same run
const ddb = new DynamoDBClient({
  endpoint: cloud.dynamoEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
})
const table = cloud.model.tables[0]?.tableName ?? ''
const rawCount = Math.min(published, 5000)
const rawStart = Date.now()
let next = 0
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < rawCount) {
      const i = next++
      await ddb.send(
        new PutItemCommand({
          TableName: table,
          Item: { pk: { S: `BENCH#${i}` }, sk: { S: 'RAW' }, payload: { S: 'x'.repeat(400) } },
        }),
      )
    }
  }),
)
const rawMs = Date.now() - rawStart
ddb.destroy()

const dynamoPid = cloud.dynamoPid
const nodeRss = rssMb(process.pid)
const javaRss = rssMb(dynamoPid)
const eventsPerSecond = published / (seedMs / 1000)
const putsPerSecond = rawCount / (rawMs / 1000)
console.log(`
platform benchmark (${prisoners} prisoners)
  startup (synth, DynamoDB Local, every worker)        ${(startupMs / 1000).toFixed(2)} s
  upstream events published and fully handled          ${published} in ${(seedMs / 1000).toFixed(2)} s → ${eventsPerSecond.toFixed(0)} events/s (${deliveries} function deliveries)
  raw DynamoDB Local PutItem (4 in flight)              ${rawCount} in ${(rawMs / 1000).toFixed(2)} s → ${putsPerSecond.toFixed(0)} puts/s
  pipeline events/s ÷ raw puts/s                        ${(eventsPerSecond / putsPerSecond).toFixed(3)}
  resident memory: node (all function workers)          ${nodeRss.toFixed(0)} MB
                   DynamoDB Local (JVM)                 ${javaRss.toFixed(0)} MB
                   total                                ${(nodeRss + javaRss).toFixed(0)} MB (target < 2048 MB)
  functions started                                     ${cloud.host.stats().filter(s => s.started).length} of ${cloud.host.stats().length}`)
await cloud.stop()
process.exit(0)
