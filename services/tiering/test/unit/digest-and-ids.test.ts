import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { UuidV7Generator } from '../../src/adapters/uuid-v7-ids'
import { canonicalJson, digestOf } from '../../src/model/digest'

describe('canonicalJson and digestOf', () => {
  it('gives the same digest whatever the key order, and drops undefined', () => {
    const a = { b: 1, a: { d: [1, 'x', null], c: true }, e: undefined }
    const b = { a: { c: true, d: [1, 'x', null] }, b: 1 }
    expect(canonicalJson(a)).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}')
    expect(digestOf(a)).toBe(digestOf(b))
    expect(digestOf(a)).toMatch(/^sha256:[0-9a-f]{64}$/)
  })

  it('tells different values apart, including array order', () => {
    expect(digestOf({ a: [1, 2] })).not.toBe(digestOf({ a: [2, 1] }))
    expect(digestOf({ a: null })).not.toBe(digestOf({}))
  })
})

describe('UuidV7Generator', () => {
  it('makes valid, time-ordered UUIDs that keep increasing within one millisecond', () => {
    let ms = Date.parse('2026-11-23T10:00:00Z')
    const ids = new UuidV7Generator(() => ms)
    const first = Array.from({ length: 50 }, () => ids.next())
    ms += 1
    const later = ids.next()
    const all = [...first, later]

    for (const id of all) {
      expect(z.uuid().safeParse(id).success).toBe(true)
      expect(id[14]).toBe('7')
    }
    expect([...all].sort()).toEqual(all)
    expect(new Set(all).size).toBe(all.length)
    expect(Number.parseInt(later.replace(/-/g, '').slice(0, 12), 16)).toBe(ms)
  })
})

describe('digestOf', () => {
  it('keeps the digest of a stored record as it was', () => {
    expect(digestOf({ b: 1, a: 'x' })).toBe(`sha256:${createHash('sha256').update('{"a":"x","b":1}').digest('hex')}`)
  })
})
