import { londonDateOf } from '@omic/domain'
import type { Clock } from '@omic/lambda-kit'

/** A clock that reads `now` each time (tests move time by changing what `now` returns). */
export function clockOf(now: () => Date): Clock {
  return { now, today: () => londonDateOf(now()) }
}
