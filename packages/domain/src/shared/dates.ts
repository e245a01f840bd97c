/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`, Europe/London calendar). No clock, no time zone:
 * "today" is always passed in. Arithmetic is done on a day number (days since 1970-01-01) so it is exact.
 */
import { z } from 'zod'

declare const isoDateBrand: unique symbol
/** An ISO calendar date `YYYY-MM-DD`. */
export type IsoDate = string & { readonly [isoDateBrand]?: true }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export const isoDateSchema = z
  .string()
  .regex(ISO_DATE, 'must be a calendar date YYYY-MM-DD')
  .refine(isValidIsoDate, 'is not a real calendar date')

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0
}

interface Ymd {
  y: number
  m: number
  d: number
}

function parse(date: IsoDate): Ymd {
  const m = ISO_DATE.exec(date)
  if (!m || !isValidIsoDate(date)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`)
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }
}

function format({ y, m, d }: Ymd): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Days since 1970-01-01 (proleptic Gregorian), exact for any year 0–9999. */
export function toDayNumber(date: IsoDate): number {
  const { y, m, d } = parse(date)
  // Howard Hinnant's days_from_civil
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = (m + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function fromDayNumber(days: number): IsoDate {
  const z0 = days + 719468
  const era = Math.floor(z0 / 146097)
  const doe = z0 - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  return format({ y, m, d })
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

/** Adds (or with a negative n subtracts) calendar months, keeping the day and clamping to the month's end. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { y, m, d } = parse(date)
  const total = y * 12 + (m - 1) + months
  const ny = Math.floor(total / 12)
  const nm = total - ny * 12 + 1
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) })
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12)
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a)
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export const isBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) < 0
export const isAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) > 0
export const isOnOrBefore = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) <= 0
export const isOnOrAfter = (a: IsoDate, b: IsoDate): boolean => compareDates(a, b) >= 0

export function minDate(...dates: (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null
  for (const d of dates) if (d != null && (best === null || d < best)) best = d
  return best
}

export function maxDate(...dates: (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null
  for (const d of dates) if (d != null && (best === null || d > best)) best = d
  return best
}

/** Whole years of age on `today` (the birthday itself counts). */
export function ageOn(dateOfBirth: IsoDate, today: IsoDate): number {
  const b = parse(dateOfBirth)
  const t = parse(today)
  let age = t.y - b.y
  if (t.m < b.m || (t.m === b.m && t.d < b.d)) age -= 1
  return age
}

/** The ISO date of the first day of the month `date` falls in. */
export function startOfMonth(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`
}

/** Built once: constructing an Intl.DateTimeFormat costs far more than formatting with one. */
const LONDON_DAY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/**
 * Today's calendar date in Europe/London for an instant. Only adapters call this (the domain never reads a clock);
 * it lives here so every service agrees on one time zone.
 */
export function londonDateOf(instant: Date): IsoDate {
  const parts = LONDON_DAY.formatToParts(instant)
  const get = (t: string): string => parts.find(p => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}
