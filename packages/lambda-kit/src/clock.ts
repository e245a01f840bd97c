import { type IsoDate, londonDateOf } from '@omic/domain'

/**
 * The one clock every service reads (the domain never does: it takes `today` as input). `today` is the calendar
 * date in Europe/London, the date every OMiC rule counts in.
 */
export interface Clock {
  now(): Date
  today(): IsoDate
}

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => londonDateOf(new Date()),
}

/** A clock stopped at `instant`, or moved by the test (`set`). */
export function fixedClock(instant: string | Date): Clock & { set(instant: string | Date): void } {
  let at = new Date(instant)
  return {
    now: () => new Date(at),
    today: () => londonDateOf(at),
    set(next) {
      at = new Date(next)
    },
  }
}
