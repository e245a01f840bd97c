/**
 * The staff registry: POMs per prison and COMs per PDU, with their workload. A POM who goes inactive ("away
 * from work") hands every case back: the primary cases return to the unallocated list and co-working ends, each
 * change published as `allocation.changed` with `staffCode: null` and trigger `inactive_pom`.
 */
import type { IsoDate, PomTier } from '@omic/domain'
import {
  capacityPercent,
  comAvailablePoints,
  comCasePoints,
  DEFAULT_POM_WORKLOAD_CONFIG,
  isPomTier,
  type PomWorkload,
  pomWorkload,
  type WmtTier,
  wmtTierSchema,
} from '@omic/domain'
import { z } from 'zod'
import type {
  CaseloadEntry,
  ComCaseloadEntry,
  ComRecord,
  ComStaffGrade,
  PomGrade,
  PomRecord,
  PomStatus,
  Reduction,
} from '../model'
import { COM_STAFF_GRADES, POM_GRADES, POM_STATUSES } from '../model'
import { removeRoles } from './allocation-changes'
import { writeCase } from './case-writer'
import type { Actor, Deps } from './deps'

// ---------------------------------------------------------------------------------------------------------------
// Inputs (the API's request bodies and the CSV import's rows)

/** Working pattern: FTE 0.1 to 1.0 in steps of 0.1 (allocation.md §4.1). */
export const workingPatternSchema = z
  .number()
  .refine(v => v >= 0.1 - 1e-9 && v <= 1 + 1e-9 && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, {
    message: 'must be 0.1 to 1.0 in steps of 0.1 (full time = 1.0)',
  })
  .transform(v => Math.round(v * 10) / 10)

/** "  John    Smith " → "John Smith" (Manage POM Cases squishes names). */
const personName = z
  .string()
  .transform(s => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'must not be blank').max(100, 'must be at most 100 characters'))

export const pomInputSchema = z.object({
  name: personName,
  email: z.email({ message: 'must be an email address' }).max(254).nullable().default(null),
  grade: z.enum(POM_GRADES, { message: 'must be PO (probation-officer POM) or PRO (prison-officer POM)' }),
  status: z.enum(POM_STATUSES, { message: 'must be active, unavailable or inactive' }).default('active'),
  workingPattern: workingPatternSchema.default(1),
})
export type PomInput = z.input<typeof pomInputSchema>

/** Hours with at most two decimals (the WMT arithmetic is exact in hundredths). */
const hoursSchema = z
  .number()
  .nonnegative()
  .max(168)
  .refine(v => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { message: 'must have at most two decimals' })

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' })

export const comInputSchema = z.object({
  name: personName,
  email: z.email({ message: 'must be an email address' }).max(254).nullable().default(null),
  grade: z.enum(COM_STAFF_GRADES, { message: 'must be PO, PQiP, PSO or SPO' }),
  teamCode: z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an upper-case nDelius team code'),
  contractedHours: hoursSchema.nullable().default(null),
  reductions: z
    .array(
      z
        .object({
          hours: hoursSchema,
          startDate: isoDate,
          endDate: isoDate,
          reason: z.string().trim().max(200).nullable().default(null),
        })
        .refine(r => r.endDate >= r.startDate, { message: 'must not end before it starts', path: ['endDate'] }),
    )
    .max(50)
    .default([]),
  otherWorkloadPoints: z.number().int().nonnegative().max(100_000).default(0),
})
export type ComInput = z.input<typeof comInputSchema>

// ---------------------------------------------------------------------------------------------------------------
// POMs

export interface PomView {
  staffId: number
  prisonId: string
  name: string
  email: string | null
  grade: PomGrade
  status: PomStatus
  workingPattern: number
  workload: PomWorkloadView | null
  updatedAt: string
}

