import type { KindRegistry } from '../types'

/** Conformance adapters for the handover rules in @omic/domain: vector input → domain call → output object. */
export const handoverKinds: KindRegistry = {}
