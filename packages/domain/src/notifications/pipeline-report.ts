/**
 * The monthly LDU pipeline report (handover.md §g.4): per local delivery unit, the cases whose handover starts in
 * the next 45 days (run date to run date + 44, both included), or started earlier but whose dates were
 * recalculated in the last month; sorted by start date; sent as a CSV attachment.
 */
import { addDays, addMonths, type IsoDate, minDate } from '../shared/dates'
import { formatLongDate } from './format'
import type { Attachment } from './personalisation'

/** Span of the report window: run date + 0 … + 44 days. */
export const PIPELINE_WINDOW_DAYS = 45

export interface PipelineCase {
  nomsNumber: string
  crn: string | null
  prisonerName: string | null
  prisonName: string | null
  /** Sentenced and held in a prison (not released, not remand). */
  sentencedInCustody: boolean
  handoverStartDate: IsoDate | null
  handoverDate: IsoDate | null
  /** London date of the last change to the handover dates. */
  handoverChangedOn: IsoDate | null
  conditionalReleaseDate: IsoDate | null
  paroleEligibilityDate: IsoDate | null
  tariffDate: IsoDate | null
  pomName: string | null
  pomEmail: string | null
  comName: string | null
}

export interface PipelineWindow {
  from: IsoDate
  to: IsoDate
}

export function pipelineWindow(runDate: IsoDate): PipelineWindow {
  return { from: runDate, to: addDays(runDate, PIPELINE_WINDOW_DAYS - 1) }
}

/** The cases the report lists, sorted by handover start date (then NOMS number, so the order is stable). */
export function selectPipelineCases(cases: readonly PipelineCase[], runDate: IsoDate): PipelineCase[] {
  const { from, to } = pipelineWindow(runDate)
  const recalculatedSince = addMonths(runDate, -1)
  return cases
    .filter(c => {
      const start = c.handoverStartDate
      if (!c.sentencedInCustody || start === null) return false
      if (start >= from && start <= to) return true
      return start < from && c.handoverChangedOn !== null && c.handoverChangedOn > recalculatedSince
    })
    .sort(
      (a, b) =>
        (a.handoverStartDate ?? '').localeCompare(b.handoverStartDate ?? '') ||
        a.nomsNumber.localeCompare(b.nomsNumber),
    )
}

export const PIPELINE_CSV_COLUMNS = [
  'Prisoner',
  'CRN',
  'Prisoner number',
  'COM responsible',
  'Release/Parole Date',
  'Prison',
  'Current POM',
  'POM email',
  'COM',
] as const

/** A CSV cell: quoted when needed, and never starting with a formula character (CSV injection). */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? ''
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

const date = (d: IsoDate | null): string => (d ? formatLongDate(d) : '')

/**
 * One row per case. "COM responsible" holds the handover date and "Release/Parole Date" the earliest of CRD, PED
 * and tariff date (quirk j.9 kept on purpose: the columns mean what the LDUs already read them as).
 */
export function pipelineCsv(cases: readonly PipelineCase[]): string {
  const rows = cases.map(c => [
    c.prisonerName,
    c.crn,
    c.nomsNumber,
    date(c.handoverDate),
    date(minDate(c.conditionalReleaseDate, c.paroleEligibilityDate, c.tariffDate)),
    c.prisonName,
    c.pomName,
    c.pomName ? c.pomEmail : '',
    c.comName,
  ])
  return `${[[...PIPELINE_CSV_COLUMNS], ...rows].map(r => r.map(csvCell).join(',')).join('\r\n')}\r\n`
}

export function pipelineAttachment(lduCode: string, runDate: IsoDate, cases: readonly PipelineCase[]): Attachment {
  return {
    filename: `handover-pipeline-${lduCode}-${runDate}.csv`,
    contentType: 'text/csv',
    content: pipelineCsv(cases),
  }
}
