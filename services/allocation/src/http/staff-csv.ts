/**
 * The staff CSV imports (RFC 4180): a header row naming the columns, then one POM or COM per row. Every bad cell is
 * reported as `row N.column`; nothing is imported while any row is bad. The rows are checked with the same input
 * schemas as the JSON routes (model/staff-input.ts).
 */
import { COM_STAFF_GRADES, type ComImportRow, comInputSchema, type PomImportRow, pomInputSchema } from '../model'

export interface CsvRowError {
  field: string
  reason: string
}

const CSV_COLUMNS = ['staffId', 'name', 'email', 'grade', 'status', 'workingPattern'] as const
const REQUIRED_COLUMNS = ['staffId', 'name', 'grade'] as const

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i++) {
    const c = body[i]
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += c
    } else if (c === '"' && field === '') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

/** A CSV checked for its header: each data row with its line in the file and a cell reader by column name. */
interface CsvTable {
  rows: { line: number; cell: (column: string) => string | undefined }[]
  errors: CsvRowError[]
}

/**
 * Reads a CSV whose header row names its columns (any order): unknown and missing required columns are reported
 * against row 1, a row with the wrong number of cells against its line; blank lines are skipped. A blank cell
 * reads as undefined.
 */
function readCsvTable(
  text: string,
  columns: readonly string[],
  required: readonly string[],
  maxRows: number,
  what: string,
): CsvTable {
  const table = parseCsv(text).filter(r => r.some(cell => cell.trim() !== ''))
  const errors: CsvRowError[] = []
  const header = (table[0] ?? []).map(h => h.trim())
  if (header.length === 0) return { rows: [], errors: [{ field: 'row 1', reason: 'the CSV needs a header row' }] }
  for (const [i, h] of header.entries()) {
    if (!columns.includes(h)) {
      errors.push({ field: `row 1.${h || `column ${i + 1}`}`, reason: `unknown column; use ${columns.join(', ')}` })
    } else if (header.indexOf(h) !== i) {
      errors.push({ field: `row 1.${h}`, reason: 'this column appears more than once' })
    }
  }
  for (const column of required) {
    if (!header.includes(column)) errors.push({ field: `row 1.${column}`, reason: 'this column is required' })
  }
  if (errors.length > 0) return { rows: [], errors }
  if (table.length > maxRows + 1)
    return { rows: [], errors: [{ field: 'body', reason: `at most ${maxRows} ${what} per import` }] }
  const rows: CsvTable['rows'] = []
  for (const [index, cells] of table.slice(1).entries()) {
    const line = index + 2
    if (cells.length !== header.length) {
      errors.push({ field: `row ${line}`, reason: `has ${cells.length} cells; the header has ${header.length}` })
      continue
    }
    rows.push({
      line,
      cell: column => {
        const i = header.indexOf(column)
        const v = i < 0 ? undefined : cells[i]?.trim()
        return v === '' ? undefined : v
      },
    })
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ field: 'body', reason: `the CSV has no ${what} rows` })
  return { rows, errors }
}

/**
 * Reads the CSV of POMs: a header row naming the columns (staffId, name, grade required; email, status,
 * workingPattern optional, any order), then one POM per row. Every bad cell is reported as `row N.column`
 * (N = the line in the file, the header being row 1); nothing is imported while any row is bad.
 */
export function readPomCsv(text: string): { rows: PomImportRow[]; errors: CsvRowError[] } {
  const table = readCsvTable(text, CSV_COLUMNS, REQUIRED_COLUMNS, 1000, 'POM')
  if (table.rows.length === 0) return { rows: [], errors: table.errors }
  const errors = [...table.errors]
  const rows: PomImportRow[] = []
  const seen = new Map<number, number>()
  for (const { line, cell } of table.rows) {
    const staffIdText = cell('staffId') ?? ''
    const staffId = /^[1-9][0-9]{0,9}$/.test(staffIdText) ? Number(staffIdText) : null
    if (staffId === null)
      errors.push({ field: `row ${line}.staffId`, reason: 'must be a NOMIS staff id (a positive whole number)' })
    const wp = cell('workingPattern')
    const parsed = pomInputSchema.safeParse({
      name: cell('name') ?? '',
      email: cell('email') ?? null,
      grade: cell('grade'),
      ...(cell('status') !== undefined ? { status: cell('status')?.toLowerCase() } : {}),
      ...(wp !== undefined ? { workingPattern: Number.isFinite(Number(wp)) ? Number(wp) : wp } : {}),
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ field: `row ${line}.${String(issue.path[0] ?? 'row')}`, reason: issue.message })
      }
    }
    if (staffId !== null) {
      const first = seen.get(staffId)
      if (first !== undefined)
        errors.push({ field: `row ${line}.staffId`, reason: `repeats staff id ${staffId} from row ${first}` })
      else seen.set(staffId, line)
    }
    if (staffId !== null && parsed.success) rows.push({ line, staffId, input: parsed.data })
  }
  return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] }
}

