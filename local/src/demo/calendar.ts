/** Calendar dates as day numbers (days since 1970-01-01); pure arithmetic, no clock and no time zone. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

function civilToDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468
}

function dayToCivil(day: number): { y: number; m: number; d: number } {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d }
}

/** Day number of `YYYY-MM-DD`; throws on anything that is not a real calendar date. */
export function toDay(date: string): number {
  const match = ISO_DATE.exec(date)
  const [y, m, d] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])]
  if (!match || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`)
  }
  return civilToDay(y, m, d)
}

/** Formatted dates are cached: estates reuse the same few thousand days, so this saves time and memory. */
const formatted = new Map<number, string>()
const MAX_CACHED = 200_000

export function fromDay(day: number): string {
  const cached = formatted.get(day)
  if (cached !== undefined) return cached
  const { y, m, d } = dayToCivil(day)
  const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  if (formatted.size < MAX_CACHED) formatted.set(day, text)
  return text
}

/** Adds calendar months, clamping the day to the end of a shorter month (2026-12-31 − 10 months = 2026-02-28). */
export function addMonthsToDay(day: number, months: number): number {
  const { y, m, d } = dayToCivil(day)
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = (index % 12) + 1
  return civilToDay(year, month, Math.min(d, daysInMonth(year, month)))
}

const MILLIS_PER_DAY = 86_400_000

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ` for a day number plus milliseconds into that (UTC) day. `Date` is used only to format
 * a computed instant (never to read the clock); it also yields a flat string, which keeps large estates compact.
 */
export function timestamp(day: number, millisOfDay: number): string {
  return new Date(day * MILLIS_PER_DAY + millisOfDay).toISOString()
}
