/**
 * `npm run -s outbox -- [--limit 20] [--noms A1234BC] [--template new-allocation] [--json]`
 * Prints the emails the local run produced (the notifications outbox), rendered, newest first. Reads
 * `.local/runtime.json` (written by `npm start`) and asks the running local API as an admin of the dev issuer.
 * Nothing here ever reaches a real address: locally the channel is the outbox.
 */
import { resolve } from 'node:path'
import { DevIssuer } from '../runtime/dev-issuer'
import { REPO_ROOT } from '../runtime/local-cloud'
import { intArg, parseArgs, stringArg } from './args'
import { readRuntimeInfo } from './runtime-file'

interface OutboxEntry {
  id: string
  createdAt: string
  template: string
  to: string
  nomsNumber: string | null
  subject: string
  body: string
  attachment?: { filename: string; content: string }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const limit = Math.min(intArg(args, 'limit', 20), 200)
  const noms = stringArg(args, 'noms')
  const template = stringArg(args, 'template')
  const info = readRuntimeInfo()
  if (!info) throw new Error('The local runtime is not running: start it with `npm start`')
  const issuer = await DevIssuer.open(resolve(REPO_ROOT, info.stateDir, 'dev-issuer.json'), info.issuer, info.audience)
  const token = await issuer.issue({ sub: 'outbox-cli', roles: ['ADMIN'], prisons: ['*'] }, 300)
  const res = await fetch(`${info.apiUrl}/notifications/outbox?limit=200`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (!res.ok) throw new Error(`GET /notifications/outbox answered ${res.status}: ${await res.text()}`)
  const { channel, outbox } = (await res.json()) as { channel: string; outbox: OutboxEntry[] }
  const shown = outbox
    .filter(e => (!noms || e.nomsNumber === noms) && (!template || e.template === template))
    .slice(0, limit)
  if (args.has('json')) {
    console.log(JSON.stringify(shown, null, 2))
    return
  }
  if (channel !== 'outbox')
    console.log(`(the running stack sends through ${channel}: the outbox only shows local emails)`)
  if (shown.length === 0) console.log('The outbox is empty.')
  for (const e of shown) {
    console.log('─'.repeat(100))
    console.log(`${e.createdAt}  ${e.template}  ${e.nomsNumber ?? ''}  [${e.id}]`)
    console.log(`To: ${e.to}`)
    console.log(`Subject: ${e.subject}`)
    console.log('')
    console.log(e.body)
    if (e.attachment) {
      console.log('')
      console.log(`Attachment ${e.attachment.filename}:`)
      console.log(e.attachment.content.trimEnd())
    }
  }
  console.log('─'.repeat(100))
  console.log(`${shown.length} of ${outbox.length} emails shown`)
}

main().catch(e => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
