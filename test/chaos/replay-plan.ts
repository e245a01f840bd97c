/**
 * The chaos replay's plan: the captured upstream events shuffled with a seeded PRNG, with duplicates of two kinds
 * mixed in at random places. Same seed, same events → same plan, so a failure can be reproduced.
 */
import type { Rng } from '../../local/src/demo/prng'
import type { BusEvent } from '../../local/src/runtime/event-bus'

export type ReplayStep =
  /** The captured event, with its original id and time. */
  | { kind: 'original'; event: BusEvent }
  /** EventBridge delivering the same event again (at least once): the same id. */
  | { kind: 'redelivery'; event: BusEvent }
  /** The upstream system publishing the same domain event again: the same detail, a new event id. */
  | { kind: 'republish'; event: BusEvent }

/** Fisher–Yates with the given generator. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    const a = out[i] as T
    out[i] = out[j] as T
    out[j] = a
  }
  return out
}

export function planReplay(events: readonly BusEvent[], rng: Rng, duplicateShare: number): ReplayStep[] {
  const steps: ReplayStep[] = shuffled(events, rng).map(event => ({ kind: 'original', event }))
  const duplicates = Math.max(2, Math.round(events.length * duplicateShare))
  for (let n = 0; n < duplicates; n++) {
    const event = rng.pick(events)
    // half of each kind, alternating, so both are always there
    const step: ReplayStep = n % 2 === 0 ? { kind: 'redelivery', event } : { kind: 'republish', event }
    steps.splice(rng.int(0, steps.length), 0, step)
  }
  return steps
}
