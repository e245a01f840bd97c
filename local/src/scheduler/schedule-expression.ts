/**
 * EventBridge Scheduler schedule expressions, for running `AWS::Scheduler::Schedule` resources locally. Pure: no I/O,
 * no clock ("now" is always passed in), no dependencies: time zones are handled with `Intl.DateTimeFormat`.
 *
 * Supported:
 * - `cron(minutes hours day-of-month month day-of-week year)` — six fields. `*`, `,`, `-` (ranges, which may wrap,
 *   e.g. `FRI-MON`), `/` (increments: `0/15`, `*\/15`, `10-50/20`), `?` (exactly one of day-of-month and day-of-week
 *   must be `?`), `L` (day-of-month: last day; day-of-week: `L` alone is 7 = SAT, `6L` = last Friday), `W`
 *   (day-of-month: `15W` nearest weekday to the 15th within the month, `LW` last weekday), `#` (day-of-week: `3#2`
 *   = second Tuesday). Day-of-week is numbered 1 = SUN … 7 = SAT; names SUN–SAT and JAN–DEC are case-insensitive.
 *   Years are 1970–2199.
 * - `rate(value unit)` — unit `minute`/`minutes`/`hour`/`hours`/`day`/`days` (singular exactly when value is 1). A rate
 *   is a fixed duration (a day is 24 hours, whatever the clocks do) counted from an anchor: the schedule's start.
 * - `at(yyyy-mm-ddThh:mm:ss)` — one local date-time.
 *
 * Cron and at() are evaluated as wall-clock times in an IANA time zone (default `UTC`). Around clock changes:
 * - a local time that does not exist (clocks going forward) fires once, at the first valid instant after it
 *   (for Europe/London on 2026-03-29, 01:30 fires at 02:00 BST = 01:00 UTC), unless `dstGap: 'skip'` is passed, which
 *   skips that occurrence — the behaviour AWS documents for EventBridge Scheduler;
 * - a local time that happens twice (clocks going back) fires once, at its first occurrence (for Europe/London on
 *   2026-10-25, 01:30 fires at 01:30 BST = 00:30 UTC, and not again at 01:30 GMT).
 */

export interface DayOfMonthSpec {
  /** Days of the month (1–31) listed, ranged or stepped. */
  readonly days: readonly number[]
  /** `L`: the last day of the month. */
  readonly lastDay: boolean
  /** `LW`: the last weekday (Mon–Fri) of the month. */
  readonly lastWeekday: boolean
  /** `nW`: the weekday nearest to day n, without leaving the month. */
  readonly nearestWeekday: readonly number[]
}

export interface DayOfWeekSpec {
  /** Days of the week, 1 = SUN … 7 = SAT. */
  readonly days: readonly number[]
  /** `nL`: the last such day of the week in the month. */
  readonly lastOfMonth: readonly number[]
  /** `n#k`: the k-th such day of the week in the month. */
  readonly nthOfMonth: readonly { readonly day: number; readonly nth: number }[]
}

export interface CronSchedule {
  readonly kind: 'cron'
  readonly expression: string
  readonly minutes: readonly number[]
  readonly hours: readonly number[]
  /** `null` when the field is `?`. */
  readonly dayOfMonth: DayOfMonthSpec | null
  readonly months: readonly number[]
  /** `null` when the field is `?`. */
  readonly dayOfWeek: DayOfWeekSpec | null
  readonly years: readonly number[]
}

export interface RateSchedule {
  readonly kind: 'rate'
  readonly expression: string
  readonly value: number
  readonly unit: 'minutes' | 'hours' | 'days'
  readonly intervalMs: number
}

