/** Identifiers: bijections from the prisoner index, so they are unique without bookkeeping. */
import { rngFor } from './prng'

/** PRNG stream of the identifier offsets (prisoners use 201, need-section pools 203). */
const STREAM_IDS = 202

/** NOMS numbers `[AG]dddd[A-Z][A-Z]`: 2 × 10,000 × 26 × 26 values. */
export const NOMS_SPACE = 2 * 10_000 * 26 * 26
/** CRNs `[A-Z]dddddd`: 26 × 1,000,000 values. */
const CRN_SPACE = 26 * 1_000_000
/** Steps coprime with both spaces (whose prime factors are 2, 5 and 13). */
const NOMS_STEP = 7_368_787
const CRN_STEP = 1_234_577
const letter = (n: number) => String.fromCharCode(65 + n)

export function identifierOffsets(seed: number): { noms: number; crn: number } {
  const rng = rngFor(seed, STREAM_IDS)
  return { noms: rng.int(0, NOMS_SPACE - 1), crn: rng.int(0, CRN_SPACE - 1) }
}

export function nomsNumberAt(offset: number, index: number): string {
  let n = (offset + index * NOMS_STEP) % NOMS_SPACE
  const first = n % 2 === 0 ? 'A' : 'G'
  n = Math.floor(n / 2)
  const digits = String(n % 10_000).padStart(4, '0')
  n = Math.floor(n / 10_000)
  return `${first}${digits}${letter(n % 26)}${letter(Math.floor(n / 26))}`
}

export function crnAt(offset: number, index: number): string {
  const n = (offset + index * CRN_STEP) % CRN_SPACE
  return `${letter(n % 26)}${String(Math.floor(n / 26)).padStart(6, '0')}`
}

/** The NOMS number of prisoner `index` of the estate for `seed` (unique per index). */
export function nomsNumberFor(seed: number, index: number): string {
  return nomsNumberAt(identifierOffsets(seed).noms, index)
}

/** The CRN of prisoner `index` of the estate for `seed` (unique per index; not every prisoner has one). */
export function crnFor(seed: number, index: number): string {
  return crnAt(identifierOffsets(seed).crn, index)
}
