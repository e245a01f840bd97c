import type { KindRegistry } from '../types'

/** Conformance adapters for the allocation rules in @omic/domain: vector input → domain call → output object. */
export const allocationKinds: KindRegistry = {}