export interface AtSchedule {
  readonly kind: 'at'
  readonly expression: string
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

export type ScheduleExpression = CronSchedule | RateSchedule | AtSchedule

export const DstGapPolicy = {
  /** Fire once at the first valid instant after the nonexistent local time. */
  nextValid: 'next-valid',
  /** Skip the occurrence, as AWS documents for EventBridge Scheduler. */
  skip: 'skip',
} as const

export type DstGapPolicy = (typeof DstGapPolicy)[keyof typeof DstGapPolicy]

export interface NextFireTimeOptions {
  /**
   * rate() only: the instant the schedule counts from (its StartDate, or when it was created). The schedule fires at
   * `rateAnchor + k × interval` for k ≥ 0, so a future anchor is itself the next fire time. Defaults to `after`, which
   * makes the next fire time `after + interval`.
   */
  readonly rateAnchor?: Date
  /** What to do with a cron/at local time that the clocks skip. Defaults to `'next-valid'`. */
  readonly dstGap?: DstGapPolicy
}

export const DEFAULT_TIMEZONE = 'UTC'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

const UNIT_MS = { minutes: MINUTE_MS, hours: HOUR_MS, days: DAY_MS } as const

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const
const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const

interface FieldDef {
  readonly name: string
  readonly min: number
  readonly max: number
  readonly names?: readonly string[]
  readonly wraps: boolean
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59, wraps: true },
  hours: { name: 'hours', min: 0, max: 23, wraps: true },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31, wraps: true },
  month: { name: 'month', min: 1, max: 12, names: MONTH_NAMES, wraps: true },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: DAY_NAMES, wraps: true },
  year: { name: 'year', min: 1970, max: 2199, wraps: false },
} as const satisfies Record<string, FieldDef>

// ---------------------------------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------------------------------

/** Parses a schedule expression. Throws an Error naming the expression and the offending field when it is invalid. */
export function parseScheduleExpression(expr: string): ScheduleExpression {
  const expression = expr.trim()
  const call = /^(cron|rate|at)\((.*)\)$/s.exec(expression)
  if (!call) {
    throw new Error(`Invalid schedule expression ${JSON.stringify(expr)}: expected cron(...), rate(...) or at(...)`)
  }
  const body = (call[2] ?? '').trim()
  switch (call[1]) {
    case 'cron':
      return parseCron(expression, body)
    case 'rate':
      return parseRate(expression, body)
    default:
      return parseAt(expression, body)
  }
}

class FieldError extends Error {}

function parseCron(expression: string, body: string): CronSchedule {
  const parts = body === '' ? [] : body.split(/\s+/)
  if (parts.length !== 6) {
    throw new Error(
      `Invalid cron expression ${JSON.stringify(expression)}: expected 6 fields ` +
        `(minutes hours day-of-month month day-of-week year), got ${parts.length}`,
    )
  }
  const [minText = '', hourText = '', domText = '', monthText = '', dowText = '', yearText = ''] = parts
  const field = <T>(def: FieldDef, text: string, parse: (def: FieldDef, text: string) => T): T => {
    try {
      return parse(def, text)
    } catch (e) {
      if (!(e instanceof FieldError)) throw e
      throw new Error(`Invalid cron expression ${JSON.stringify(expression)}: ${def.name} field "${text}" ${e.message}`)
    }
  }
  const dayOfMonth = field(FIELDS.dayOfMonth, domText, parseDayOfMonth)
  const dayOfWeek = field(FIELDS.dayOfWeek, dowText, parseDayOfWeek)
  if ((dayOfMonth === null) === (dayOfWeek === null)) {
    throw new Error(
      `Invalid cron expression ${JSON.stringify(expression)}: exactly one of the day-of-month ("${domText}") and ` +
        `day-of-week ("${dowText}") fields must be "?"`,
    )
  }
  return {
    kind: 'cron',
    expression,
    minutes: field(FIELDS.minutes, minText, parseValues),
    hours: field(FIELDS.hours, hourText, parseValues),
    dayOfMonth,
    months: field(FIELDS.month, monthText, parseValues),
    dayOfWeek,
    years: field(FIELDS.year, yearText, parseValues),
  }
}

/** A field made only of `*`, values, ranges and increments, as a sorted list of distinct values. */
function parseValues(def: FieldDef, text: string): number[] {
  if (text === '?') throw new FieldError(`"?" is only allowed in the day-of-month and day-of-week fields`)
  const values = new Set<number>()
  for (const item of splitList(text)) for (const v of expandItem(def, item)) values.add(v)
  return [...values].sort((a, b) => a - b)
}

