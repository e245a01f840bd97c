/** Errors of the allocation service (no personal data in messages). */

/** A case kept changing under a write: the optimistic-locking retries ran out. */
export class CaseBusyError extends Error {
  constructor(readonly nomsNumber: string) {
    super('The case changed too often while it was being written; try again')
    this.name = 'CaseBusyError'
  }
}
