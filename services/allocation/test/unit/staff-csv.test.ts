import { describe, expect, it } from 'vitest'
import { activeReductionHours, parseCsv, readPomCsv } from '../../src/use-cases/staff-registry'

describe('reading CSV', () => {
  it('handles quotes, embedded commas, doubled quotes, line breaks in quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ])
  })

  it('reports a row with the wrong number of cells, and an empty file', () => {
    expect(readPomCsv('staffId,name,grade\n1,Ann\n').errors).toEqual([
      { field: 'row 2', reason: 'has 2 cells; the header has 3' },
    ])
    expect(readPomCsv('staffId,name,grade\n').errors).toEqual([{ field: 'body', reason: 'the CSV has no POM rows' }])
    expect(readPomCsv('').errors).toEqual([{ field: 'row 1', reason: 'the CSV needs a header row' }])
  })

  it('reads optional columns with their defaults', () => {
    const { rows } = readPomCsv('staffId,name,grade,status,workingPattern\n5,Ann Lee,PRO,Unavailable,0.5\n6,Bo,PO,,\n')
    expect(rows.map(r => [r.line, r.staffId, r.input.status, r.input.workingPattern, r.input.email])).toEqual([
      [2, 5, 'unavailable', 0.5, null],
      [3, 6, 'active', 1, null],
    ])
  })
})

describe('COM reductions', () => {
  it('counts the reductions in force today, start and end days included', () => {
    const r = (hours: number, startDate: string, endDate: string) => ({ hours, startDate, endDate, reason: null })
    expect(
      activeReductionHours(
        [r(1.8, '2026-11-24', '2026-12-01'), r(5, '2026-01-01', '2026-11-24'), r(3, '2026-11-25', '2027-01-01')],
        '2026-11-24',
      ),
    ).toBe(6.8)
  })
})
