/**
 * Prison names for emails. No event carries a prison register, so the names of the prisons this system knows are
 * kept here as data (NOMIS agency code → the establishment's name); a prison not listed is named by its code.
 * Add a prison by adding a row.
 */
import { UNKNOWN } from './format'

export const PRISON_NAMES: Readonly<Record<string, string>> = {
  BWI: 'HMP Berwyn',
  ESI: 'HMP East Sutton Park',
  HDI: 'HMP Hatfield',
  LEI: 'HMP Leeds',
  MDI: 'HMP Moorland',
  NHI: 'HMP New Hall',
  UPI: 'HMP Prescoed',
}

/** The prison's name, else its code as given (trimmed), else `Unknown` when no prison is known. */
export function prisonName(
  prisonId: string | null | undefined,
  names: Readonly<Record<string, string>> = PRISON_NAMES,
): string {
  const code = prisonId?.trim()
  if (!code) return UNKNOWN
  const key = code.toUpperCase()
  return (Object.hasOwn(names, key) ? names[key] : undefined) ?? code
}
