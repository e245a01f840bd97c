/** Errors of the tiering service (expected failures the edges map: a bad cursor is a 400, contention a retry). */

/** A history cursor the caller sent that is not one we gave out. */
export class InvalidCursorError extends Error {
  constructor() {
    super('is not a cursor from a previous page')
    this.name = 'InvalidCursorError'
  }
}

/** A case changed under us on every attempt: the event fails and is retried by Lambda. */
export class ConcurrentChangeError extends Error {
  constructor(crn: string) {
    super(`Case ${crn} kept changing while being tiered`)
    this.name = 'ConcurrentChangeError'
  }
}
