/** Errors with an HTTP meaning. Anything else becomes a generic 500 and is logged, never shown. */
export interface FieldError {
  field: string
  reason: string
}

export class HttpProblem extends Error {
  readonly expose = true
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message)
    this.name = 'HttpProblem'
  }
}

export const badRequest = (errors: readonly FieldError[], message = 'Invalid request'): HttpProblem =>
  new HttpProblem(400, message, errors)
export const unauthorized = (message = 'Missing or invalid token'): HttpProblem => new HttpProblem(401, message)
export const forbidden = (message = 'Not allowed'): HttpProblem => new HttpProblem(403, message)
export const notFound = (message = 'Not found'): HttpProblem => new HttpProblem(404, message)
export const conflict = (message = 'The resource was changed by someone else; reload and try again'): HttpProblem =>
  new HttpProblem(409, message)
