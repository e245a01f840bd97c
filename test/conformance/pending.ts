/**
 * Conformance kinds whose rules are not implemented yet. `npm test` reports vectors of these kinds as pending
 * (never as passed) and tolerates their failure; `npm run conformance` still counts them as failures.
 * Each service issue empties its part of this list. A pending kind whose vectors all pass is an error:
 * take it off the list.
 */
export const PENDING_KINDS: readonly string[] = []
