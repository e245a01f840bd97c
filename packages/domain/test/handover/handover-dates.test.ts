import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type HandoverDatesInput, handoverDates } from '../../src/handover'
import { addMonths, fromDayNumber, toDayNumber } from '../../src/shared/dates'

const base: HandoverDatesInput = {
  sentenceStartDate: '2024-01-01',
  earliestReleaseDate: '2026-01-01',
  earliestReleaseType: null,
  isIndeterminate: false,
  isDeterminateParole: false,
  isEarlyAllocation: false,
  inOpenConditions: false,
  openPrisonRulesApply: false,
  inWomensPrison: false,
  prisonArrivalDate: null,
  categoryActiveSinceDate: null,
}
const dates = (o: Partial<HandoverDatesInput>) => handoverDates({ ...base, ...o })

describe('handover dates — general rules (handover.md §c.2)', () => {
  it('early allocation: ERD − 15 months, beating every other general rule', () => {
    expect(dates({ isEarlyAllocation: true })).toMatchObject({ handoverDate: '2024-10-01', reason: 'early_allocation' })
    expect(dates({ isEarlyAllocation: true, isIndeterminate: true })).toMatchObject({ handoverDate: '2024-10-01' })
    const short = dates({ isEarlyAllocation: true, sentenceStartDate: '2025-09-01', earliestReleaseDate: '2026-06-01' })
    expect(short).toMatchObject({ handoverDate: '2025-03-01', reason: 'early_allocation' })
  })

  it('ISP: ERD − 12 months', () => {
    expect(dates({ isIndeterminate: true })).toMatchObject({
      handoverDate: '2025-01-01',
      handoverStartDate: '2025-01-01',
      reason: 'indeterminate',
    })
  })

  it('ISP in open conditions: labelled indeterminate_open', () => {
    expect(dates({ isIndeterminate: true, inOpenConditions: true }).reason).toBe('indeterminate_open')
  })

  it('determinate short: SSD + 10 months ≥ ERD means no handover (inclusive)', () => {
    expect(dates({ earliestReleaseDate: '2024-10-31' })).toMatchObject({
      handoverDate: null,
      handoverStartDate: null,
      reason: 'determinate_short',
    })
    expect(dates({ earliestReleaseDate: '2024-11-01' }).reason).toBe('determinate_short')
    expect(dates({ earliestReleaseDate: '2024-11-02' })).toMatchObject({
      handoverDate: '2024-02-17',
      reason: 'determinate',
    })
  })

  it('determinate parole (PED present): ERD − 12 months', () => {
    expect(dates({ isDeterminateParole: true })).toMatchObject({
      handoverDate: '2025-01-01',
      reason: 'determinate_parole',
    })
  })

  it('determinate: ERD − 8 months − 14 days, months first with month-end clamping', () => {
    expect(dates({ earliestReleaseDate: '2026-12-31' })).toMatchObject({
      handoverDate: '2026-04-16',
      reason: 'determinate',
    })
    const r = dates({ earliestReleaseDate: '2026-12-31', earliestReleaseType: 'CRD' })
    expect(r.trace.at(-2)?.explanation).toBe(
      'determinate: handover date = ERD 2026-12-31 (CRD) − 8 months (2026-04-30) − 14 days = 2026-04-16',
    )
  })

  it('every result explains itself', () => {
    for (const r of [dates({}), dates({ isIndeterminate: true }), dates({ earliestReleaseDate: '2024-05-01' })]) {
      expect(r.trace.length).toBeGreaterThan(0)
      for (const step of r.trace) expect(step.explanation.length).toBeGreaterThan(10)
    }
  })
})

describe('handover start date — ISP open conditions (handover.md §c.3)', () => {
  const openIsp = {
    isIndeterminate: true,
    inOpenConditions: true,
    openPrisonRulesApply: true,
    earliestReleaseDate: '2021-06-02',
  }

  it("men's estate: the earlier of prison arrival and handover date", () => {
    expect(dates({ ...openIsp, prisonArrivalDate: '2020-06-01' })).toMatchObject({
      handoverDate: '2020-06-02',
      handoverStartDate: '2020-06-01',
      reason: 'indeterminate_open',
    })
    expect(dates({ ...openIsp, prisonArrivalDate: '2020-07-01' }).handoverStartDate).toBe('2020-06-02')
  })

  it("women's estate: the earlier of category-active date and handover date; none → handover date", () => {
    const women = { ...openIsp, inWomensPrison: true, prisonArrivalDate: '2019-01-01' }
    expect(dates({ ...women, categoryActiveSinceDate: '2020-01-01' }).handoverStartDate).toBe('2020-01-01')
    expect(dates({ ...women, categoryActiveSinceDate: '2020-07-01' }).handoverStartDate).toBe('2020-06-02')
    expect(dates({ ...women, categoryActiveSinceDate: null }).handoverStartDate).toBe('2020-06-02')
  })

  it('early allocation ISP under open-prison rules keeps the early start', () => {
    expect(dates({ ...openIsp, isEarlyAllocation: true, prisonArrivalDate: '2019-01-01' })).toMatchObject({
      handoverDate: '2020-03-02',
      handoverStartDate: '2019-01-01',
      reason: 'early_allocation',
    })
  })

  it('open-prison rules not applying, or a determinate: start = handover date', () => {
    expect(dates({ ...openIsp, openPrisonRulesApply: false, prisonArrivalDate: '2019-01-01' }).handoverStartDate).toBe(
      '2020-06-02',
    )
    expect(
      dates({ ...openIsp, isIndeterminate: false, prisonArrivalDate: '2019-01-01', sentenceStartDate: '2015-01-01' }),
    ).toMatchObject({
      handoverStartDate: '2020-09-18',
      handoverDate: '2020-09-18',
    })
  })
})

describe('handover dates — properties', () => {
  const day = fc.integer({ min: toDayNumber('2000-01-01'), max: toDayNumber('2060-12-31') }).map(fromDayNumber)
  it('handover ≤ ERD, start ≤ handover, and both null only for determinate_short', () => {
    fc.assert(
      fc.property(
        day,
        day,
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.option(day, { nil: null }),
        (ssd, erd, isp, ped, ea, open, arrival) => {
          const r = dates({
            sentenceStartDate: ssd,
            earliestReleaseDate: erd,
            isIndeterminate: isp,
            isDeterminateParole: ped,
            isEarlyAllocation: ea,
            openPrisonRulesApply: open,
            prisonArrivalDate: arrival,
          })
          if (r.handoverDate === null) {
            expect(r.reason).toBe('determinate_short')
            expect(addMonths(ssd, 10) >= erd).toBe(true)
          } else {
            expect(r.handoverDate <= erd).toBe(true)
            expect(r.handoverStartDate !== null && r.handoverStartDate <= r.handoverDate).toBe(true)
          }
        },
      ),
    )
  })
})
