/**
 * `npm run conformance -- <file|dir> [...]`: runs conformance vectors (../shared/spec/CONFORMANCE.md §4).
 * Every failure prints its id, description and the differing fields; the last line is `N passed, M failed`.
 * A kind that is not implemented fails: it is never skipped.
 */
import { kinds } from './kinds'
import { formatFailure, loadVectors, runVectors } from './runner'

const paths = process.argv.slice(2).filter(a => a !== '--')
if (paths.length === 0) {
  console.error('usage: npm run conformance -- <vector file or directory> [...]')
  process.exit(2)
}
let exitCode = 0
try {
  const results = runVectors(loadVectors(paths), kinds)
  const failed = results.filter(r => !r.passed)
  for (const r of failed) console.log(formatFailure(r))
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`)
  exitCode = failed.length === 0 ? 0 : 1
} catch (e) {
  console.error(`cannot run vectors: ${e instanceof Error ? e.message : String(e)}`)
  console.log('0 passed, 1 failed')
  exitCode = 1
}
process.exit(exitCode)
