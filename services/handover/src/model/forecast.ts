/** The per-PDU handover forecast: handovers starting and completing per month and LDU — the basis for staffing. */
import { addDays, addMonths, type IsoDate, startOfMonth } from '@omic/domain'
import type { ForecastEntry } from './records'

export interface ForecastRow {
  month: string
  lduCode: string | null
  starting: number
  completing: number
}

export interface Forecast {
  pduCode: string
  from: IsoDate
  to: IsoDate
  months: { month: string; starting: number; completing: number; byLdu: Omit<ForecastRow, 'month'>[] }[]
}

/** The first and last day of `months` calendar months from the month of `from`. */
export function forecastRange(from: IsoDate, months: number): { from: IsoDate; to: IsoDate } {
  const start = startOfMonth(from)
  return { from: start, to: addDays(addMonths(start, months), -1) }
}

export function aggregateForecast(pduCode: string, from: IsoDate, months: number, entries: readonly ForecastEntry[]) {
  const range = forecastRange(from, months)
  const out: Forecast = { pduCode, ...range, months: [] }
  for (let i = 0; i < months; i++) {
    const month = addMonths(range.from, i).slice(0, 7)
    const inMonth = entries.filter(e => e.date.startsWith(month))
    const ldus = [...new Set(inMonth.map(e => e.lduCode))].sort((a, b) => (a ?? '').localeCompare(b ?? ''))
    const byLdu = ldus.map(lduCode => {
      const mine = inMonth.filter(e => e.lduCode === lduCode)
      return {
        lduCode,
        starting: mine.filter(e => e.kind === 'start').length,
        completing: mine.filter(e => e.kind === 'handover').length,
      }
    })
    out.months.push({
      month,
      starting: inMonth.filter(e => e.kind === 'start').length,
      completing: inMonth.filter(e => e.kind === 'handover').length,
      byLdu,
    })
  }
  return out
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One row per month and LDU (a month without handovers still has a row with blank LDU and zeros). */
export function forecastCsv(forecast: Forecast): string {
  const rows = [['month', 'pduCode', 'lduCode', 'starting', 'completing']]
  for (const m of forecast.months) {
    if (m.byLdu.length === 0) rows.push([m.month, forecast.pduCode, '', '0', '0'])
    for (const l of m.byLdu) {
      rows.push([m.month, forecast.pduCode, l.lduCode ?? '', String(l.starting), String(l.completing)])
    }
  }
  return `${rows.map(r => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}
