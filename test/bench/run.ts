/**
 * `npm run bench`: every benchmark in test/bench, one after the other, each in its own process (so one's memory and
 * JIT state does not colour the next). Benchmarks print numbers; they never fail on a timing.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = import.meta.dirname
const only = process.argv.slice(2).filter(a => !a.startsWith('--'))
const benches = readdirSync(dir)
  .filter(f => f.endsWith('.bench.ts'))
  .filter(f => only.length === 0 || only.some(o => f.startsWith(o)))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n▶ ${file}`)
  const r = spawnSync(join(dir, '..', '..', 'node_modules', '.bin', 'tsx'), [join(dir, file)], { stdio: 'inherit' })
  if (r.status !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
