/**
 * Trace steps are immutable values. Most tiering steps can only take a few forms (a section score, a points total,
 * a tier letter…), so each form is built once, frozen and shared: a calculation then allocates almost nothing for
 * its explanation. Only steps that quote a free-form number or date (RSR, ARP/CSRP, release dates) are built per
 * call. A cache stops growing at MAX_CACHED_STEPS entries (it then builds without keeping).
 */
import type { TraceStep } from '../shared/result'

export const MAX_CACHED_STEPS = 4096

export class StepCache<A, B = void, C = void> {
  private readonly steps = new Map<number, TraceStep>()

  constructor(private readonly build: (a: A, b: B, c: C) => TraceStep) {}

  /** The step for `key`; `a`, `b`, `c` must determine the step whenever `key` is equal. */
  get(key: number, a: A, b: B, c: C): TraceStep {
    const cached = this.steps.get(key)
    if (cached !== undefined) return cached
    const step = freezeStep(this.build(a, b, c))
    if (this.steps.size < MAX_CACHED_STEPS) this.steps.set(key, step)
    return step
  }
}

export function freezeStep(step: TraceStep): TraceStep {
  if (step.inputs !== undefined) Object.freeze(step.inputs)
  return Object.freeze(step)
}

const scoreTexts = new Map<number, string>()

/** A score as text (`String(n)`), remembered: scores repeat across cases and formatting doubles is slow. */
export function scoreText(n: number): string {
  let text = scoreTexts.get(n)
  if (text === undefined) {
    text = String(n)
    if (scoreTexts.size < 4 * MAX_CACHED_STEPS) scoreTexts.set(n, text)
  }
  return text
}
