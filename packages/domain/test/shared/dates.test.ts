import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonths,
  ageOn,
  daysBetween,
  fromDayNumber,
  isValidIsoDate,
  londonDateOf,
  minDate,
  toDayNumber,
} from '../../src/shared/dates'

describe('calendar dates', () => {
  it('subtracting months clamps to the end of the shorter month', () => {
    expect(addMonths('2026-12-31', -8)).toBe('2026-04-30')
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29')
    expect(addMonths('2023-03-31', -1)).toBe('2023-02-28')
    expect(addMonths('2024-01-31', 13)).toBe('2025-02-28')
  })

  it('months then days: ERD − 8 months − 14 days', () => {
    expect(addDays(addMonths('2026-12-31', -8), -14)).toBe('2026-04-16')
  })

  it('day numbers round-trip for every day over four centuries', () => {
    fc.assert(
      fc.property(fc.integer({ min: -150000, max: 150000 }), n => {
        expect(toDayNumber(fromDayNumber(n))).toBe(n)
      }),
    )
    expect(toDayNumber('1970-01-01')).toBe(0)
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2)
  })

  it('rejects dates that are not on the calendar', () => {
    expect(isValidIsoDate('2023-02-29')).toBe(false)
    expect(isValidIsoDate('2024-02-29')).toBe(true)
    expect(isValidIsoDate('2024-2-9')).toBe(false)
    expect(() => addDays('2024-13-01', 1)).toThrow(RangeError)
  })

  it('the 18th birthday counts as 18', () => {
    expect(ageOn('2008-11-23', '2026-11-23')).toBe(18)
    expect(ageOn('2008-11-24', '2026-11-23')).toBe(17)
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17)
  })

  it('minDate ignores nulls', () => {
    expect(minDate(null, '2025-01-02', undefined, '2024-05-06')).toBe('2024-05-06')
    expect(minDate(null)).toBeNull()
  })

  it('London date of an instant follows BST', () => {
    expect(londonDateOf(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(londonDateOf(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })
})
