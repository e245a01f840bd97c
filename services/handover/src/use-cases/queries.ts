import type { IsoDate } from '@omic/domain'
import { AccessDeniedError, CaseNotFoundError } from '../errors'
import { type Actor, canSeeCase } from '../model/access'
import { aggregateForecast, type Forecast, forecastRange } from '../model/forecast'
import type { CaseList, CaseRecord, HistoryEntry } from '../model/records'
import { type SarWindow, type SubjectAccessContent, subjectAccessContent } from '../model/subject-access'
import { timeline } from '../model/timeline'
import type { Page } from '../ports'
import type { HandoverDeps } from './update-case'

/** How many calculations `GET /handovers/{nomsNumber}` shows (newest first). */
export const HISTORY_SHOWN = 50

async function visibleCase(deps: HandoverDeps, actor: Actor, nomsNumber: string): Promise<CaseRecord> {
  const record = await deps.store.load(nomsNumber)
  if (!record?.prisoner) throw new CaseNotFoundError(nomsNumber)
  if (!canSeeCase(actor, record)) throw new AccessDeniedError(`No access to the case of ${nomsNumber}`)
  return record
}

export async function getHandover(
  deps: HandoverDeps,
  actor: Actor,
  nomsNumber: string,
): Promise<{ record: CaseRecord; history: HistoryEntry[] }> {
  const record = await visibleCase(deps, actor, nomsNumber)
  return { record, history: await deps.store.history(nomsNumber, HISTORY_SHOWN) }
}

export async function getTimeline(deps: HandoverDeps, actor: Actor, nomsNumber: string) {
  const record = await visibleCase(deps, actor, nomsNumber)
  const today = deps.clock.today()
  return timeline(record, today, deps.options, await deps.store.sentMarkers(nomsNumber))
}

/** One page of a prison's handover list, straight from the list index (prison scoping is checked at the edge). */
export function listHandovers(
  deps: HandoverDeps,
  prisonId: string,
  list: CaseList,
  page: { limit: number; cursor?: string },
): Promise<Page<CaseRecord>> {
  return deps.store.listCases(prisonId, list, page)
}

export async function forecast(
  deps: HandoverDeps,
  pduCode: string,
  from: IsoDate | undefined,
  months: number,
): Promise<Forecast> {
  const start = from ?? deps.clock.today()
  const range = forecastRange(start, months)
  const entries = await deps.store.forecast(pduCode, range.from, range.to)
  return aggregateForecast(pduCode, start, months, entries)
}

/** The case for the anchor-compatible `/api` routes: `undefined` when unknown (their own 404), 403 out of scope. */
export async function apiCase(deps: HandoverDeps, actor: Actor, nomsNumber: string): Promise<CaseRecord | undefined> {
  const record = await deps.store.load(nomsNumber)
  if (!record?.prisoner) return undefined
  if (!canSeeCase(actor, record)) throw new AccessDeniedError(`No access to the case of ${nomsNumber}`)
  return record
}

/** The handover part of a subject access request; `null` when nothing is held (in the window). */
export async function subjectAccess(
  deps: HandoverDeps,
  nomsNumber: string,
  window: SarWindow | null,
): Promise<SubjectAccessContent | null> {
  const record = await deps.store.load(nomsNumber)
  if (!record?.prisoner) return null
  return subjectAccessContent(record, await deps.store.allHistory(nomsNumber), window)
}
