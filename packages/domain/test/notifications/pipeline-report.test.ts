import { describe, expect, it } from 'vitest'
import {
  csvCell,
  dedupeKey,
  PIPELINE_CSV_COLUMNS,
  type PipelineCase,
  pipelineAttachment,
  pipelineCsv,
  pipelineWindow,
  recipientKey,
  selectPipelineCases,
} from '../../src/notifications'

const base: PipelineCase = {
  nomsNumber: 'A0001AA',
  crn: 'X000001',
  prisonerName: 'Dami Okafor',
  prisonName: 'LEI',
  sentencedInCustody: true,
  handoverStartDate: '2026-12-01',
  handoverDate: '2027-03-01',
  handoverChangedOn: '2026-06-01',
  conditionalReleaseDate: '2027-09-01',
  paroleEligibilityDate: '2027-08-01',
  tariffDate: null,
  pomName: 'Anne Lee',
  pomEmail: 'anne@prison.example',
  comName: null,
}
const at = (noms: string, changes: Partial<PipelineCase>): PipelineCase => ({ ...base, nomsNumber: noms, ...changes })

describe('the monthly pipeline selection (handover.md §g.4)', () => {
  const run = '2026-12-01'

  it('spans the run date to run date + 44, both included', () => {
    expect(pipelineWindow(run)).toEqual({ from: '2026-12-01', to: '2027-01-14' })
    const picked = selectPipelineCases(
      [
        at('A0003AA', { handoverStartDate: '2027-01-14' }),
        at('A0001AA', { handoverStartDate: '2026-12-01' }),
        at('A0004AA', { handoverStartDate: '2027-01-15' }),
        at('A0002AA', { handoverStartDate: '2026-12-20' }),
      ],
      run,
    )
    expect(picked.map(c => c.nomsNumber)).toEqual(['A0001AA', 'A0002AA', 'A0003AA'])
  })

  it('adds earlier starts only when the dates were recalculated within the last month', () => {
    const picked = selectPipelineCases(
      [
        at('A0001AA', { handoverStartDate: '2026-11-01', handoverChangedOn: '2026-11-02' }),
        at('A0002AA', { handoverStartDate: '2026-11-01', handoverChangedOn: '2026-11-01' }),
        at('A0003AA', { handoverStartDate: '2026-10-01', handoverChangedOn: null }),
      ],
      run,
    )
    expect(picked.map(c => c.nomsNumber)).toEqual(['A0001AA'])
  })

  it('leaves out cases that are not sentenced in custody or have no start date', () => {
    expect(
      selectPipelineCases(
        [at('A0001AA', { sentencedInCustody: false }), at('A0002AA', { handoverStartDate: null })],
        run,
      ),
    ).toEqual([])
  })
})

describe('the pipeline CSV', () => {
  it('has the columns of handover.md §g.4: handover date as "COM responsible", earliest of CRD/PED/TED', () => {
    const csv = pipelineCsv([
      base,
      at('A0002AA', { pomName: null, pomEmail: 'stale@prison.example', comName: 'Priya Hollings' }),
    ])
    const lines = csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe(PIPELINE_CSV_COLUMNS.join(','))
    expect(lines[1]).toBe('Dami Okafor,X000001,A0001AA,1 March 2027,1 August 2027,LEI,Anne Lee,anne@prison.example,')
    // POM email only when a POM is allocated
    expect(lines[2]).toBe('Dami Okafor,X000001,A0002AA,1 March 2027,1 August 2027,LEI,,,Priya Hollings')
  })

  it('quotes commas and quotes and defuses formulas', () => {
    expect(csvCell('Okafor, Dami')).toBe('"Okafor, Dami"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"')
    expect(csvCell(null)).toBe('')
  })

  it('names the attachment after the LDU and the run date', () => {
    const a = pipelineAttachment('N54L01', '2026-12-01', [base])
    expect(a.filename).toBe('handover-pipeline-N54L01-2026-12-01.csv')
    expect(a.contentType).toBe('text/csv')
    expect(a.content.startsWith('Prisoner,CRN,')).toBe(true)
  })
})

describe('the dedupe key', () => {
  it('is one per (template, recipient, case, episode)', () => {
    const parts = {
      template: 'upcoming-handover-window' as const,
      recipient: { kind: 'staff' as const, staffId: '485926' },
      caseId: 'G4821KT',
      episode: 'episode-1',
    }
    expect(dedupeKey(parts)).toBe('upcoming-handover-window|staff:485926|G4821KT|episode-1')
    expect(dedupeKey({ ...parts, episode: 'episode-2' })).not.toBe(dedupeKey(parts))
    expect(recipientKey({ kind: 'mailbox', email: ' Leeds@LDU.example ' })).toBe('mailbox:leeds@ldu.example')
  })
})