function parseDayOfMonth(def: FieldDef, text: string): DayOfMonthSpec | null {
  if (text === '?') return null
  const days = new Set<number>()
  const nearestWeekday = new Set<number>()
  let lastDay = false
  let lastWeekday = false
  for (const item of splitList(text)) {
    const upper = item.toUpperCase()
    if (upper === 'L') lastDay = true
    else if (upper === 'LW') lastWeekday = true
    else if (upper.endsWith('W')) nearestWeekday.add(parseValue(def, item.slice(0, -1)))
    else for (const v of expandItem(def, item)) days.add(v)
  }
  return { days: sorted(days), lastDay, lastWeekday, nearestWeekday: sorted(nearestWeekday) }
}

function parseDayOfWeek(def: FieldDef, text: string): DayOfWeekSpec | null {
  if (text === '?') return null
  const days = new Set<number>()
  const lastOfMonth = new Set<number>()
  const nthOfMonth: { day: number; nth: number }[] = []
  for (const item of splitList(text)) {
    const upper = item.toUpperCase()
    if (upper === 'L') {
      days.add(def.max)
    } else if (upper.endsWith('L')) {
      lastOfMonth.add(parseValue(def, item.slice(0, -1)))
    } else if (item.includes('#')) {
      const [dayText = '', nthText = ''] = item.split('#')
      const nth = Number(nthText)
      if (!/^[1-5]$/.test(nthText)) throw new FieldError(`has "#${nthText}": the occurrence must be 1-5`)
      nthOfMonth.push({ day: parseValue(def, dayText), nth })
    } else {
      for (const v of expandItem(def, item)) days.add(v)
    }
  }
  return { days: sorted(days), lastOfMonth: sorted(lastOfMonth), nthOfMonth }
}

function splitList(text: string): string[] {
  const items = text.split(',')
  if (items.some(item => item === '')) throw new FieldError('has an empty list item')
  return items
}

/** `*`, `v`, `a-b`, each optionally followed by `/step`. */
function expandItem(def: FieldDef, item: string): number[] {
  const [base = '', stepText, extra] = item.split('/')
  if (extra !== undefined) throw new FieldError(`has more than one "/" in "${item}"`)
  let step = 1
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
      throw new FieldError(`has increment "${stepText}": it must be a positive whole number`)
    }
    step = Number(stepText)
  }
  let from: number
  let to: number
  if (base === '*') {
    from = def.min
    to = def.max
  } else if (base.includes('-')) {
    const [fromText = '', toText = '', more] = base.split('-')
    if (more !== undefined) throw new FieldError(`has a malformed range "${base}"`)
    from = parseValue(def, fromText)
    to = parseValue(def, toText)
    if (from > to && !def.wraps) throw new FieldError(`has a backwards range "${base}"`)
  } else {
    from = parseValue(def, base)
    to = stepText === undefined ? from : def.max
  }
  const span = def.max - def.min + 1
  const count = (to >= from ? to - from : to + span - from) + 1
  const values: number[] = []
  for (let i = 0; i < count; i += step) values.push(((from - def.min + i) % span) + def.min)
  return values
}

function parseValue(def: FieldDef, text: string): number {
  const upper = text.toUpperCase()
  const nameIndex = def.names?.indexOf(upper) ?? -1
  if (nameIndex >= 0) return nameIndex + 1
  if (!/^\d+$/.test(text)) {
    const names = def.names ? ` or ${def.names[0]}-${def.names[def.names.length - 1]}` : ''
    throw new FieldError(`has "${text}": expected a number ${def.min}-${def.max}${names}`)
  }
  const value = Number(text)
  if (value < def.min || value > def.max) throw new FieldError(`has ${value}: out of range ${def.min}-${def.max}`)
  return value
}

function sorted(values: Set<number>): number[] {
  return [...values].sort((a, b) => a - b)
}

function parseRate(expression: string, body: string): RateSchedule {
  const m = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(body)
  const fail = (reason: string): never => {
    throw new Error(`Invalid rate expression ${JSON.stringify(expression)}: ${reason}`)
  }
  if (!m) return fail('expected rate(value unit) with unit minute(s), hour(s) or day(s)')
  const value = Number(m[1])
  const unitText = m[2] ?? ''
  if (value < 1) return fail('the value must be a positive whole number')
  const plural = unitText.endsWith('s')
  if (value === 1 && plural) return fail(`the unit must be singular when the value is 1 ("${unitText.slice(0, -1)}")`)
  if (value > 1 && !plural) return fail(`the unit must be plural when the value is more than 1 ("${unitText}s")`)
  const unit = (plural ? unitText : `${unitText}s`) as RateSchedule['unit']
  return { kind: 'rate', expression, value, unit, intervalMs: value * UNIT_MS[unit] }
}

