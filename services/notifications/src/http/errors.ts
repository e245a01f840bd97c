/**
 * The notifications API's one error → HTTP table, applied to every route through {@link route}. lambda-kit's own
 * come first (an exhausted optimistic retry is a 409); the routes answer their own outcomes (a redrive of an
 * unknown or not dead-lettered message) with `notFound`/`conflict`, so the service adds none.
 */
import { type ErrorMapping, httpHandlers } from '@omic/lambda-kit'

export const NOTIFICATIONS_ERRORS: readonly ErrorMapping[] = []

/** lambda-kit's httpHandler with the notifications error table. */
export const route = httpHandlers({ errors: NOTIFICATIONS_ERRORS })
