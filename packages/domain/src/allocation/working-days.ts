/**
 * Working days in England and Wales: Monday to Friday except bank holidays. The calendar is computed, not fetched:
 * the fixed-date holidays with their substitute days, Easter (Good Friday, Easter Monday), the early May, spring and
 * summer Mondays, and the one-off changes proclaimed since 1978 (royal occasions, the millennium). A holiday
 * proclaimed later is passed in as `extraHolidays` until this table learns it.
 *
 * Manage POM Cases counts "working days since entering this prison" with the business_time gem
 * (`date.business_days_until(today)`): working days from the first date inclusive to the second exclusive.
 */
import type { IsoDate } from '../shared/dates'
import { addDays, fromDayNumber, isValidIsoDate, toDayNumber } from '../shared/dates'

export interface BankHoliday {
  date: IsoDate
  title: string
}

/** Extra days off (a newly proclaimed holiday) and days this table lists that turned out not to be holidays. */
export interface WorkingDayCalendar {
  extraHolidays?: readonly IsoDate[]
  notHolidays?: readonly IsoDate[]
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 (day 0) was a Thursday. */
export function dayOfWeek(date: IsoDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7
}

const iso = (y: number, m: number, d: number): IsoDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return iso(year, month, day)
}

function firstMonday(year: number, month: number): IsoDate {
  const first = iso(year, month, 1)
  return addDays(first, (8 - dayOfWeek(first)) % 7)
}

function lastMonday(year: number, month: number): IsoDate {
  const nextFirst = month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1)
  const last = addDays(nextFirst, -1)
  return addDays(last, -((dayOfWeek(last) + 6) % 7))
}

/** One-off changes by royal proclamation: a moved holiday replaces the usual date; an extra one is added. */
const MOVED: Readonly<Record<string, { from: 'earlyMay' | 'spring'; to: IsoDate }>> = {
  '1995': { from: 'earlyMay', to: '1995-05-08' },
  '2002': { from: 'spring', to: '2002-06-04' },
  '2012': { from: 'spring', to: '2012-06-04' },
  '2020': { from: 'earlyMay', to: '2020-05-08' },
  '2022': { from: 'spring', to: '2022-06-02' },
}
const EXTRA: readonly BankHoliday[] = [
  { date: '1981-07-29', title: 'Royal wedding' },
  { date: '1999-12-31', title: 'Millennium celebrations' },
  { date: '2002-06-03', title: 'Golden Jubilee' },
  { date: '2011-04-29', title: 'Royal wedding' },
  { date: '2012-06-05', title: 'Diamond Jubilee' },
  { date: '2022-06-03', title: 'Platinum Jubilee' },
  { date: '2022-09-19', title: 'State Funeral of Queen Elizabeth II' },
  { date: '2023-05-08', title: 'Coronation of King Charles III' },
]

/**
 * The bank holidays of England and Wales in a year (1978 onwards, when the early May holiday began), in date
 * order. When New Year's Day, Christmas Day or Boxing Day falls at a weekend the next free weekday is the holiday.
 */
