/**
 * The conformance step of `npm test`: every vector in ../shared/spec/vectors, with the pending list applied.
 * Prints failures, a pending count, and ends with `conformance: N passed, M failed`.
 */
import { join } from 'node:path'
import { kinds } from './kinds'
import { PENDING_KINDS } from './pending'
import { formatFailure, loadVectors, runVectors } from './runner'

const dir = process.argv[2] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'spec', 'vectors')
const results = runVectors(loadVectors([dir]), kinds)
const pending = new Set(PENDING_KINDS)
const failed = results.filter(r => !r.passed && !pending.has(r.vector.kind))
const pendingResults = results.filter(r => pending.has(r.vector.kind))
const passed = results.filter(r => r.passed && !pending.has(r.vector.kind))
for (const r of failed) console.log(formatFailure(r))
const stalePending = PENDING_KINDS.filter(
  k =>
    pendingResults.some(r => r.vector.kind === k) &&
    pendingResults.filter(r => r.vector.kind === k).every(r => r.passed),
)
for (const k of stalePending)
  console.log(`FAIL pending kind ${k} now passes every vector: take it off test/conformance/pending.ts`)
if (pendingResults.length)
  console.log(`pending: ${pendingResults.length} vectors of ${pending.size} kinds not implemented yet`)
console.log(`conformance: ${passed.length} passed, ${failed.length + stalePending.length} failed`)
process.exit(failed.length + stalePending.length === 0 ? 0 : 1)