const COM_CSV_COLUMNS = [
  'staffCode',
  'name',
  'grade',
  'teamCode',
  'email',
  'contractedHours',
  'otherWorkloadPoints',
  'reductionHours',
  'reductionStartDate',
  'reductionEndDate',
  'reductionReason',
] as const
const COM_REQUIRED_COLUMNS = ['staffCode', 'name', 'grade', 'teamCode'] as const
const REDUCTION_COLUMNS = {
  hours: 'reductionHours',
  startDate: 'reductionStartDate',
  endDate: 'reductionEndDate',
  reason: 'reductionReason',
} as const

/** The CSV column a COM input issue belongs to (`reductions.0.endDate` → `reductionEndDate`). */
function comColumnOf(path: readonly PropertyKey[]): string {
  if (path[0] === 'reductions') {
    const key = path[2]
    return typeof key === 'string' && key in REDUCTION_COLUMNS
      ? REDUCTION_COLUMNS[key as keyof typeof REDUCTION_COLUMNS]
      : 'reductionHours'
  }
  return String(path[0] ?? 'row')
}

/**
 * Reads the CSV of COMs for one PDU: a header row naming the columns (staffCode, name, grade, teamCode required;
 * email, contractedHours, otherWorkloadPoints and one reduction — reductionHours, reductionStartDate,
 * reductionEndDate, reductionReason — optional, any order), then one COM per row. Each row replaces the COM's
 * record as `PUT /pdus/{pduCode}/coms/{staffCode}` does. Every bad cell is reported as `row N.column`; nothing is
 * imported while any row is bad.
 */
export function readComCsv(text: string): { rows: ComImportRow[]; errors: CsvRowError[] } {
  const table = readCsvTable(text, COM_CSV_COLUMNS, COM_REQUIRED_COLUMNS, 1000, 'COM')
  if (table.rows.length === 0) return { rows: [], errors: table.errors }
  const errors = [...table.errors]
  const rows: ComImportRow[] = []
  const seen = new Map<string, number>()
  for (const { line, cell } of table.rows) {
    const bad = (column: string, reason: string) => errors.push({ field: `row ${line}.${column}`, reason })
    const staffCode = cell('staffCode') ?? ''
    const staffCodeOk = /^[A-Z0-9]{2,12}$/.test(staffCode)
    if (!staffCodeOk) bad('staffCode', 'must be an upper-case nDelius staff code')
    const number = (column: string, integer: boolean): number | undefined => {
      const raw = cell(column)
      if (raw === undefined) return undefined
      const value = Number(raw)
      if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
        bad(column, integer ? 'must be a whole number' : 'must be a number')
        return undefined
      }
      return value
    }
    const cellsBefore = errors.length
    const contractedHours = number('contractedHours', false)
    const otherWorkloadPoints = number('otherWorkloadPoints', true)
    const reductionHours = number('reductionHours', false)
    const numbersOk = errors.length === cellsBefore
    const reductionCells = [cell('reductionHours'), cell('reductionStartDate'), cell('reductionEndDate')]
    const hasReduction = reductionCells.some(v => v !== undefined) || cell('reductionReason') !== undefined
    if (hasReduction) {
      for (const column of ['reductionHours', 'reductionStartDate', 'reductionEndDate'] as const) {
        if (cell(column) === undefined) bad(column, 'is needed with a reduction (hours, start date and end date)')
      }
    }
    const gradeText = cell('grade')
    const grade = COM_STAFF_GRADES.find(g => g.toUpperCase() === gradeText?.toUpperCase()) ?? gradeText
    const parsed = comInputSchema.safeParse({
      name: cell('name') ?? '',
      email: cell('email') ?? null,
      grade,
      teamCode: cell('teamCode') ?? '',
      ...(contractedHours !== undefined ? { contractedHours } : {}),
      ...(otherWorkloadPoints !== undefined ? { otherWorkloadPoints } : {}),
      ...(hasReduction && reductionHours !== undefined && reductionCells.every(v => v !== undefined)
        ? {
            reductions: [
              {
                hours: reductionHours,
                startDate: cell('reductionStartDate'),
                endDate: cell('reductionEndDate'),
                reason: cell('reductionReason') ?? null,
              },
            ],
          }
        : {}),
    })
    if (!parsed.success) {
      for (const issue of parsed.error.issues) bad(comColumnOf(issue.path), issue.message)
    }
    if (staffCodeOk) {
      const first = seen.get(staffCode)
      if (first !== undefined) bad('staffCode', `repeats staff code ${staffCode} from row ${first}`)
      else seen.set(staffCode, line)
    }
    if (staffCodeOk && numbersOk && parsed.success) rows.push({ line, staffCode, input: parsed.data })
  }
  return errors.length > 0 ? { rows: [], errors } : { rows, errors: [] }
}
