/** Expected failures of the handover use cases; the HTTP edge maps each to its status once (handover-api.ts). */
export class CaseNotFoundError extends Error {
  constructor(readonly nomsNumber: string) {
    super(`No handover case for ${nomsNumber}`)
    this.name = 'CaseNotFoundError'
  }
}

/** The client wrote against an old version (If-Match / `version`): reload and try again. */
export class StaleVersionError extends Error {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The case is at version ${actual}, not ${expected}; reload and try again`)
    this.name = 'StaleVersionError'
  }
}

/** The store refused a conditional write because someone else wrote first (retried inside the service). */
export class VersionConflictError extends Error {
  constructor(readonly nomsNumber: string) {
    super(`Concurrent write to ${nomsNumber}`)
    this.name = 'VersionConflictError'
  }
}

/** A sent-marker already existed: the reminder went out already in this episode. */
export class MarkerExistsError extends Error {
  constructor(readonly keys: readonly string[]) {
    super(`Already sent: ${keys.join(', ')}`)
    this.name = 'MarkerExistsError'
  }
}

export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AccessDeniedError'
  }
}

/** A rule rejected the request: the field and the reason are safe to show. */
export class RuleRejectedError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`)
    this.name = 'RuleRejectedError'
  }
}

/** The request does not fit the case's state (e.g. an override already exists). */
export class StateConflictError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StateConflictError'
  }
}
