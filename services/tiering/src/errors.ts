/** Errors of the tiering service (expected failures the edges map). A bad history cursor is lambda-kit's. */

/** A case changed under us on every attempt: the event fails and is retried by Lambda. */
export class ConcurrentChangeError extends Error {
  constructor(crn: string) {
    super(`Case ${crn} kept changing while being tiered`)
    this.name = 'ConcurrentChangeError'
  }
}