export interface PomWorkloadView {
  points: number
  availablePoints: number
  capacity: number
  overCapacity: boolean
  caseCount: number
  caseCap: number | null
  atCaseCap: boolean
  overCaseCap: boolean
  responsible: number
  supporting: number
  coworking: number
  /** Roles taken on in the last 7 days. */
  newInLast7Days: number
}

export function pomCasesOf(entries: readonly CaseloadEntry[]): { tier: PomTier | null; role: CaseloadEntry['role'] }[] {
  return entries.map(e => ({ tier: e.tier !== null && isPomTier(e.tier) ? e.tier : null, role: e.role }))
}

/** The POM's workload (our model, docs/allocation-rules.md §5) with their current cases. */
export function workloadOf(pom: PomRecord, entries: readonly CaseloadEntry[]): PomWorkload | null {
  const result = pomWorkload(
    { position: pom.grade, workingPattern: pom.workingPattern, cases: pomCasesOf(entries) },
    DEFAULT_POM_WORKLOAD_CONFIG,
  )
  return result.ok ? result.value : null
}

export function pomView(pom: PomRecord, entries: readonly CaseloadEntry[], now: string): PomView {
  const w = workloadOf(pom, entries)
  const weekAgo = new Date(Date.parse(now) - 7 * 86_400_000).toISOString()
  return {
    staffId: pom.staffId,
    prisonId: pom.prisonId,
    name: pom.name,
    email: pom.email,
    grade: pom.grade,
    status: pom.status,
    workingPattern: pom.workingPattern,
    workload: w && {
      points: w.points,
      availablePoints: w.availablePoints,
      capacity: w.capacity,
      overCapacity: w.overCapacity,
      caseCount: w.caseCount,
      caseCap: w.caseCap,
      atCaseCap: w.atCaseCap,
      overCaseCap: w.overCaseCap,
      responsible: w.byRole.responsible.cases,
      supporting: w.byRole.supporting.cases,
      coworking: w.byRole.co_working.cases,
      newInLast7Days: entries.filter(e => e.allocatedAt >= weekAgo).length,
    },
    updatedAt: pom.updatedAt,
  }
}

export function groupByStaff<T extends { staffId: number }>(entries: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>()
  for (const e of entries) {
    const list = map.get(e.staffId)
    if (list) list.push(e)
    else map.set(e.staffId, [e])
  }
  return map
}

export interface UpsertPomOutcome {
  pom: PomView
  created: boolean
  /** Cases handed back because the POM is inactive. */
  deallocated: { nomsNumber: string; roles: ('primary' | 'coworking')[] }[]
}

/** Creates or replaces a POM record; when the POM is (or becomes) inactive, hands their cases back. */
export async function upsertPom(
  deps: Deps,
  actor: Actor,
  prisonId: string,
  staffId: number,
  input: z.output<typeof pomInputSchema>,
): Promise<UpsertPomOutcome> {
  let created = false
  let written: PomRecord | undefined
  for (let attempt = 0; attempt < 5 && !written; attempt++) {
    const existing = await deps.store.getPom(prisonId, staffId)
    const version = existing?.version ?? 0
    const pom: PomRecord = {
      staffId,
      prisonId,
      ...input,
      version: version + 1,
      updatedAt: deps.clock.now(),
      updatedBy: actor.subject,
    }
    if ((await deps.store.putPom(pom, version)) === 'written') {
      written = pom
      created = existing === undefined
    }
  }
  if (!written) throw new Error('The POM record kept changing while it was being written')
  const deallocated = written.status === 'inactive' ? await handBackCases(deps, actor, prisonId, staffId) : []
  const entries = await deps.store.caseload(prisonId, staffId)
  return { pom: pomView(written, entries, deps.clock.now()), created, deallocated }
}

