import type { z } from 'zod'

/** A paging cursor the caller sent that is not one a page of ours gave out (the HTTP edge answers 400). */
export class InvalidCursorError extends Error {
  constructor(options?: ErrorOptions) {
    super('is not a cursor from a previous page', options)
    this.name = 'InvalidCursorError'
  }
}

/**
 * Paging cursors, one codec for every service: what the store needs to go on (a DynamoDB `LastEvaluatedKey`, a
 * sort key to start after) as base64url JSON. Opaque to the caller, checked on the way back in.
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}

/** The value of a cursor from {@link encodeCursor}, as `schema` says it must be; else {@link InvalidCursorError}. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch (e) {
    throw new InvalidCursorError({ cause: e })
  }
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw new InvalidCursorError({ cause: parsed.error })
  return parsed.data
}
