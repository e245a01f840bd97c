import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Responsibility, responsibilityOn } from '../../src/handover'
import { addDays, fromDayNumber, toDayNumber } from '../../src/shared/dates'

const TODAY = '2023-05-01'

describe('responsibility from the dates (handover.md §c.4)', () => {
  it('no handover date: Community', () => {
    expect(responsibilityOn({ handoverDate: null, handoverStartDate: '2023-06-01' }, TODAY)).toMatchObject({
      responsibility: 'Community',
      reason: 'no_handover_date',
    })
  })

  it('today before the start date: CustodyOnly', () => {
    expect(responsibilityOn({ handoverDate: '2023-05-03', handoverStartDate: '2023-05-02' }, TODAY)).toMatchObject({
      responsibility: 'CustodyOnly',
      reason: 'before_start_date',
    })
  })

  it('start ≤ today < handover: CustodyWithCom', () => {
    expect(
      responsibilityOn({ handoverDate: '2023-05-02', handoverStartDate: '2023-04-30' }, TODAY).responsibility,
    ).toBe('CustodyWithCom')
    expect(responsibilityOn({ handoverDate: '2023-05-02', handoverStartDate: TODAY }, TODAY).responsibility).toBe(
      'CustodyWithCom',
    )
  })

  it('today ≥ handover date: Community (the handover date itself counts)', () => {
    expect(responsibilityOn({ handoverDate: TODAY, handoverStartDate: TODAY }, TODAY)).toMatchObject({
      responsibility: 'Community',
      reason: 'on_or_after_handover_date',
    })
    expect(
      responsibilityOn({ handoverDate: '2023-04-30', handoverStartDate: '2023-04-29' }, TODAY).responsibility,
    ).toBe('Community')
  })

  it('a missing start date is read as the handover date', () => {
    expect(responsibilityOn({ handoverDate: '2023-05-02', handoverStartDate: null }, TODAY).responsibility).toBe(
      'CustodyOnly',
    )
  })

  it('over time responsibility only moves CustodyOnly → CustodyWithCom → Community', () => {
    const rank: Record<Responsibility, number> = { CustodyOnly: 0, CustodyWithCom: 1, Community: 2 }
    const day = fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2030-01-01') }).map(fromDayNumber)
    fc.assert(
      fc.property(day, fc.nat(400), fc.nat(800), day, (start, gap, step, today) => {
        const dates = { handoverStartDate: start, handoverDate: addDays(start, gap) }
        const now = rank[responsibilityOn(dates, today).responsibility]
        const later = rank[responsibilityOn(dates, addDays(today, step)).responsibility]
        expect(later).toBeGreaterThanOrEqual(now)
      }),
    )
  })
})