/** Removes every role an inactive POM holds at a prison (trigger `inactive_pom`). */
export async function handBackCases(
  deps: Deps,
  actor: Actor,
  prisonId: string,
  staffId: number,
): Promise<UpsertPomOutcome['deallocated']> {
  const entries = await deps.store.caseload(prisonId, staffId)
  const out: UpsertPomOutcome['deallocated'] = []
  for (const noms of [...new Set(entries.map(e => e.nomsNumber))]) {
    const roles = await writeCase(deps, noms, current => {
      const primary = current.allocation.primary?.staffId === staffId
      const coworking = current.allocation.coworking?.staffId === staffId
      if (!primary && !coworking) return { write: false, result: [] as ('primary' | 'coworking')[] }
      const change = removeRoles(current, { primary, coworking }, 'inactive_pom', {
        at: deps.clock.now(),
        newId: () => deps.ids.next(),
        by: actor,
        note: 'The POM is away from work',
      })
      const removed: ('primary' | 'coworking')[] = []
      if (primary) removed.push('primary')
      if (coworking) removed.push('coworking')
      return { write: true, ...change, result: removed }
    })
    if (roles.length > 0) out.push({ nomsNumber: noms, roles })
  }
  return out
}

export async function listPoms(deps: Deps, prisonId: string): Promise<PomView[]> {
  const [poms, caseload] = await Promise.all([deps.store.listPoms(prisonId), deps.store.caseload(prisonId)])
  const byStaff = groupByStaff(caseload)
  const now = deps.clock.now()
  return poms
    .map(p => pomView(p, byStaff.get(p.staffId) ?? [], now))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.staffId - b.staffId)
}

// ---------------------------------------------------------------------------------------------------------------
// CSV import of POMs

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

export type PomImportRow = { line: number; staffId: number; input: z.output<typeof pomInputSchema> }

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

export interface ImportOutcome {
  created: number
  updated: number
  deallocated: UpsertPomOutcome['deallocated']
}

export async function importPoms(
  deps: Deps,
  actor: Actor,
  prisonId: string,
  rows: readonly PomImportRow[],
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { created: 0, updated: 0, deallocated: [] }
  for (const row of rows) {
    const r = await upsertPom(deps, actor, prisonId, row.staffId, row.input)
    if (r.created) outcome.created++
    else outcome.updated++
    outcome.deallocated.push(...r.deallocated)
  }
  return outcome
}

// ---------------------------------------------------------------------------------------------------------------
// COMs

/** Reductions in force on a day (start and end dates inclusive). */
export function activeReductionHours(reductions: readonly Reduction[], today: IsoDate): number {
  const hundredths = reductions
    .filter(r => r.startDate <= today && today <= r.endDate)
    .reduce((sum, r) => sum + Math.round(r.hours * 100), 0)
  return hundredths / 100
}

/** The WMT tier a custody case is weighed at: its v2 tier, else the configured stand-in. */
export function wmtTierOrDefault(tier: string | null, fallback: WmtTier): WmtTier {
  const parsed = wmtTierSchema.safeParse(tier)
  return parsed.success ? parsed.data : fallback
}

export interface ComWorkloadView {
  casePoints: number
  otherWorkloadPoints: number
  totalPoints: number
  contractedHours: number
  reductionHours: number
  availablePoints: number
  capacity: number
  overCapacity: boolean
  cases: number
  nextReductionChange: string | null
}

export interface ComView {
  staffCode: string
  pduCode: string
  teamCode: string
  name: string
  email: string | null
  grade: ComStaffGrade
  contractedHours: number | null
  reductions: Reduction[]
  workload: ComWorkloadView | null
  updatedAt: string
}

