/**
 * `npm run seed -- --prisoners N [--seed 1] [--no-allocate]`: publishes a (larger) demo estate to the running local
 * cloud, through its event bus, with the same generator `npm start` uses, then (unless `--no-allocate`) lets the SPOs
 * allocate POMs through the API. Scales to 100,000 prisoners. Run it again as often as you like: staff the system
 * already has are kept as they are (the demo staff do not depend on the seed, and registered ids are never PUT again).
 */
import { join } from 'node:path'
import { DevIssuer } from '../runtime/dev-issuer'
import { intArg, parseArgs, stringArg } from './args'
import { readRuntimeInfo } from './runtime-file'
import { seedDemoEstate } from './seed-estate'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const info = readRuntimeInfo()
  const busUrl = stringArg(args, 'bus') ?? info?.busUrl
  if (!busUrl) throw new Error('The local cloud is not running: start it with `npm start` (or pass --bus URL)')
  const issuer = info
    ? await DevIssuer.open(join(info.stateDir, 'dev-issuer.json'), info.issuer, info.audience)
    : undefined
  const token = await issuer?.issue({
    sub: 'demo-seed',
    roles: ['SPO'],
    prisons: ['*'],
    pdus: ['*'],
    staffId: '900001',
    name: 'Demo Senior Probation Officer',
  })
  // the running local cloud's own "every delivery handled" barrier
  const waitFor = info
    ? {
        idle: async () => {
          const res = await fetch(`${info.apiUrl}/_local/idle`, { method: 'POST' })
          if (!res.ok) throw new Error(`POST /_local/idle answered ${res.status}`)
        },
      }
    : undefined
  await seedDemoEstate(busUrl, stringArg(args, 'bus-name') ?? info?.busName ?? 'omic', {
    prisoners: intArg(args, 'prisoners', 500),
    // another seed than npm start's (1), so the prisoners' identifiers do not collide with the demo estate's (the
    // staff are the same people in every run, whatever the seed)
    seed: intArg(args, 'seed', 2 + (Date.now() % 100_000)),
    ...(info && token ? { api: { url: info.apiUrl, token } } : {}),
    ...(waitFor ? { waitFor } : {}),
    allocate: !args.has('no-allocate'),
  })
  if (waitFor) console.log('✔ every event has been handled')
}

main().catch(e => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
