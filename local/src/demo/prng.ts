/** A small seeded pseudo-random generator (mulberry32) with the helpers the demo estate needs. No Math.random. */

/** 32-bit integer hash of a few integers (splitmix-style finaliser), for deriving independent streams. */
export function hash32(...values: number[]): number {
  let h = 0x9e3779b9
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
  }
  return h >>> 0
}

export class Rng {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A uniform float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** true with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** A uniform number in [min, max) rounded to `decimals` places. */
  decimal(min: number, max: number, decimals: number): number {
    const factor = 10 ** decimals
    return Math.round((min + this.next() * (max - min)) * factor) / factor
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new RangeError('pick from an empty list')
    return item
  }

  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string | number>(weights: ReadonlyArray<readonly [K, number]>): K {
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0)
    let roll = this.next() * total
    for (const [key, weight] of weights) {
      roll -= weight
      if (roll < 0) return key
    }
    const last = weights.at(-1)
    if (last === undefined) throw new RangeError('weighted pick from an empty list')
    return last[0]
  }
}

/** An independent generator for (seed, stream, index): the same triple always gives the same sequence. */
export function rngFor(seed: number, stream: number, index = 0): Rng {
  return new Rng(hash32(seed, stream, index))
}