/** Σ WMT points of the custody cases held here (workload.md §c.2) plus the points held elsewhere. */
export function comWorkloadOf(
  com: ComRecord,
  entries: readonly ComCaseloadEntry[],
  today: IsoDate,
  untieredAs: WmtTier,
  extraCase?: { wmtTier: string | null },
): ComWorkloadView | null {
  const points = (t: string | null) =>
    comCasePoints({ tier: wmtTierOrDefault(t, untieredAs), caseType: 'CUSTODY', isT2A: false }).points
  const casePoints =
    entries.reduce((sum, e) => sum + points(e.wmtTier), 0) + (extraCase ? points(extraCase.wmtTier) : 0)
  const reductionHours = activeReductionHours(com.reductions, today)
  const available = comAvailablePoints({ grade: com.grade, contractedHours: com.contractedHours, reductionHours })
  if (!available.ok) return null
  const totalPoints = casePoints + com.otherWorkloadPoints
  const capacity = capacityPercent({ totalPoints, availablePoints: available.value.availablePoints })
  if (!capacity.ok) return null
  const changes = com.reductions
    .flatMap(r => [r.startDate, r.endDate])
    .filter(d => d > today)
    .sort()
  return {
    casePoints,
    otherWorkloadPoints: com.otherWorkloadPoints,
    totalPoints,
    contractedHours: available.value.contractedHours,
    reductionHours,
    availablePoints: available.value.availablePoints,
    capacity: capacity.value.capacity,
    overCapacity: capacity.value.overCapacity,
    cases: entries.length + (extraCase ? 1 : 0),
    nextReductionChange: changes[0] ?? null,
  }
}

export function comView(
  com: ComRecord,
  entries: readonly ComCaseloadEntry[],
  today: IsoDate,
  untieredAs: WmtTier,
): ComView {
  return {
    staffCode: com.staffCode,
    pduCode: com.pduCode,
    teamCode: com.teamCode,
    name: com.name,
    email: com.email,
    grade: com.grade,
    contractedHours: com.contractedHours,
    reductions: com.reductions,
    workload: comWorkloadOf(com, entries, today, untieredAs),
    updatedAt: com.updatedAt,
  }
}

export async function upsertCom(
  deps: Deps,
  actor: Actor,
  pduCode: string,
  staffCode: string,
  input: z.output<typeof comInputSchema>,
  untieredAs: WmtTier,
): Promise<{ com: ComView; created: boolean }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await deps.store.getCom(pduCode, staffCode)
    const version = existing?.version ?? 0
    const com: ComRecord = {
      staffCode,
      pduCode,
      ...input,
      version: version + 1,
      updatedAt: deps.clock.now(),
      updatedBy: actor.subject,
    }
    if ((await deps.store.putCom(com, version)) === 'written') {
      const entries = await deps.store.comCaseload(pduCode, staffCode)
      return { com: comView(com, entries, deps.clock.today(), untieredAs), created: existing === undefined }
    }
  }
  throw new Error('The COM record kept changing while it was being written')
}

export async function listComs(deps: Deps, pduCode: string, untieredAs: WmtTier): Promise<ComView[]> {
  const [coms, caseload] = await Promise.all([deps.store.listComs(pduCode), deps.store.comCaseload(pduCode)])
  const byStaff = new Map<string, ComCaseloadEntry[]>()
  for (const e of caseload) byStaff.set(e.staffCode, [...(byStaff.get(e.staffCode) ?? []), e])
  const today = deps.clock.today()
  return coms
    .map(c => comView(c, byStaff.get(c.staffCode) ?? [], today, untieredAs))
    .sort((a, b) => a.teamCode.localeCompare(b.teamCode) || a.name.localeCompare(b.name, 'en-GB'))
}

// ---------------------------------------------------------------------------------------------------------------
// CSV import of COMs

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

export type ComImportRow = { line: number; staffCode: string; input: z.output<typeof comInputSchema> }

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

/** Creates or replaces every COM of the import (rows already checked: all good). */
export async function importComs(
  deps: Deps,
  actor: Actor,
  pduCode: string,
  rows: readonly ComImportRow[],
  untieredAs: WmtTier,
): Promise<{ created: number; updated: number }> {
  const outcome = { created: 0, updated: 0 }
  for (const row of rows) {
    const r = await upsertCom(deps, actor, pduCode, row.staffCode, row.input, untieredAs)
    if (r.created) outcome.created++
    else outcome.updated++
  }
  return outcome
}
