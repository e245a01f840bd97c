/**
 * Canonical JSON (object keys sorted, `undefined` dropped, arrays in order) and its SHA-256: two inputs that mean the
 * same thing get the same digest however their keys were ordered or whichever store they came back from. Written
 * as one recursive pass that appends to a string: a full recalculation digests every case's result. Hashing is
 * pure, so node's native SHA-256 is allowed in a model (a hand-written one made a full recalculation 1.5× slower).
 */
import { createHash } from 'node:crypto'

function write(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`Not a JSON number: ${value}`)
      return String(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (value === null) return 'null'
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ','
          const item: unknown = value[i]
          out += item === undefined ? 'null' : write(item)
        }
        return `${out}]`
      }
      const record = value as Record<string, unknown>
      const keys = Object.keys(record).sort()
      let out = '{'
      let first = true
      for (const key of keys) {
        const item = record[key]
        if (item === undefined) continue
        out += `${first ? '' : ','}${JSON.stringify(key)}:${write(item)}`
        first = false
      }
      return `${out}}`
    }
    default:
      return 'null'
  }
}

export function canonicalJson(value: unknown): string {
  return write(value)
}

/** `sha256:<hex>` of the canonical JSON. */
export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(write(value)).digest('hex')}`
}
