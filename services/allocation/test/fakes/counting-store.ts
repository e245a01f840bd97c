import type { AllocationStore } from '../../src/ports'

/** The store port's methods that read (every other method writes). */
const READS = new Set<string>([
  'getCase',
  'caseWithHistory',
  'history',
  'listCases',
  'caseload',
  'comCaseload',
  'comDemand',
  'getPom',
  'listPoms',
  'getCom',
  'listComs',
  'pendingBefore',
])

/** Wraps a store and counts its reads, by method (`reads.total` is the sum). */
export function countingStore<S extends AllocationStore>(
  store: S,
): { store: S; reads: Map<string, number>; total(): number; reset(): void } {
  const reads = new Map<string, number>()
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver)
      if (typeof property !== 'string' || typeof value !== 'function' || !READS.has(property)) return value
      return (...args: unknown[]) => {
        reads.set(property, (reads.get(property) ?? 0) + 1)
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return {
    store: counted,
    reads,
    total: () => [...reads.values()].reduce((a, b) => a + b, 0),
    reset: () => reads.clear(),
  }
}
