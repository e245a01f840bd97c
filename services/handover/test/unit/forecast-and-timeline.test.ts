import { describe, expect, it } from 'vitest'
import { aggregateForecast, forecastCsv, forecastRange } from '../../src/model/forecast'
import { forecastEntries } from '../../src/model/keys'
import { DEFAULT_SERVICE_OPTIONS, reconcile } from '../../src/model/reconcile'
import type { ForecastEntry } from '../../src/model/records'
import { timeline } from '../../src/model/timeline'
import { AT, aCase, CRN, prisoner, probation } from '../support/builders'

const entry = (date: string, kind: ForecastEntry['kind'], lduCode: string | null, noms = 'A1234BC'): ForecastEntry => ({
  pdu: 'N54LEEDS',
  sk: `${date}#${kind}#${noms}`,
  date,
  kind,
  lduCode,
  nomsNumber: noms,
})

describe('the forecast', () => {
  it('covers whole calendar months from the month of `from`', () => {
    expect(forecastRange('2026-11-23', 12)).toEqual({ from: '2026-11-01', to: '2027-10-31' })
  })

  it('counts handovers starting and completing per month and LDU, with empty months', () => {
    const f = aggregateForecast('N54LEEDS', '2026-11-23', 3, [
      entry('2026-11-02', 'start', 'LDU1'),
      entry('2026-11-02', 'handover', 'LDU1'),
      entry('2027-01-31', 'handover', 'LDU2', 'B1111BB'),
      entry('2027-01-15', 'start', 'LDU2', 'B1111BB'),
      entry('2027-01-20', 'start', null, 'C1111CC'),
    ])
    expect(f.months.map(m => [m.month, m.starting, m.completing])).toEqual([
      ['2026-11', 1, 1],
      ['2026-12', 0, 0],
      ['2027-01', 2, 1],
    ])
    expect(f.months[2]?.byLdu).toEqual([
      { lduCode: null, starting: 1, completing: 0 },
      { lduCode: 'LDU2', starting: 1, completing: 1 },
    ])
    expect(forecastCsv(f).split('\r\n')).toEqual([
      'month,pduCode,lduCode,starting,completing',
      '2026-11,N54LEEDS,LDU1,1,1',
      '2026-12,N54LEEDS,,0,0',
      '2027-01,N54LEEDS,,1,0',
      '2027-01,N54LEEDS,LDU2,1,1',
      '',
    ])
  })

  it('a calculated case with a PDU owns its start and handover entries', () => {
    const record = aCase(prisoner(), { probation: { snapshot: probation(), at: AT }, crn: CRN })
    const o = reconcile(record, { today: '2026-01-15', now: AT, source: 'calculation', trigger: 't' })
    expect(forecastEntries(o.record).map(e => e.sk)).toEqual([
      '2027-04-16#start#A1234BC',
      '2027-04-16#handover#A1234BC',
    ])
  })
})

describe('the timeline', () => {
  it('lists future transitions and reminders by date, and what was sent in this episode', () => {
    const record = aCase(prisoner(), { probation: { snapshot: probation(), at: AT }, crn: CRN })
    const o = reconcile(record, { today: '2026-01-15', now: AT, source: 'calculation', trigger: 't' })
    const t = timeline(o.record, '2026-01-15', DEFAULT_SERVICE_OPTIONS, [
      {
        episodeId: 'E1-2025-01-10',
        key: 'upcoming-window',
        dueDate: '2027-02-19',
        sentOn: '2027-02-19',
        repeatableOnOrBefore: null,
      },
      {
        episodeId: 'E0-old',
        key: 'urgent-pipeline',
        dueDate: '2020-01-01',
        sentOn: '2020-01-01',
        repeatableOnOrBefore: null,
      },
    ])
    const kinds = t.items.map(i => `${i.date} ${i.kind}`)
    expect(kinds).toEqual(
      expect.arrayContaining([
        '2027-02-19 upcoming_window_start',
        '2027-02-19 upcoming-window',
        '2027-02-19 com-allocation-requested',
        '2027-04-16 handover',
        '2027-04-23 urgent-pipeline',
        '2027-04-30 com-allocation-overdue',
      ]),
    )
    const dates = t.items.map(i => i.date)
    expect([...dates].sort()).toEqual(dates)
    expect(t.sent).toEqual([{ kind: 'upcoming-window', dueDate: '2027-02-19', sentOn: '2027-02-19' }])
  })
})
