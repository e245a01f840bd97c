/**
 * The allocation API's one error → HTTP table, applied to every route (`route` below). lambda-kit maps its own
 * errors first: a cursor no page gave out → 400 `query.cursor`, `OptimisticRetryExhaustedError` → 409.
 *
 * Expected failures of the use cases are outcomes, not errors (common.ts maps them: 404, 403, 400, 409). The one
 * error of this service, `CaseBusyError` (a case changed under each of 8 attempts), is deliberately not in the table:
 * it stays a logged 500, as it has always answered.
 */
import { type ErrorMapping, httpHandlers } from '@omic/lambda-kit'

export const ALLOCATION_ERRORS: readonly ErrorMapping[] = []

/** lambda-kit's `httpHandler` with the allocation error table. */
export const route = httpHandlers({ errors: ALLOCATION_ERRORS })
