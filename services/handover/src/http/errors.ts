/** The handover API's one error → status table: every route is built with it (no per-route mapping). */
import { badRequest, conflict, httpHandlers, mapError } from '@omic/lambda-kit'
import {
  AccessDeniedError,
  CaseNotFoundError,
  RuleRejectedError,
  StaleVersionError,
  StateConflictError,
  VersionConflictError,
} from '../errors'

export const HANDOVER_ERRORS = [
  mapError(CaseNotFoundError, 404),
  mapError(AccessDeniedError, 403),
  mapError(RuleRejectedError, e => badRequest([{ field: e.field, reason: e.reason }])),
  mapError(StaleVersionError, 409),
  mapError(StateConflictError, 409),
  mapError(VersionConflictError, () => conflict()),
]

/** lambda-kit's httpHandler with the table above. */
export const route = httpHandlers({ errors: HANDOVER_ERRORS })
