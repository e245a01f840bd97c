/**
 * The tiering API's one error → HTTP table, applied to every route through {@link route}. lambda-kit's own come
 * first (a bad history cursor is a 400 naming `query.cursor`; an exhausted optimistic retry a 409).
 */
import { conflict, httpHandlers, mapError } from '@omic/lambda-kit'
import { ConcurrentChangeError } from '../errors'

export const TIERING_ERRORS = [mapError(ConcurrentChangeError, e => conflict(e.message))] as const

/** lambda-kit's httpHandler with the tiering error table. */
export const route = httpHandlers({ errors: TIERING_ERRORS })
