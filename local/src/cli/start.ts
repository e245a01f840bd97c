/**
 * `npm start`: runs the whole system on this machine from the synthesized CDK stack, seeds a demo estate by
 * publishing upstream events through the local bus, and says what to do next. Ctrl-C stops everything.
 *
 *   npm start -- [--persist DIR] [--prisoners 500] [--no-seed] [--eager] [--api-port 4010] [--bus-port 4011]
 */
import { join } from 'node:path'
import { JavaMissingError } from '../runtime/dynamodb-local'
import { type LocalCloud, REPO_ROOT, startLocalCloud } from '../runtime/local-cloud'
import { PortInUseError } from '../runtime/ports'
import { intArg, parseArgs, stringArg } from './args'
import { removeRuntimeInfo, writeRuntimeInfo } from './runtime-file'
import { seedDemoEstate } from './seed-estate'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const persist = stringArg(args, 'persist')
  let cloud: LocalCloud
  try {
    cloud = await startLocalCloud({
      apiPort: intArg(args, 'api-port', 4010),
      busPort: intArg(args, 'bus-port', 4011),
      dynamoPort: intArg(args, 'dynamo-port', 4012),
      ...(persist ? { persistDir: join(process.cwd(), persist) } : {}),
      eager: args.has('eager'),
    })
  } catch (e) {
    if (e instanceof JavaMissingError || e instanceof PortInUseError) {
      console.error(`✖ ${e.message}`)
      process.exit(1)
    }
    throw e
  }
  const stateDir = join(REPO_ROOT, '.local')
  const busName = cloud.model.buses[0] ?? 'default'
  writeRuntimeInfo({
    pid: process.pid,
    apiUrl: cloud.apiUrl,
    busUrl: cloud.busUrl,
    busName,
    dynamoEndpoint: cloud.dynamoEndpoint,
    issuer: cloud.issuer.issuer,
    audience: cloud.issuer.audience,
    stateDir,
  })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    console.log('\nStopping the local cloud…')
    removeRuntimeInfo()
    await cloud.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())

  const m = cloud.model
  console.log(
    `✔ Local cloud ready in ${(cloud.readyInMs / 1000).toFixed(1)} s: ${m.tables.length} tables, ` +
      `${m.functions.size} functions, ${m.routes.length} routes, ${m.rules.length} event rules, ` +
      `${m.schedules.length} schedules (all from the CDK template)`,
  )
  const spo = await cloud.issuer.issue({
    sub: 'demo-spo',
    roles: ['SPO'],
    prisons: ['*'],
    pdus: ['*'],
    staffId: '900001',
    name: 'Demo Senior Probation Officer',
  })
  if (!args.has('no-seed')) {
    const prisoners = intArg(args, 'prisoners', 500)
    await seedDemoEstate(cloud.busUrl, busName, {
      prisoners,
      seed: intArg(args, 'seed', 1),
      api: { url: cloud.apiUrl, token: spo },
      waitFor: cloud.bus,
    })
  }
  const api = cloud.apiUrl
  const emailed = await caseWithEmails(cloud)
  console.log(`
API base URL     ${api}
Event bus        ${cloud.busUrl}  (PutEvents, bus "${busName}")
DynamoDB Local   ${cloud.dynamoEndpoint}${persist ? ` (data kept in ${persist})` : ' (in memory)'}
Function logs    .local/logs/<function>.log      Dead-letter queues: ${api}/_local/dead-letter-queues

Get a token:     npm run -s token -- --role SPO --prison LEI     (roles: SPO POM COM ADMIN SAR)
A token for an SPO who sees every prison, valid 8 hours:
  export TOKEN=${spo}

Try:
  curl -s -H "Authorization: Bearer $TOKEN" "${api}/prisons/LEI/handovers?list=in-progress"
  curl -s -H "Authorization: Bearer $TOKEN" "${api}/prisons/LEI/cases?list=unallocated"
  curl -s -H "Authorization: Bearer $TOKEN" "${api}/notifications?nomsNumber=${emailed ?? 'A1234BC'}"

Emails go to the notifications outbox, never to a real address: \`npm run -s outbox\` prints them, rendered
(or GET ${api}/notifications/outbox with an ADMIN token).
Run a schedule now:  curl -s -X POST ${api}/_local/schedules/HandoverDailySweep/run
More demo data:      npm run seed -- --prisoners 5000
Press Ctrl-C to stop.`)
}

/** A case the demo sent emails about, for the third example (an admin look at the outbox). */
async function caseWithEmails(cloud: LocalCloud): Promise<string | undefined> {
  const admin = await cloud.issuer.issue({ sub: 'demo-admin', roles: ['ADMIN'], prisons: ['*'] }, 60)
  const res = await fetch(`${cloud.apiUrl}/notifications/outbox?limit=50`, {
    headers: { authorization: `Bearer ${admin}` },
  })
  if (!res.ok) return undefined
  const { outbox } = (await res.json()) as { outbox: { nomsNumber: string | null; template: string }[] }
  return (outbox.find(e => e.template === 'new-allocation') ?? outbox.find(e => e.nomsNumber))?.nomsNumber ?? undefined
}

main().catch(e => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
