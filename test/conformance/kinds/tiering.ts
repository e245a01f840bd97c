import type { KindRegistry } from '../types'

/** Conformance adapters for the tiering rules in @omic/domain: vector input → domain call → output object. */
export const tieringKinds: KindRegistry = {}