function parseAt(expression: string, body: string): AtSchedule {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body)
  const fail = (reason: string): never => {
    throw new Error(`Invalid at expression ${JSON.stringify(expression)}: ${reason}`)
  }
  if (!m) return fail('expected at(yyyy-mm-ddThh:mm:ss)')
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (month < 1 || month > 12) fail(`month ${month} is out of range 1-12`)
  if (day < 1 || day > daysInMonth(year, month)) fail(`day ${day} does not exist in ${year}-${m[2]}`)
  if (hour > 23) fail(`hour ${hour} is out of range 0-23`)
  if (minute > 59) fail(`minute ${minute} is out of range 0-59`)
  if (second > 59) fail(`second ${second} is out of range 0-59`)
  return { kind: 'at', expression, year, month, day, hour, minute, second }
}

// ---------------------------------------------------------------------------------------------------------------------
// Next fire time
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The first instant strictly after `after` at which the schedule fires, or `null` if it never fires again (an at()
 * in the past, a cron whose years have passed or whose days never occur).
 *
 * @param timezone IANA zone the expression is evaluated in (ScheduleExpressionTimezone); `UTC` when undefined or empty.
 */
export function nextFireTime(
  expr: string | ScheduleExpression,
  timezone: string | undefined,
  after: Date,
  options: NextFireTimeOptions = {},
): Date | null {
  const schedule = typeof expr === 'string' ? parseScheduleExpression(expr) : expr
  const afterMs = after.getTime()
  if (Number.isNaN(afterMs)) throw new Error('nextFireTime: "after" is not a valid Date')
  const zone = zoneFor(timezone || DEFAULT_TIMEZONE)
  const gap = options.dstGap ?? DstGapPolicy.nextValid
  switch (schedule.kind) {
    case 'rate':
      return nextRate(schedule, afterMs, options.rateAnchor ?? after)
    case 'at': {
      const { year, month, day, hour, minute, second } = schedule
      const at = wallToInstant(zone, Date.UTC(year, month - 1, day, hour, minute, second), gap)
      return at !== null && at > afterMs ? new Date(at) : null
    }
    default:
      return nextCron(schedule, zone, afterMs, gap)
  }
}

function nextRate(schedule: RateSchedule, afterMs: number, anchor: Date): Date {
  const anchorMs = anchor.getTime()
  if (Number.isNaN(anchorMs)) throw new Error('nextFireTime: "rateAnchor" is not a valid Date')
  if (anchorMs > afterMs) return new Date(anchorMs)
  const periods = Math.floor((afterMs - anchorMs) / schedule.intervalMs) + 1
  return new Date(anchorMs + periods * schedule.intervalMs)
}

/**
 * Walks candidate local wall times in order. Mapping wall time → instant never goes backwards (a skipped time maps to
 * the end of the gap, a repeated time to its first occurrence), so the first candidate landing after `after` is the
 * answer. If the offset changed in the few hours before `after`, the walk starts that much earlier in wall time so the
 * change cannot hide a candidate; otherwise it starts at `after`'s own wall time.
 */
function nextCron(cron: CronSchedule, zone: Zone, afterMs: number, gap: DstGapPolicy): Date | null {
  const margin = offsetAt(zone, afterMs - 3 * HOUR_MS) === offsetAt(zone, afterMs) ? 0 : 3 * HOUR_MS
  const start = wallFields(zone, afterMs - margin)
  for (const year of cron.years) {
    if (year < start.year) continue
    for (const month of cron.months) {
      if (year === start.year && month < start.month) continue
      const dim = daysInMonth(year, month)
      const firstDay = year === start.year && month === start.month ? start.day : 1
      for (let day = firstDay; day <= dim; day++) {
        if (!dayMatches(cron, year, month, day)) continue
        const startDay = year === start.year && month === start.month && day === start.day
        for (const hour of cron.hours) {
          if (startDay && hour < start.hour) continue
          const startHour = startDay && hour === start.hour
          for (const minute of cron.minutes) {
            if (startHour && minute < start.minute) continue
            const at = wallToInstant(zone, Date.UTC(year, month - 1, day, hour, minute), gap)
            if (at !== null && at > afterMs) return new Date(at)
          }
        }
      }
    }
  }
  return null
}

