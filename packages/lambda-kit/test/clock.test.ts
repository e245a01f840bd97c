import { describe, expect, it } from 'vitest'
import { fixedClock, systemClock } from '../src'

describe('fixedClock', () => {
  it('now() is the instant it was stopped at', () => {
    const clock = fixedClock('2026-03-10T09:15:00Z')
    expect(clock.now().toISOString()).toBe('2026-03-10T09:15:00.000Z')
    expect(clock.today()).toBe('2026-03-10')
  })

  it('accepts a Date, and now() hands out copies the caller cannot move the clock with', () => {
    const start = new Date('2026-03-10T09:15:00Z')
    const clock = fixedClock(start)
    start.setUTCFullYear(2030)
    const now = clock.now()
    now.setUTCFullYear(2031)
    expect(clock.now().toISOString()).toBe('2026-03-10T09:15:00.000Z')
  })

  it('set() moves the clock: now and today follow', () => {
    const clock = fixedClock('2026-03-10T09:15:00Z')
    clock.set('2026-04-01T12:00:00Z')
    expect(clock.now().toISOString()).toBe('2026-04-01T12:00:00.000Z')
    expect(clock.today()).toBe('2026-04-01')
    clock.set(new Date('2027-01-02T00:00:00Z'))
    expect(clock.today()).toBe('2027-01-02')
  })
})

describe('today is the calendar date in Europe/London', () => {
  it('in British Summer Time, 23:30 UTC is already the next day in London', () => {
    expect(fixedClock('2026-06-30T23:30:00Z').today()).toBe('2026-07-01')
  })

  it('in winter (GMT), 23:30 UTC is still the same day in London', () => {
    expect(fixedClock('2026-12-31T23:30:00Z').today()).toBe('2026-12-31')
  })

  it('the day turns at London midnight across the clock changes', () => {
    // BST starts 2026-03-29 01:00 UTC, ends 2026-10-25 01:00 UTC
    expect(fixedClock('2026-03-28T23:59:59Z').today()).toBe('2026-03-28')
    expect(fixedClock('2026-03-29T23:00:00Z').today()).toBe('2026-03-30')
    expect(fixedClock('2026-10-24T23:00:00Z').today()).toBe('2026-10-25')
    expect(fixedClock('2026-10-25T23:00:00Z').today()).toBe('2026-10-25')
  })

  it('an instant with an offset is read as the instant it names', () => {
    expect(fixedClock('2026-07-01T00:30:00+01:00').today()).toBe('2026-07-01')
    expect(fixedClock('2026-07-01T00:30:00+02:00').today()).toBe('2026-06-30')
  })
})

describe('systemClock', () => {
  it('reads the real time, and today is a YYYY-MM-DD date', () => {
    const before = Date.now()
    const now = systemClock.now().getTime()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now - before).toBeLessThan(5_000)
    expect(systemClock.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})
