/**
 * Key design of the handover table (one table, two GSIs; see docs/handover.md):
 * - `CASE#<noms>` / `CASE`: the case record; `HIST#<calculatedAt>#<version>`: one item per calculation;
 *   `SENT#<episodeId>#<key>`: sent-markers (conditional writes).
 * - gsi1 (lists): `LIST#<prisonId>#<list>` / `<OVERDUE|OK>#<handoverDate>#<noms>` — a page of a list is one Query.
 * - gsi2 (due index): `DUE#<yyyy-mm-dd>` / `<noms>` — the sweep queries only the days due since its last run.
 * - `FORECAST#<pdu>` / `<date>#<start|handover>#<noms>`: handovers per PDU by date, one Query per forecast.
 * - `CRN#<crn>` / `CRN`: the CRN → NOMS link and probation parts waiting for it (lambda-kit's DynamoCrnLinks);
 *   `SWEEP` / `STATE`: last run.
 * - `OUTBOX` / `<noms>`: a marker for each case whose outbox holds events (written in the same transaction as the
 *   case; `leaseEnds` = the earliest lease), which the outbox drain queries; gone when the outbox is empty.
 */
import type { CaseRecord, ForecastEntry, StoredList } from './records'

export const caseKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'CASE' })
export const OUTBOX_PK = 'OUTBOX'
export const outboxMarkerKey = (noms: string) => ({ pk: OUTBOX_PK, sk: noms })
export const SWEEP_KEY = { pk: 'SWEEP', sk: 'STATE' } as const
export const HISTORY_PREFIX = 'HIST#'
export const SENT_PREFIX = 'SENT#'

export const historySk = (calculatedAt: string, version: number, noms: string) =>
  `${HISTORY_PREFIX}${calculatedAt}#${noms}#${String(version).padStart(9, '0')}`
export const sentSk = (episodeId: string, key: string) => `${SENT_PREFIX}${episodeId}#${key}`
export const listPk = (prisonId: string, list: Exclude<StoredList, 'none'>) => `LIST#${prisonId}#${list}`
export const duePk = (date: string) => `DUE#${date}`
export const forecastPk = (pdu: string) => `FORECAST#${pdu}`

const NO_DATE = '9999-12-31'

/** The index attributes a case item carries: which list (gsi1) and which due day (gsi2) it is under. */
export function indexAttributes(record: CaseRecord): Record<string, string> {
  const out: Record<string, string> = {}
  const calc = record.calculation
  const prisonId = record.prisoner?.snapshot.prisonId
  if (calc && calc.list !== 'none' && prisonId) {
    out.gsi1pk = listPk(prisonId, calc.list)
    out.gsi1sk = `${calc.comAllocationOverdue ? 'OVERDUE' : 'OK'}#${calc.handoverDate ?? NO_DATE}#${record.nomsNumber}`
  }
  if (record.nextDueDate) {
    out.gsi2pk = duePk(record.nextDueDate)
    out.gsi2sk = record.nomsNumber
  }
  return out
}

/** The forecast items a case should own now: its start and handover dates under its PDU. */
export function forecastEntries(record: CaseRecord): ForecastEntry[] {
  const calc = record.calculation
  const probation = record.probation?.snapshot
  if (calc?.status !== 'calculated' || !probation?.pduCode) return []
  const out: ForecastEntry[] = []
  const add = (kind: ForecastEntry['kind'], date: string | null) => {
    if (date === null) return
    out.push({
      pdu: probation.pduCode ?? '',
      sk: `${date}#${kind}#${record.nomsNumber}`,
      date,
      kind,
      lduCode: probation.lduCode,
      nomsNumber: record.nomsNumber,
    })
  }
  add('start', calc.handoverStartDate)
  add('handover', calc.handoverDate)
  return out
}
