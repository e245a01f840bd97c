import { describe, expect, it } from 'vitest'
import { parseCsv, readComCsv, readPomCsv } from '../../src/http/staff-csv'
import { activeReductionHours } from '../../src/model'

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

describe('reading the CSV of COMs', () => {
  it('reads required and optional columns in any order, with one reduction per row', () => {
    const { rows, errors } = readComCsv(
      'teamCode,grade,name,staffCode,email,contractedHours,otherWorkloadPoints,reductionHours,reductionStartDate,reductionEndDate,reductionReason\n' +
        'N07T01,po,"Jones, Pat",N07A001,pat.jones@example.gov.uk,37,120,7.4,2026-11-01,2027-01-31,Union duties\n' +
        'N07T02,PQIP,Sam   Lee,N07A002,,,,,,,\n',
    )
    expect(errors).toEqual([])
    expect(rows).toEqual([
      {
        line: 2,
        staffCode: 'N07A001',
        input: {
          name: 'Jones, Pat',
          email: 'pat.jones@example.gov.uk',
          grade: 'PO',
          teamCode: 'N07T01',
          contractedHours: 37,
          otherWorkloadPoints: 120,
          reductions: [{ hours: 7.4, startDate: '2026-11-01', endDate: '2027-01-31', reason: 'Union duties' }],
        },
      },
      {
        line: 3,
        staffCode: 'N07A002',
        input: {
          name: 'Sam Lee',
          email: null,
          grade: 'PQiP',
          teamCode: 'N07T02',
          contractedHours: null,
          otherWorkloadPoints: 0,
          reductions: [],
        },
      },
    ])
  })

  it('names the row and column of every bad cell and imports nothing', () => {
    const bad = readComCsv(
      'staffCode,name,grade,teamCode,email,contractedHours,otherWorkloadPoints,reductionHours,reductionStartDate,reductionEndDate\n' +
        'N07A001,Pat,PO,N07T01,,37,,,,\n' +
        'n07a002,,PX,team 1,not-an-email,lots,1.5,,,\n' +
        'N07A003,Kim,PSO,N07T01,,200,,3,2027-02-01,2027-01-01\n' +
        'N07A004,Lee,PSO,N07T01,,,,4,,\n' +
        'N07A001,Dup,PO,N07T01,,,,,,\n',
    )
    expect(bad.rows).toEqual([])
    expect(bad.errors).toEqual([
      { field: 'row 3.staffCode', reason: 'must be an upper-case nDelius staff code' },
      { field: 'row 3.contractedHours', reason: 'must be a number' },
      { field: 'row 3.otherWorkloadPoints', reason: 'must be a whole number' },
      { field: 'row 3.name', reason: 'must not be blank' },
      { field: 'row 3.email', reason: 'must be an email address' },
      { field: 'row 3.grade', reason: 'must be PO, PQiP, PSO or SPO' },
      { field: 'row 3.teamCode', reason: 'must be an upper-case nDelius team code' },
      { field: 'row 4.contractedHours', reason: expect.stringMatching(/168/) },
      { field: 'row 4.reductionEndDate', reason: 'must not end before it starts' },
      { field: 'row 5.reductionStartDate', reason: 'is needed with a reduction (hours, start date and end date)' },
      { field: 'row 5.reductionEndDate', reason: 'is needed with a reduction (hours, start date and end date)' },
      { field: 'row 6.staffCode', reason: 'repeats staff code N07A001 from row 2' },
    ])
    expect(readComCsv('staffCode,name,grade,name\nN1,A,PO,B').errors).toEqual([
      {
        field: 'row 1.name',
        reason: 'this column appears more than once',
      },
      { field: 'row 1.teamCode', reason: 'this column is required' },
    ])
    expect(readComCsv('staffCode,name,grade,teamCode\n').errors).toEqual([
      { field: 'body', reason: 'the CSV has no COM rows' },
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
