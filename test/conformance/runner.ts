import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { KindRegistry, Vector } from './types'

export interface VectorResult {
  vector: Vector
  passed: boolean
  /** Why it failed: the differing keys, an unexpected error, or an unknown kind. */
  failure?: string
  actual?: unknown
}

/** Reads every vector from files and directories (a directory's `*.json` files, sorted by name). */
export function loadVectors(paths: readonly string[]): Vector[] {
  const files: string[] = []
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p)
        .filter(n => n.endsWith('.json'))
        .sort())
        files.push(join(p, f))
    } else files.push(p)
  }
  const vectors: Vector[] = []
  for (const file of files) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'))
    if (!Array.isArray(parsed)) throw new Error(`${file}: a vector file must hold a JSON array`)
    for (const v of parsed as Vector[]) {
      if (typeof v?.id !== 'string' || typeof v.kind !== 'string' || typeof v.expected !== 'object') {
        throw new Error(`${file}: malformed vector ${JSON.stringify(v).slice(0, 120)}`)
      }
      vectors.push(v)
    }
  }
  return vectors
}

/** Deep equality per CONFORMANCE.md §3: a missing value never equals null; arrays ordered; objects same keys. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b
  if (typeof a !== typeof b) return false
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
    return a.every((x, i) => deepEqual(x, b[i]))
  }
  if (typeof a === 'object') {
    const ao = a as Record<string, unknown>
    const bo = b as Record<string, unknown>
    const ak = Object.keys(ao).filter(k => ao[k] !== undefined)
    const bk = Object.keys(bo).filter(k => bo[k] !== undefined)
    return ak.length === bk.length && ak.every(k => k in bo && deepEqual(ao[k], bo[k]))
  }
  return a === b
}

function isErrorExpected(expected: Record<string, unknown>): boolean {
  const keys = Object.keys(expected)
  return keys.length === 1 && keys[0] === 'error' && expected.error === true
}

export function runVector(vector: Vector, kinds: KindRegistry): VectorResult {
  const handler = kinds[vector.kind]
  if (!handler) return { vector, passed: false, failure: `unknown kind "${vector.kind}" (not implemented)` }
  const wantsError = isErrorExpected(vector.expected)
  let actual: Record<string, unknown>
  try {
    actual = handler(vector.input, vector.today)
  } catch (e) {
    if (wantsError) return { vector, passed: true }
    return { vector, passed: false, failure: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` }
  }
  const returnedError = actual !== null && typeof actual === 'object' && 'error' in actual && actual.error
  if (wantsError) {
    return returnedError
      ? { vector, passed: true }
      : { vector, passed: false, failure: 'expected the input to be rejected, but it was accepted', actual }
  }
  if (returnedError) return { vector, passed: false, failure: 'returned an error result', actual }
  const diffs = Object.keys(vector.expected)
    .filter(k => !deepEqual(actual[k], vector.expected[k]))
    .map(k => `  ${k}: expected ${JSON.stringify(vector.expected[k])}, actual ${JSON.stringify(actual[k])}`)
  return diffs.length === 0 ? { vector, passed: true } : { vector, passed: false, failure: diffs.join('\n'), actual }
}

export function runVectors(vectors: readonly Vector[], kinds: KindRegistry): VectorResult[] {
  return vectors.map(v => runVector(v, kinds))
}

export function formatFailure(r: VectorResult): string {
  return `FAIL ${r.vector.id} (${r.vector.kind}) — ${r.vector.description ?? ''}\n${r.failure ?? ''}`
}
