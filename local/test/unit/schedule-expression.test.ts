import { describe, expect, it } from 'vitest'
import type { NextFireTimeOptions } from '../../src/scheduler/schedule-expression'
import { DstGapPolicy, nextFireTime, parseScheduleExpression } from '../../src/scheduler/schedule-expression'

const LONDON = 'Europe/London'

/** The next `count` fire times (ISO, UTC) strictly after `from`. */
function fireTimes(
  expr: string,
  timezone: string | undefined,
  from: string,
  count: number,
  options: NextFireTimeOptions = {},
): string[] {
  const times: string[] = []
  let after = new Date(from)
  for (let i = 0; i < count; i++) {
    const next = nextFireTime(expr, timezone, after, options)
    if (!next) break
    times.push(next.toISOString())
    after = next
  }
  return times
}

const next = (expr: string, from: string, timezone?: string): string | undefined =>
  nextFireTime(expr, timezone, new Date(from))?.toISOString()

describe('parseScheduleExpression', () => {
  it('parses a cron expression into its fields', () => {
    expect(parseScheduleExpression('cron(0/15 9-17 ? * MON-FRI *)')).toEqual({
      kind: 'cron',
      expression: 'cron(0/15 9-17 ? * MON-FRI *)',
      minutes: [0, 15, 30, 45],
      hours: [9, 10, 11, 12, 13, 14, 15, 16, 17],
      dayOfMonth: null,
      months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      dayOfWeek: { days: [2, 3, 4, 5, 6], lastOfMonth: [], nthOfMonth: [] },
      years: Array.from({ length: 230 }, (_, i) => 1970 + i),
    })
  })

  it('parses rate expressions', () => {
    expect(parseScheduleExpression('rate(1 minute)')).toMatchObject({ kind: 'rate', value: 1, unit: 'minutes' })
    expect(parseScheduleExpression('rate(5 minutes)')).toMatchObject({ intervalMs: 300_000 })
    expect(parseScheduleExpression('rate(1 hour)')).toMatchObject({ unit: 'hours', intervalMs: 3_600_000 })
    expect(parseScheduleExpression('rate(2 days)')).toMatchObject({ unit: 'days', intervalMs: 172_800_000 })
  })

  it('parses at expressions', () => {
    expect(parseScheduleExpression('at(2026-03-29T01:30:05)')).toEqual({
      kind: 'at',
      expression: 'at(2026-03-29T01:30:05)',
      year: 2026,
      month: 3,
      day: 29,
      hour: 1,
      minute: 30,
      second: 5,
    })
  })

  it('tolerates surrounding and repeated whitespace', () => {
    expect(parseScheduleExpression('  cron( 0  3 * * ? * )  ')).toMatchObject({ minutes: [0], hours: [3] })
  })
})

