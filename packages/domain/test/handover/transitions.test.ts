import { describe, expect, it } from 'vitest'
import { handoverTransitions } from '../../src/handover'
import { aCase, anIsp } from './fixtures'

const TODAY = '2026-01-15'

describe('dated transitions and reminders for a daily sweep', () => {
  it('determinate: upcoming window, handover, COM overdue (+14 days) and early-allocation window entry', () => {
    const t = handoverTransitions(aCase({ conditionalReleaseDate: '2027-12-31' }), TODAY)
    expect(t.map(({ kind, date }) => ({ kind, date }))).toEqual([
      // 2027-12-31 − 18 months = 2026-06-30, but 2026-06-30 + 18 months = 2027-12-30: entry is the day after
      { kind: 'early_allocation_window_entry', date: '2026-07-01' },
      { kind: 'upcoming_window_start', date: '2027-02-19' },
      { kind: 'handover', date: '2027-04-16' },
      { kind: 'com_allocation_overdue', date: '2027-04-30' },
    ])
    for (const x of t) expect(x.explanation.length).toBeGreaterThan(10)
  })

  it('only dates strictly after today', () => {
    const t = handoverTransitions(aCase({ conditionalReleaseDate: '2026-12-31' }), '2026-04-16')
    expect(t.map(x => x.kind)).toEqual(['com_allocation_overdue'])
  })

  it('the upcoming window length is configurable', () => {
    const t = handoverTransitions(aCase({ conditionalReleaseDate: '2027-12-31' }), TODAY, { upcomingWindowDays: 10 })
    expect(t.find(x => x.kind === 'upcoming_window_start')?.date).toBe('2027-04-06')
  })

  it('ISP under open-prison rules: the start date is its own transition', () => {
    const t = handoverTransitions(
      anIsp({ tariffDate: '2028-06-30', prisonId: 'HDI', isOpenPrison: true, prisonArrivalDate: '2026-03-01' }),
      TODAY,
    )
    expect(t.find(x => x.kind === 'handover_start')?.date).toBe('2026-03-01')
    expect(t.find(x => x.kind === 'handover')?.date).toBe('2027-06-30')
  })

  it('no handover date (special cases): no handover reminders', () => {
    const t = handoverTransitions(aCase({ isRecall: true, conditionalReleaseDate: '2030-01-01' }), TODAY)
    expect(t.map(x => x.kind)).toEqual(['early_allocation_window_entry'])
  })

  it('a far THD coming within 12 months changes the rules: recalculation due', () => {
    const t = handoverTransitions(
      anIsp({ tariffDate: '2025-01-01', targetHearingDate: '2027-06-01', lastParoleOutcome: 'not_release' }),
      TODAY,
    )
    const due = t.filter(x => x.kind === 'recalculation_due')
    // on the hearing day itself the nearest of TED/THD is still the THD: no change, no recalculation listed
    expect(due.map(x => x.date)).toEqual(['2026-06-01'])
    expect(due[0]?.explanation).toContain('thd_over_12_months')
  })

  it('a future TED that passes changes the ISP release date: recalculation due', () => {
    const t = handoverTransitions(anIsp({ tariffDate: '2026-03-01', targetHearingDate: '2026-09-01' }), TODAY)
    // TED passes → ERD = THD; when the THD passes too it is still the nearest date, so nothing changes then
    expect(t.filter(x => x.kind === 'recalculation_due').map(x => x.date)).toEqual(['2026-03-01'])
  })

  it('our parole-refusal extension: the next hearing passing is a recalculation', () => {
    const refused = aCase({
      sentenceStartDate: '2020-01-01',
      paroleEligibilityDate: '2025-06-01',
      conditionalReleaseDate: '2028-06-01',
      targetHearingDate: '2027-06-01',
      lastParoleOutcome: 'not_release',
    })
    expect(
      handoverTransitions(refused, TODAY)
        .filter(x => x.kind === 'recalculation_due')
        .map(x => x.date),
    ).toEqual(['2027-06-01'])
    expect(
      handoverTransitions(refused, TODAY, { determinateParoleRefusalExtension: false }).filter(
        x => x.kind === 'recalculation_due',
      ),
    ).toEqual([])
  })
})