function dayMatches(cron: CronSchedule, year: number, month: number, day: number): boolean {
  const dom = cron.dayOfMonth
  const dow = cron.dayOfWeek
  if (dom && !dayOfMonthMatches(dom, year, month, day)) return false
  if (dow && !dayOfWeekMatches(dow, year, month, day)) return false
  return true
}

function dayOfMonthMatches(spec: DayOfMonthSpec, year: number, month: number, day: number): boolean {
  if (spec.days.includes(day)) return true
  const dim = daysInMonth(year, month)
  if (spec.lastDay && day === dim) return true
  if (spec.lastWeekday && day === nearestWeekday(year, month, dim)) return true
  return spec.nearestWeekday.some(n => n <= dim && day === nearestWeekday(year, month, n))
}

function dayOfWeekMatches(spec: DayOfWeekSpec, year: number, month: number, day: number): boolean {
  const weekday = dayOfWeek(year, month, day)
  if (spec.days.includes(weekday)) return true
  if (spec.lastOfMonth.includes(weekday) && day + 7 > daysInMonth(year, month)) return true
  return spec.nthOfMonth.some(({ day: d, nth }) => d === weekday && Math.ceil(day / 7) === nth)
}

/** The Monday–Friday day nearest to `day` without leaving the month. */
function nearestWeekday(year: number, month: number, day: number): number {
  const weekday = dayOfWeek(year, month, day)
  const dim = daysInMonth(year, month)
  if (weekday === 7) return day === 1 ? 3 : day - 1 // Saturday: Friday before, or Monday the 3rd
  if (weekday === 1) return day === dim ? day - 2 : day + 1 // Sunday: Monday after, or Friday before at month end
  return day
}

/** 1 = SUN … 7 = SAT. */
function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

// ---------------------------------------------------------------------------------------------------------------------
// Time zones via Intl.DateTimeFormat. A "wall" time is the local date-time encoded as if it were UTC milliseconds.
// ---------------------------------------------------------------------------------------------------------------------

interface Zone {
  readonly name: string
  readonly format: Intl.DateTimeFormat
}

interface WallFields {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const zones = new Map<string, Zone>()

function zoneFor(name: string): Zone {
  const cached = zones.get(name)
  if (cached) return cached
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch {
    throw new Error(`Unknown time zone ${JSON.stringify(name)}: expected an IANA name such as "Europe/London"`)
  }
  const zone = { name, format }
  zones.set(name, zone)
  return zone
}

function wallFields(zone: Zone, instantMs: number): WallFields {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
  for (const part of zone.format.formatToParts(new Date(instantMs))) {
    if (part.type in fields) fields[part.type as keyof WallFields] = Number(part.value)
  }
  return fields
}

/** The zone's offset from UTC (wall − instant, in ms) at an instant, to the second. */
function offsetAt(zone: Zone, instantMs: number): number {
  const whole = Math.floor(instantMs / 1000) * 1000
  const w = wallFields(zone, whole)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole
}

/**
 * The instant a wall time happens in the zone: its first occurrence if the clocks repeat it; if the clocks skip it,
 * the first valid instant after it (`next-valid`) or `null` (`skip`).
 */
function wallToInstant(zone: Zone, wall: number, gap: DstGapPolicy): number | null {
  const before = offsetAt(zone, wall - DAY_MS / 2)
  const after = offsetAt(zone, wall + DAY_MS / 2)
  if (before === after) return wall - before // no change of offset within 12 hours either side
  const candidates = [...new Set([wall - before, wall - after])].sort((a, b) => a - b)
  const valid = candidates.find(c => offsetAt(zone, c) === wall - c)
  if (valid !== undefined) return valid
  if (gap === DstGapPolicy.skip) return null
  // Skipped (clocks went forward, so `after` > `before`): find, to the second, the instant the offset changes — the
  // first valid instant after the skipped wall time. It lies between the two candidates.
  let lo = Math.floor((wall - after) / 1000) // offset is still `before` here
  let hi = Math.ceil((wall - before) / 1000) // offset is already `after` here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(zone, mid * 1000) === after) hi = mid
    else lo = mid
  }
  return hi * 1000
}