describe('cron syntax', () => {
  it('* and fixed values', () => {
    expect(fireTimes('cron(* * * * ? *)', 'UTC', '2026-01-01T00:00:30Z', 2)).toEqual([
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:02:00.000Z',
    ])
    expect(next('cron(30 14 * * ? *)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T14:30:00.000Z')
    expect(next('cron(30 14 * * ? *)', '2026-01-01T14:30:00Z')).toBe('2026-01-02T14:30:00.000Z')
  })

  it('is strictly after the given instant', () => {
    expect(next('cron(0 12 * * ? *)', '2026-05-01T12:00:00Z')).toBe('2026-05-02T12:00:00.000Z')
    expect(next('cron(0 12 * * ? *)', '2026-05-01T11:59:59.999Z')).toBe('2026-05-01T12:00:00.000Z')
  })

  it(', lists', () => {
    expect(fireTimes('cron(0,30 8,20 * * ? *)', 'UTC', '2026-01-01T00:00:00Z', 5)).toEqual([
      '2026-01-01T08:00:00.000Z',
      '2026-01-01T08:30:00.000Z',
      '2026-01-01T20:00:00.000Z',
      '2026-01-01T20:30:00.000Z',
      '2026-01-02T08:00:00.000Z',
    ])
  })

  it('- ranges, including wrapping ranges', () => {
    expect(fireTimes('cron(0 22-1 * * ? *)', 'UTC', '2026-01-01T12:00:00Z', 4)).toEqual([
      '2026-01-01T22:00:00.000Z',
      '2026-01-01T23:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-02T01:00:00.000Z',
    ])
    // 2026-01-02 is a Friday.
    expect(fireTimes('cron(0 9 ? * FRI-MON *)', 'UTC', '2026-01-01T12:00:00Z', 5)).toEqual([
      '2026-01-02T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
      '2026-01-04T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-09T09:00:00.000Z',
    ])
  })

  it('/ increments from a start value, from *, and within a range', () => {
    expect(parseScheduleExpression('cron(5/20 * * * ? *)')).toMatchObject({ minutes: [5, 25, 45] })
    expect(parseScheduleExpression('cron(*/20 * * * ? *)')).toMatchObject({ minutes: [0, 20, 40] })
    expect(parseScheduleExpression('cron(0 8-18/5 * * ? *)')).toMatchObject({ hours: [8, 13, 18] })
    expect(parseScheduleExpression('cron(0 0 1/10 * ? *)')).toMatchObject({ dayOfMonth: { days: [1, 11, 21, 31] } })
    expect(parseScheduleExpression('cron(0 0 1 JAN/3 ? *)')).toMatchObject({ months: [1, 4, 7, 10] })
    expect(fireTimes('cron(0/15 * * * ? *)', 'UTC', '2026-01-01T00:07:00Z', 3)).toEqual([
      '2026-01-01T00:15:00.000Z',
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T00:45:00.000Z',
    ])
  })

  it('? in day-of-month or day-of-week', () => {
    expect(next('cron(0 10 15 * ? *)', '2026-01-16T00:00:00Z')).toBe('2026-02-15T10:00:00.000Z')
    expect(next('cron(0 10 ? * * *)', '2026-01-16T00:00:00Z')).toBe('2026-01-16T10:00:00.000Z')
  })

  it('day-of-month skips months that are too short', () => {
    expect(fireTimes('cron(0 0 31 * ? *)', 'UTC', '2026-01-31T12:00:00Z', 3)).toEqual([
      '2026-03-31T00:00:00.000Z',
      '2026-05-31T00:00:00.000Z',
      '2026-07-31T00:00:00.000Z',
    ])
    expect(next('cron(0 0 29 2 ? *)', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z')
  })

  it('day-of-week numbers 1=SUN..7=SAT, names, case-insensitive', () => {
    // 2026-03-01 is a Sunday.
    expect(next('cron(0 0 ? * 1 *)', '2026-02-28T12:00:00Z')).toBe('2026-03-01T00:00:00.000Z')
    expect(next('cron(0 0 ? * SUN *)', '2026-02-28T12:00:00Z')).toBe('2026-03-01T00:00:00.000Z')
    expect(next('cron(0 0 ? * 7 *)', '2026-03-01T12:00:00Z')).toBe('2026-03-07T00:00:00.000Z')
    expect(next('cron(0 0 ? * sat *)', '2026-03-01T12:00:00Z')).toBe('2026-03-07T00:00:00.000Z')
    expect(next('cron(0 0 ? * 2,4,6 *)', '2026-03-01T12:00:00Z')).toBe('2026-03-02T00:00:00.000Z')
  })

  it('month names', () => {
    expect(next('cron(0 0 1 JUL ? *)', '2026-01-01T00:00:00Z')).toBe('2026-07-01T00:00:00.000Z')
    expect(next('cron(0 0 1 nov-dec ? *)', '2026-01-01T00:00:00Z')).toBe('2026-11-01T00:00:00.000Z')
    expect(parseScheduleExpression('cron(0 0 1 JAN,MAR,DEC ? *)')).toMatchObject({ months: [1, 3, 12] })
  })

  it('year field', () => {
    expect(next('cron(0 0 1 1 ? 2028)', '2026-06-01T00:00:00Z')).toBe('2028-01-01T00:00:00.000Z')
    expect(next('cron(0 0 1 1 ? 2026-2027)', '2027-06-01T00:00:00Z')).toBeUndefined()
    expect(next('cron(0 0 1 1 ? 2020/4)', '2026-06-01T00:00:00Z')).toBe('2028-01-01T00:00:00.000Z')
  })

  it('L in day-of-month: the last day of the month', () => {
    expect(fireTimes('cron(0 18 L * ? *)', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-31T18:00:00.000Z',
      '2026-02-28T18:00:00.000Z',
      '2026-03-31T18:00:00.000Z',
    ])
    expect(next('cron(0 18 L 2 ? *)', '2028-01-01T00:00:00Z')).toBe('2028-02-29T18:00:00.000Z')
  })

  it('L in day-of-week: Saturday alone, or the last given weekday of the month', () => {
    expect(next('cron(0 0 ? * L *)', '2026-03-01T12:00:00Z')).toBe('2026-03-07T00:00:00.000Z')
    // Last Friday: 2026-01-30, 2026-02-27, 2026-03-27.
    expect(fireTimes('cron(0 9 ? * 6L *)', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-30T09:00:00.000Z',
      '2026-02-27T09:00:00.000Z',
      '2026-03-27T09:00:00.000Z',
    ])
    expect(next('cron(0 9 ? * FRIL *)', '2026-01-01T00:00:00Z')).toBe('2026-01-30T09:00:00.000Z')
  })

  it('W in day-of-month: the nearest weekday, staying in the month', () => {
    // 2026-02-15 is a Sunday -> Monday 16th; 2026-03-15 is a Sunday -> 16th; 2026-08-15 is a Saturday -> Friday 14th.
    expect(next('cron(0 9 15W * ? *)', '2026-02-01T00:00:00Z')).toBe('2026-02-16T09:00:00.000Z')
    expect(next('cron(0 9 15W * ? *)', '2026-08-01T00:00:00Z')).toBe('2026-08-14T09:00:00.000Z')
    // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not Friday in July.
    expect(next('cron(0 9 1W * ? *)', '2026-07-15T00:00:00Z')).toBe('2026-08-03T09:00:00.000Z')
    // 2026-05-31 is a Sunday: 31W is Friday the 29th.
    expect(next('cron(0 9 31W * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T09:00:00.000Z')
    // 2026-06-15 is a Monday.
    expect(next('cron(0 9 15W * ? *)', '2026-06-01T00:00:00Z')).toBe('2026-06-15T09:00:00.000Z')
  })

  it('LW in day-of-month: the last weekday of the month', () => {
    // 2026-01-31 is a Saturday -> 30th; 2026-05-31 is a Sunday -> 29th; 2026-03-31 is a Tuesday.
    expect(next('cron(0 9 LW * ? *)', '2026-01-01T00:00:00Z')).toBe('2026-01-30T09:00:00.000Z')
    expect(next('cron(0 9 LW * ? *)', '2026-05-01T00:00:00Z')).toBe('2026-05-29T09:00:00.000Z')
    expect(next('cron(0 9 LW * ? *)', '2026-03-01T00:00:00Z')).toBe('2026-03-31T09:00:00.000Z')
  })

  it('# in day-of-week: the nth weekday of the month', () => {
    // Second Tuesday: 2026-01-13, 2026-02-10, 2026-03-10.
    expect(fireTimes('cron(0 9 ? * 3#2 *)', 'UTC', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2026-01-13T09:00:00.000Z',
      '2026-02-10T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
    ])
    // Fifth Sunday: only in months that have one (2026-03-29, 2026-05-31).
    expect(fireTimes('cron(0 9 ? * SUN#5 *)', 'UTC', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-03-29T09:00:00.000Z',
      '2026-05-31T09:00:00.000Z',
    ])
  })

  it('returns null when the days never occur', () => {
    expect(next('cron(0 0 30 2 ? *)', '2026-01-01T00:00:00Z')).toBeUndefined()
  })

  it('defaults to UTC when no time zone is given', () => {
    expect(next('cron(0 3 * * ? *)', '2026-07-01T00:00:00Z')).toBe('2026-07-01T03:00:00.000Z')
    expect(next('cron(0 3 * * ? *)', '2026-07-01T00:00:00Z', '')).toBe('2026-07-01T03:00:00.000Z')
  })

  it('accepts an already parsed expression', () => {
    const parsed = parseScheduleExpression('cron(0 3 * * ? *)')
    expect(nextFireTime(parsed, LONDON, new Date('2026-07-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-07-01T02:00:00.000Z',
    )
  })
})

describe('time zones and daylight saving (Europe/London, 2026)', () => {
  it('a 03:00 daily cron fires at 03:00 local on both sides of the spring change', () => {
    expect(fireTimes('cron(0 3 * * ? *)', LONDON, '2026-03-27T12:00:00Z', 4)).toEqual([
      '2026-03-28T03:00:00.000Z', // GMT
      '2026-03-29T02:00:00.000Z', // BST from 01:00 UTC that morning
      '2026-03-30T02:00:00.000Z',
      '2026-03-31T02:00:00.000Z',
    ])
  })

  it('a 03:00 daily cron fires at 03:00 local on both sides of the autumn change', () => {
    expect(fireTimes('cron(0 3 * * ? *)', LONDON, '2026-10-23T12:00:00Z', 4)).toEqual([
      '2026-10-24T02:00:00.000Z', // BST
      '2026-10-25T03:00:00.000Z', // GMT from 01:00 UTC that morning
      '2026-10-26T03:00:00.000Z',
      '2026-10-27T03:00:00.000Z',
    ])
  })

  it('a 01:30 cron on the spring-forward day fires once, at the first valid instant after (02:00 BST)', () => {
    expect(fireTimes('cron(30 1 * * ? *)', LONDON, '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z', // 01:30 GMT does not exist; 02:00 BST is 01:00 UTC
      '2026-03-30T00:30:00.000Z', // 01:30 BST
    ])
  })

  it('every minute in the skipped hour collapses into one fire at 02:00 BST', () => {
    expect(fireTimes('cron(0/15 1 * * ? *)', LONDON, '2026-03-29T00:00:00Z', 2)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ])
    expect(fireTimes('cron(0/30 * * * ? *)', LONDON, '2026-03-29T00:00:00Z', 4)).toEqual([
      '2026-03-29T00:30:00.000Z', // 00:30 GMT
      '2026-03-29T01:00:00.000Z', // 01:00, 01:30 GMT skipped -> 02:00 BST; 02:00 BST itself is the same instant
      '2026-03-29T01:30:00.000Z', // 02:30 BST
      '2026-03-29T02:00:00.000Z',
    ])
  })

  it('can skip nonexistent local times instead, as AWS documents', () => {
    const skip = { dstGap: DstGapPolicy.skip }
    expect(fireTimes('cron(30 1 * * ? *)', LONDON, '2026-03-28T00:00:00Z', 2, skip)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ])
  })

  it('a 01:30 cron on the fall-back day fires once, at the first 01:30 (BST)', () => {
    expect(fireTimes('cron(30 1 * * ? *)', LONDON, '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z', // 01:30 BST
      '2026-10-25T00:30:00.000Z', // first 01:30 (BST); not again at 01:30 GMT
      '2026-10-26T01:30:00.000Z', // 01:30 GMT
    ])
    // Asked from inside the repeated hour, the second 01:30 is not a fire time either.
    expect(next('cron(30 1 * * ? *)', '2026-10-25T01:10:00Z', LONDON)).toBe('2026-10-26T01:30:00.000Z')
  })

  it('hourly crons run through the autumn change without firing twice for one wall time', () => {
    expect(fireTimes('cron(0 * * * ? *)', LONDON, '2026-10-24T22:30:00Z', 5)).toEqual([
      '2026-10-24T23:00:00.000Z', // 00:00 BST
      '2026-10-25T00:00:00.000Z', // 01:00 BST
      '2026-10-25T02:00:00.000Z', // 02:00 GMT (01:00 GMT is a repeat of 01:00 local)
      '2026-10-25T03:00:00.000Z',
      '2026-10-25T04:00:00.000Z',
    ])
  })

  it('evaluates day boundaries in local time', () => {
    // Midnight on the 1st in London during BST is 23:00 UTC on the last day of the previous month.
    expect(next('cron(0 0 1 * ? *)', '2026-06-15T00:00:00Z', LONDON)).toBe('2026-06-30T23:00:00.000Z')
    // Weekday names refer to the local day: Monday 00:30 BST is Sunday 23:30 UTC.
    expect(next('cron(30 0 ? * MON *)', '2026-06-01T00:00:00Z', LONDON)).toBe('2026-06-07T23:30:00.000Z')
  })

  it('works in other zones', () => {
    expect(next('cron(0 9 * * ? *)', '2026-01-15T00:00:00Z', 'America/New_York')).toBe('2026-01-15T14:00:00.000Z')
    expect(next('cron(0 9 * * ? *)', '2026-07-15T00:00:00Z', 'Asia/Kolkata')).toBe('2026-07-15T03:30:00.000Z')
  })

  it('rejects unknown time zones', () => {
    expect(() => nextFireTime('cron(0 3 * * ? *)', 'Europe/Atlantis', new Date())).toThrow(
      /Unknown time zone "Europe\/Atlantis"/,
    )
  })
})

describe('rate', () => {
  it('defaults the anchor to `after`', () => {
    expect(next('rate(5 minutes)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:05:00.000Z')
    expect(next('rate(1 hour)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:00:00.000Z')
  })

  it('counts whole intervals from the anchor', () => {
    const anchor = { rateAnchor: new Date('2026-01-01T00:00:00Z') }
    expect(nextFireTime('rate(15 minutes)', undefined, new Date('2026-01-01T00:20:00Z'), anchor)?.toISOString()).toBe(
      '2026-01-01T00:30:00.000Z',
    )
    expect(nextFireTime('rate(15 minutes)', undefined, new Date('2026-01-01T00:30:00Z'), anchor)?.toISOString()).toBe(
      '2026-01-01T00:45:00.000Z',
    )
  })

  it('fires at a future anchor first', () => {
    const anchor = { rateAnchor: new Date('2026-02-01T00:00:00Z') }
    expect(nextFireTime('rate(1 day)', LONDON, new Date('2026-01-01T00:00:00Z'), anchor)?.toISOString()).toBe(
      '2026-02-01T00:00:00.000Z',
    )
  })

  it('is a fixed duration: a day is 24 hours across a clock change', () => {
    const anchor = { rateAnchor: new Date('2026-03-28T03:00:00Z') }
    expect(fireTimes('rate(1 day)', LONDON, '2026-03-28T03:00:00Z', 2, anchor)).toEqual([
      '2026-03-29T03:00:00.000Z',
      '2026-03-30T03:00:00.000Z',
    ])
  })
})

describe('at', () => {
  it('fires once at the local date-time', () => {
    expect(next('at(2026-07-01T09:30:00)', '2026-01-01T00:00:00Z', LONDON)).toBe('2026-07-01T08:30:00.000Z')
    expect(next('at(2026-07-01T09:30:00)', '2026-01-01T00:00:00Z')).toBe('2026-07-01T09:30:00.000Z')
    expect(next('at(2026-01-01T09:30:15)', '2026-01-01T00:00:00Z', LONDON)).toBe('2026-01-01T09:30:15.000Z')
  })

  it('returns null once it has passed', () => {
    expect(next('at(2026-07-01T09:30:00)', '2026-07-01T08:30:00Z', LONDON)).toBeUndefined()
    expect(next('at(2026-07-01T09:30:00)', '2026-08-01T00:00:00Z', LONDON)).toBeUndefined()
  })

  it('handles nonexistent and repeated local times', () => {
    expect(next('at(2026-03-29T01:30:00)', '2026-01-01T00:00:00Z', LONDON)).toBe('2026-03-29T01:00:00.000Z')
    expect(
      nextFireTime('at(2026-03-29T01:30:00)', LONDON, new Date('2026-01-01T00:00:00Z'), { dstGap: 'skip' }),
    ).toBeNull()
    expect(next('at(2026-10-25T01:30:00)', '2026-01-01T00:00:00Z', LONDON)).toBe('2026-10-25T00:30:00.000Z')
  })
})

describe('bad expressions', () => {
  const bad =
    (expr: string): (() => unknown) =>
    () =>
      parseScheduleExpression(expr)

  it('rejects unknown forms', () => {
    expect(bad('')).toThrow(/expected cron\(\.\.\.\), rate\(\.\.\.\) or at\(\.\.\.\)/)
    expect(bad('0 3 * * ? *')).toThrow(/expected cron/)
    expect(bad('every(5 minutes)')).toThrow(/expected cron/)
    expect(bad('CRON(0 3 * * ? *)')).toThrow(/expected cron/)
  })

  it('rejects the wrong number of cron fields', () => {
    expect(bad('cron(0 3 * * ?)')).toThrow(/expected 6 fields .* got 5/)
    expect(bad('cron(0 0 3 * * ? *)')).toThrow(/got 7/)
    expect(bad('cron()')).toThrow(/got 0/)
  })

  it('names the field that is out of range or malformed', () => {
    expect(bad('cron(60 3 * * ? *)')).toThrow(/minutes field "60" has 60: out of range 0-59/)
    expect(bad('cron(0 24 * * ? *)')).toThrow(/hours field "24"/)
    expect(bad('cron(0 3 32 * ? *)')).toThrow(/day-of-month field "32"/)
    expect(bad('cron(0 3 0 * ? *)')).toThrow(/day-of-month field "0"/)
    expect(bad('cron(0 3 1 13 ? *)')).toThrow(/month field "13"/)
    expect(bad('cron(0 3 1 FOO ? *)')).toThrow(/month field "FOO" has "FOO": expected a number 1-12 or JAN-DEC/)
    expect(bad('cron(0 3 ? * 8 *)')).toThrow(/day-of-week field "8"/)
    expect(bad('cron(0 3 ? * 0 *)')).toThrow(/day-of-week field "0"/)
    expect(bad('cron(0 3 ? * FUN *)')).toThrow(/day-of-week field "FUN"/)
    expect(bad('cron(0 3 1 * ? 1969)')).toThrow(/year field "1969"/)
    expect(bad('cron(0 3 1 * ? 2200)')).toThrow(/year field "2200"/)
    expect(bad('cron(0 3 1 * ? 2030-2026)')).toThrow(/year field "2030-2026" has a backwards range/)
  })

  it('rejects bad increments, ranges, lists and special characters', () => {
    expect(bad('cron(0/0 3 * * ? *)')).toThrow(/minutes field "0\/0" has increment "0"/)
    expect(bad('cron(0/x 3 * * ? *)')).toThrow(/minutes field/)
    expect(bad('cron(0/5/5 3 * * ? *)')).toThrow(/more than one "\/"/)
    expect(bad('cron(1-2-3 3 * * ? *)')).toThrow(/malformed range/)
    expect(bad('cron(0, 3 * * ? *)')).toThrow(/minutes field "0," has an empty list item/)
    expect(bad('cron(0,,5 3 * * ? *)')).toThrow(/minutes field "0,,5" has an empty list item/)
    expect(bad('cron(? 3 * * ? *)')).toThrow(/minutes field "\?"/)
    expect(bad('cron(L 3 * * ? *)')).toThrow(/minutes field "L"/)
    expect(bad('cron(0 3 ? * 3#6 *)')).toThrow(/day-of-week field "3#6" has "#6"/)
    expect(bad('cron(0 3 L-2 * ? *)')).toThrow(/day-of-month field "L-2"/)
    expect(bad('cron(0 3 32W * ? *)')).toThrow(/day-of-month field "32W"/)
  })

  it('requires exactly one of day-of-month and day-of-week to be ?', () => {
    expect(bad('cron(0 3 * * * *)')).toThrow(/exactly one of the day-of-month \("\*"\) and day-of-week \("\*"\)/)
    expect(bad('cron(0 3 ? * ? *)')).toThrow(/exactly one of/)
    expect(bad('cron(0 3 1 * MON *)')).toThrow(/exactly one of/)
  })

  it('rejects bad rate expressions', () => {
    expect(bad('rate(0 minutes)')).toThrow(/positive whole number/)
    expect(bad('rate(5 seconds)')).toThrow(/Invalid rate expression "rate\(5 seconds\)"/)
    expect(bad('rate(1.5 hours)')).toThrow(/Invalid rate expression/)
    expect(bad('rate(-1 hours)')).toThrow(/Invalid rate expression/)
    expect(bad('rate(5)')).toThrow(/Invalid rate expression/)
    expect(bad('rate(1 minutes)')).toThrow(/singular when the value is 1 \("minute"\)/)
    expect(bad('rate(5 minute)')).toThrow(/plural when the value is more than 1 \("minutes"\)/)
  })

  it('rejects bad at expressions', () => {
    expect(bad('at(2026-03-29 01:30:00)')).toThrow(/Invalid at expression .*expected at\(yyyy-mm-ddThh:mm:ss\)/)
    expect(bad('at(2026-03-29T01:30)')).toThrow(/Invalid at expression/)
    expect(bad('at(2026-13-01T00:00:00)')).toThrow(/month 13/)
    expect(bad('at(2026-02-29T00:00:00)')).toThrow(/day 29 does not exist in 2026-02/)
    expect(bad('at(2026-02-01T24:00:00)')).toThrow(/hour 24/)
    expect(bad('at(2026-02-01T00:60:00)')).toThrow(/minute 60/)
    expect(bad('at(2026-02-01T00:00:60)')).toThrow(/second 60/)
  })

  it('rejects an invalid `after`', () => {
    expect(() => nextFireTime('rate(1 hour)', 'UTC', new Date('nope'))).toThrow(/not a valid Date/)
  })
})
