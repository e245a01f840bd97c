import { describe, expect, it } from 'vitest'
import {
  addWorkingDays,
  bankHolidaysEnglandAndWales,
  dayOfWeek,
  easterSunday,
  isBankHoliday,
  isWorkingDay,
  workingDaysBetween,
} from '../../src/allocation'
import { addDays } from '../../src/shared/dates'

// The published England and Wales lists (gov.uk/bank-holidays) for the years the service runs in
const GOV_UK: Readonly<Record<number, string[]>> = {
  2020: [
    '2020-01-01',
    '2020-04-10',
    '2020-04-13',
    '2020-05-08',
    '2020-05-25',
    '2020-08-31',
    '2020-12-25',
    '2020-12-28',
  ],
  2021: [
    '2021-01-01',
    '2021-04-02',
    '2021-04-05',
    '2021-05-03',
    '2021-05-31',
    '2021-08-30',
    '2021-12-27',
    '2021-12-28',
  ],
  2022: [
    '2022-01-03',
    '2022-04-15',
    '2022-04-18',
    '2022-05-02',
    '2022-06-02',
    '2022-06-03',
    '2022-08-29',
    '2022-09-19',
    '2022-12-26',
    '2022-12-27',
  ],
  2023: [
    '2023-01-02',
    '2023-04-07',
    '2023-04-10',
    '2023-05-01',
    '2023-05-08',
    '2023-05-29',
    '2023-08-28',
    '2023-12-25',
    '2023-12-26',
  ],
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
}

describe('the England and Wales bank holiday calendar', () => {
  it.each(Object.entries(GOV_UK))('matches the published list for %s', (year, dates) => {
    expect(bankHolidaysEnglandAndWales(Number(year)).map(h => h.date)).toEqual(dates)
  })

  it('knows the one-off changes: the 2012 Diamond Jubilee moved the spring holiday and added a day', () => {
    const dates = bankHolidaysEnglandAndWales(2012).map(h => h.date)
    expect(dates).toContain('2012-06-04')
    expect(dates).toContain('2012-06-05')
    expect(dates).not.toContain('2012-05-28')
    expect(bankHolidaysEnglandAndWales(1999).at(-1)).toEqual({ date: '1999-12-31', title: 'Millennium celebrations' })
  })

  it('names substitute days', () => {
    const titles = bankHolidaysEnglandAndWales(2022).map(h => `${h.date} ${h.title}`)
    expect(titles).toContain('2022-01-03 New Year’s Day (substitute day)')
    expect(titles).toContain('2022-12-27 Christmas Day (substitute day)')
  })

  it('computes Easter Sunday', () => {
    expect(['2024', '2025', '2026', '2038', '2285'].map(y => easterSunday(Number(y)))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2038-04-25',
      '2285-03-22',
    ])
  })

  it('refuses years it cannot know', () => {
    expect(() => bankHolidaysEnglandAndWales(1977)).toThrow(RangeError)
  })
})

describe('working days', () => {
  it('knows the day of the week', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4)
    expect(dayOfWeek('2026-05-04')).toBe(1)
    expect(dayOfWeek('1969-12-28')).toBe(0)
  })

  it('skips weekends and bank holidays', () => {
    expect(isWorkingDay('2026-05-01')).toBe(true) // Friday
    expect(isWorkingDay('2026-05-02')).toBe(false) // Saturday
    expect(isWorkingDay('2026-05-04')).toBe(false) // early May bank holiday
    expect(isBankHoliday('2026-05-04')).toBe(true)
  })

  it('counts from the first date inclusive to the second exclusive (business_time)', () => {
    expect(workingDaysBetween('2026-04-27', '2026-04-28')).toBe(1) // Monday → Tuesday
    expect(workingDaysBetween('2026-05-02', '2026-05-04')).toBe(0) // Saturday → the bank holiday Monday
    expect(workingDaysBetween('2026-04-30', '2026-05-06')).toBe(3) // Thu, Fri, (Mon holiday), Tue
    expect(workingDaysBetween('2026-05-06', '2026-05-06')).toBe(0)
    expect(workingDaysBetween('2026-05-06', '2026-04-06')).toBe(0)
  })

  it('counts across years and holidays: 2026 has 253 working days', () => {
    expect(workingDaysBetween('2026-01-01', '2027-01-01')).toBe(261 - 8)
    expect(workingDaysBetween('2025-12-24', '2026-01-05')).toBe(5) // 24, 29, 30, 31 Dec, 2 Jan
  })

  it('agrees with counting day by day', () => {
    const from = '2025-11-20'
    for (let n = 0; n < 120; n += 7) {
      const to = addDays(from, n)
      let count = 0
      for (let d = from; d < to; d = addDays(d, 1)) if (isWorkingDay(d)) count++
      expect(workingDaysBetween(from, to)).toBe(count)
    }
  })

  it('takes newly proclaimed holidays and cancellations from the calendar passed in', () => {
    const calendar = { extraHolidays: ['2026-06-01'], notHolidays: ['2026-05-25'] }
    expect(isWorkingDay('2026-06-01', calendar)).toBe(false)
    expect(isWorkingDay('2026-05-25', calendar)).toBe(true)
    expect(workingDaysBetween('2026-05-25', '2026-06-02', calendar)).toBe(5)
    expect(workingDaysBetween('2026-05-25', '2026-06-02')).toBe(5)
  })

  it('steps forwards and backwards over working days', () => {
    expect(addWorkingDays('2026-05-05', -2)).toBe('2026-04-30')
    expect(addWorkingDays('2026-04-30', 2)).toBe('2026-05-05')
    expect(addWorkingDays('2026-05-02', 0)).toBe('2026-05-02')
    expect(() => addWorkingDays('2026-05-02', 1.5)).toThrow(RangeError)
  })

  it('rejects dates that are not calendar dates', () => {
    expect(() => workingDaysBetween('2026-02-30', '2026-03-02')).toThrow(RangeError)
  })
})
