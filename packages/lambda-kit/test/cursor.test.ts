import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { decodeCursor, encodeCursor, InvalidCursorError } from '../src'

const keySchema = z.object({ pk: z.string(), sk: z.string() })

describe('paging cursors', () => {
  it('a cursor round-trips the value it was made of', () => {
    const key = { pk: 'CASE#A1234BC', sk: 'HANDOVER#2026-01-01' }
    expect(decodeCursor(encodeCursor(key), keySchema)).toEqual(key)
    expect(decodeCursor(encodeCursor('2026-01-01#A1234BC'), z.string())).toBe('2026-01-01#A1234BC')
    expect(decodeCursor(encodeCursor(42), z.number())).toBe(42)
  })

  it('a cursor is URL-safe base64 (no +, / or =)', () => {
    const cursor = encodeCursor({ pk: '???>>>~~~', sk: 'ÿÿÿ' })
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(cursor, keySchema)).toEqual({ pk: '???>>>~~~', sk: 'ÿÿÿ' })
  })

  it('the value comes back as the schema parses it', () => {
    const schema = z.object({ page: z.coerce.number() })
    expect(decodeCursor(encodeCursor({ page: '3' }), schema)).toEqual({ page: 3 })
  })

  it('garbage throws InvalidCursorError', () => {
    for (const garbage of ['', '!!!', 'not a cursor', '%%%%']) {
      expect(() => decodeCursor(garbage, keySchema)).toThrow(InvalidCursorError)
    }
  })

  it('base64 of something that is not JSON throws InvalidCursorError, with the parse error as cause', () => {
    const notJson = Buffer.from('{pk: oops', 'utf8').toString('base64url')
    const error = (() => {
      try {
        decodeCursor(notJson, keySchema)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidCursorError)
    expect((error as Error).cause).toBeInstanceOf(SyntaxError)
  })

  it('JSON that does not match the schema throws InvalidCursorError, with the zod error as cause', () => {
    const error = (() => {
      try {
        decodeCursor(encodeCursor({ pk: 'CASE#A1234BC' }), keySchema)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InvalidCursorError)
    expect((error as Error).cause).toBeInstanceOf(z.ZodError)
    expect(() => decodeCursor(encodeCursor(null), keySchema)).toThrow(InvalidCursorError)
    expect(() => decodeCursor(encodeCursor([1, 2]), keySchema)).toThrow(InvalidCursorError)
  })

  it('InvalidCursorError says what is wrong without echoing the cursor', () => {
    const error = new InvalidCursorError()
    expect(error.name).toBe('InvalidCursorError')
    expect(error.message).toBe('is not a cursor from a previous page')
  })
})
