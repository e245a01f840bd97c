/**
 * How values are written into email personalisation (notifications.md; allocation.md §8; handover.md §g).
 * GOV.UK Notify personalisation is a flat map of strings: every helper returns a string, never null.
 */
import { type IsoDate, isValidIsoDate } from '../shared/dates'

/** What an unknown LDU, COM or handover field reads as (allocation.md §8 "Personalisation defaults"). */
export const UNKNOWN = 'Unknown'
/** What a missing OASys assessment reads as. */
export const NO_OASYS = 'No OASys information'

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const

/** `2021-04-09` → `9 April 2021` (Notify's and the anchors' `d MMMM yyyy`). */
export function formatLongDate(date: IsoDate): string {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`)
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return `${d} ${MONTHS[m - 1]} ${y}`
}

/** A date in long form, or `fallback` (default "Unknown") when there is none. */
export function longDateOr(date: IsoDate | null | undefined, fallback: string = UNKNOWN): string {
  return date ? formatLongDate(date) : fallback
}

/** A text value, or `fallback` (default "Unknown") when it is missing or blank. */
export function textOr(value: string | null | undefined, fallback: string = UNKNOWN): string {
  return value?.trim() ? value.trim() : fallback
}

/** Notify's conditional-content flags are the strings "yes" / "no". */
export function yesNo(value: boolean): 'yes' | 'no' {
  return value ? 'yes' : 'no'
}

/** `JOHN o'NEIL-SMITH` → `John O'Neil-Smith` (each word and each part after `-` or `'` capitalised). */
export function titleise(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/(^|[\s\-'])([a-z])/g, (_, sep: string, letter: string) => sep + letter.toUpperCase())
}

/** A person's name as an email shows it: `First Last`, titleised. */
export function fullName(first: string | null | undefined, last: string | null | undefined): string | null {
  const parts = [first, last].filter((p): p is string => !!p?.trim()).map(titleise)
  return parts.length ? parts.join(' ') : null
}

/** The first word of a full name (`Jane Doe` → `Jane`). */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0]
  return first ? titleise(first) : null
}