export function bankHolidaysEnglandAndWales(year: number): BankHoliday[] {
  if (!Number.isInteger(year) || year < 1978 || year > 9999) {
    throw new RangeError(`Bank holidays are known for 1978 to 9999, not ${year}`)
  }
  const out: BankHoliday[] = []
  const newYear = iso(year, 1, 1)
  const nyDow = dayOfWeek(newYear)
  out.push({
    date: nyDow === 6 ? addDays(newYear, 2) : nyDow === 0 ? addDays(newYear, 1) : newYear,
    title: nyDow === 6 || nyDow === 0 ? 'New Year’s Day (substitute day)' : 'New Year’s Day',
  })
  const easter = easterSunday(year)
  out.push({ date: addDays(easter, -2), title: 'Good Friday' })
  out.push({ date: addDays(easter, 1), title: 'Easter Monday' })
  const moved = MOVED[String(year)]
  out.push({
    date: moved?.from === 'earlyMay' ? moved.to : firstMonday(year, 5),
    title: 'Early May bank holiday',
  })
  out.push({ date: moved?.from === 'spring' ? moved.to : lastMonday(year, 5), title: 'Spring bank holiday' })
  out.push({ date: lastMonday(year, 8), title: 'Summer bank holiday' })

  const christmas = iso(year, 12, 25)
  const xDow = dayOfWeek(christmas)
  // Sat: Christmas → Mon 27, Boxing Day (Sun) → Tue 28. Sun: Boxing Day Mon 26, Christmas → Tue 27.
  // Fri: Boxing Day (Sat) → Mon 28. Otherwise both on their dates.
  if (xDow === 6) {
    out.push({ date: iso(year, 12, 27), title: 'Christmas Day (substitute day)' })
    out.push({ date: iso(year, 12, 28), title: 'Boxing Day (substitute day)' })
  } else if (xDow === 0) {
    out.push({ date: iso(year, 12, 26), title: 'Boxing Day' })
    out.push({ date: iso(year, 12, 27), title: 'Christmas Day (substitute day)' })
  } else if (xDow === 5) {
    out.push({ date: christmas, title: 'Christmas Day' })
    out.push({ date: iso(year, 12, 28), title: 'Boxing Day (substitute day)' })
  } else {
    out.push({ date: christmas, title: 'Christmas Day' })
    out.push({ date: iso(year, 12, 26), title: 'Boxing Day' })
  }
  for (const extra of EXTRA) if (extra.date.startsWith(`${year}-`)) out.push(extra)
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

const yearCache = new Map<number, ReadonlySet<string>>()

function holidaySet(year: number): ReadonlySet<string> {
  let set = yearCache.get(year)
  if (!set) {
    set = new Set(bankHolidaysEnglandAndWales(year).map(h => h.date))
    yearCache.set(year, set)
  }
  return set
}

export function isBankHoliday(date: IsoDate, calendar: WorkingDayCalendar = {}): boolean {
  if (calendar.notHolidays?.includes(date)) return false
  if (calendar.extraHolidays?.includes(date)) return true
  return holidaySet(Number(date.slice(0, 4))).has(date)
}

/** Monday to Friday and not a bank holiday in England and Wales. */
export function isWorkingDay(date: IsoDate, calendar: WorkingDayCalendar = {}): boolean {
  const dow = dayOfWeek(date)
  return dow !== 0 && dow !== 6 && !isBankHoliday(date, calendar)
}

/**
 * Working days from `from` (inclusive) to `to` (exclusive): how many working days someone who arrived on `from`
 * has waited by `to`. Arrived on a Monday, asked on the Tuesday → 1; arrived on a Saturday, asked on the Monday → 0.
 * 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate, calendar: WorkingDayCalendar = {}): number {
  if (!isValidIsoDate(from)) throw new RangeError(`Not a calendar date: ${JSON.stringify(from)}`)
  if (!isValidIsoDate(to)) throw new RangeError(`Not a calendar date: ${JSON.stringify(to)}`)
  const start = toDayNumber(from)
  const end = toDayNumber(to)
  if (end <= start) return 0
  // Whole weeks contribute five weekdays each; the holidays in range are then taken off one by one
  const days = end - start
  const weeks = Math.floor(days / 7)
  let weekdays = weeks * 5
  for (let d = start + weeks * 7; d < end; d++) {
    const dow = (((d + 4) % 7) + 7) % 7
    if (dow !== 0 && dow !== 6) weekdays++
  }
  let holidays = 0
  const firstYear = Number(from.slice(0, 4))
  const lastYear = Number(fromDayNumber(end - 1).slice(0, 4))
  for (let y = firstYear; y <= lastYear; y++) {
    for (const h of holidaySet(y)) {
      const n = toDayNumber(h)
      const dow = (((n + 4) % 7) + 7) % 7
      if (n >= start && n < end && dow !== 0 && dow !== 6 && !calendar.notHolidays?.includes(h)) holidays++
    }
  }
  for (const h of new Set(calendar.extraHolidays ?? [])) {
    const n = toDayNumber(h)
    const dow = (((n + 4) % 7) + 7) % 7
    if (n >= start && n < end && dow !== 0 && dow !== 6 && !holidaySet(Number(h.slice(0, 4))).has(h)) holidays++
  }
  return weekdays - holidays
}

/**
 * The date `n` working days after `date` (n > 0) or before it (n < 0), stepping only on working days; `date`
 * itself for n = 0. Two working days before Tuesday 2026-05-05 (after the early May bank holiday) is Thursday
 * 2026-04-30.
 */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkingDayCalendar = {}): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number, not ${n}`)
  let current = date
  const step = n < 0 ? -1 : 1
  for (let left = Math.abs(n); left > 0; ) {
    current = addDays(current, step)
    if (isWorkingDay(current, calendar)) left--
  }
  return current
}
