/**
 * `npm run -s token -- --role SPO --prison LEI [--prison MDI] [--pdu N07] [--staff-id 123] [--sub name]`
 * Prints a JWT from the local dev issuer that the local HTTP API accepts (same issuer and audience as the
 * template's JWT authorizer). `--prison '*'` gives access to every prison.
 */
import { join } from 'node:path'
import { DevIssuer } from '../runtime/dev-issuer'
import { REPO_ROOT } from '../runtime/local-cloud'
import { synthesizeTemplate } from '../runtime/synth'
import { readTemplate } from '../runtime/template'
import { parseArgs } from './args'
import { readRuntimeInfo } from './runtime-file'

const ROLES = ['SPO', 'POM', 'COM', 'ADMIN', 'SAR']

function all(argv: readonly string[], name: string): string[] {
  const out: string[] = []
  argv.forEach((a, i) => {
    if (a === `--${name}` && argv[i + 1]) out.push(String(argv[i + 1]))
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3))
  })
  return out.flatMap(v => v.split(',')).filter(Boolean)
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  const args = parseArgs(argv)
  const roles = all(argv, 'role').map(r => r.toUpperCase())
  if (roles.length === 0 || roles.some(r => !ROLES.includes(r))) {
    throw new Error(`--role is required, one or more of ${ROLES.join(', ')}`)
  }
  const prisons = all(argv, 'prison')
  const info = readRuntimeInfo()
  const jwt = info ? { issuer: info.issuer, audience: info.audience } : readTemplate(synthesizeTemplate()).jwt
  if (!jwt) throw new Error('The template has no JWT authorizer')
  const issuer = await DevIssuer.open(join(REPO_ROOT, '.local', 'dev-issuer.json'), jwt.issuer, jwt.audience)
  const staffId = args.get('staff-id')
  const sub = args.get('sub')
  const name = args.get('name')
  const email = args.get('email')
  console.log(
    await issuer.issue({
      sub: typeof sub === 'string' ? sub : `dev-${roles.join('-').toLowerCase()}`,
      roles,
      prisons: prisons.length ? prisons : ['*'],
      pdus: all(argv, 'pdu'),
      ...(typeof staffId === 'string' ? { staffId } : {}),
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof email === 'string' ? { email } : {}),
    }),
  )
}

main().catch(e => {
  console.error(`✖ ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
