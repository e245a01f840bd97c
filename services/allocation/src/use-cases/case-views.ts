/**
 * What the portals read: one case in full, and the prison's case lists (unallocated, allocated, missing
 * information, new arrivals) with days waiting counted in working days (England and Wales bank holidays).
 */
import { addWorkingDays, type IsoDate, recommendationCode, workingDaysBetween } from '@omic/domain'
import {
  additionalInformation,
  type CaseList,
  type CaseRecord,
  type CaseStatus,
  caseStatus,
  earliestRelease,
  type HistoryEntry,
  type ListSort,
  nameOf,
  type Page,
} from '../model'
import type { Deps } from './deps'

function recommendationView(status: CaseStatus) {
  const rec = status.recommendation
  return {
    pomType: rec.pomType,
    code: recommendationCode(rec.pomType),
    reason: rec.reason,
    explanation: rec.trace.map(t => t.explanation),
  }
}

export function daysWaiting(status: CaseStatus, today: IsoDate): number | null {
  return status.waitingSince === null ? null : workingDaysBetween(status.waitingSince, today)
}

/** The full case (GET /cases/{nomsNumber}): the read model, its list and status, and who manages the person. */
export function caseView(record: CaseRecord, today: IsoDate, deps: Pick<Deps, 'rules'>): Record<string, unknown> {
  const status = caseStatus(record, today, deps.rules)
  const p = record.prisoner?.value
  return {
    nomsNumber: record.nomsNumber,
    crn: record.crn,
    prisonId: record.prisonId,
    name: nameOf(record),
    dateOfBirth: p?.dateOfBirth ?? null,
    legalStatus: p?.legalStatus ?? null,
    sentenceStartDate: p?.sentenceStartDate ?? null,
    releaseDate: p?.releaseDate ?? p?.conditionalReleaseDate ?? null,
    earliestRelease: earliestRelease(record),
    arrivedOn: record.arrivedOn,
    list: status.bucket === null ? null : status.bucket.toLowerCase().replace('_', '-'),
    inPolicy: status.inPolicy,
    policyReason: status.policyReason,
    missing: status.missing,
    tier: { tier: status.tier, v2: record.tierV2?.value ?? null, v3: record.tierV3?.value ?? null },
    rosh: status.rosh,
    responsibility: record.handover?.value ?? null,
    pomRole: status.pomResponsible ? 'responsible' : 'supporting',
    recommendation: recommendationView(status),
    waitingSince: status.waitingSince,
    daysWaiting: status.bucket === 'ALLOCATED' ? null : daysWaiting(status, today),
    additionalInformation: additionalInformation(record),
    allocation: {
      primaryPom: record.allocation.primary,
      coworkingPom: record.allocation.coworking,
      previousPrimaryPom: record.allocation.previousPrimary,
    },
    probation: record.probation?.value ?? null,
    com: record.com?.value ?? null,
    // the open COM request: none once a COM is allocated
    comRequest: record.com === null ? (record.comRequest?.value ?? null) : null,
    version: record.version,
    updatedAt: record.updatedAt,
  }
}

/** One row of a case list. */
export function listItem(record: CaseRecord, today: IsoDate, deps: Pick<Deps, 'rules'>): Record<string, unknown> {
  const status = caseStatus(record, today, deps.rules)
  const allocated = status.bucket === 'ALLOCATED'
  return {
    nomsNumber: record.nomsNumber,
    name: nameOf(record),
    prisonId: record.prisonId,
    tier: status.tier,
    rosh: status.rosh,
    earliestRelease: earliestRelease(record),
    pomRole: status.pomResponsible ? 'responsible' : 'supporting',
    arrivedOn: record.arrivedOn,
    waitingSince: allocated ? null : status.waitingSince,
    daysWaiting: allocated ? null : daysWaiting(status, today),
    additionalInformation: additionalInformation(record),
    ...(status.bucket === 'MISSING_INFO' ? { missing: status.missing } : {}),
    ...(status.bucket === 'UNALLOCATED' ? { recommendation: recommendationView(status) } : {}),
    ...(allocated
      ? {
          primaryPom: record.allocation.primary && {
            staffId: record.allocation.primary.staffId,
            name: record.allocation.primary.name,
            allocatedAt: record.allocation.primary.allocatedAt,
          },
          coworkingPom: record.allocation.coworking && {
            staffId: record.allocation.coworking.staffId,
            name: record.allocation.coworking.name,
          },
        }
      : {}),
    version: record.version,
  }
}

export interface CaseListRequest {
  prisonId: string
  list: CaseList
  sort: ListSort
  order: 'asc' | 'desc'
  limit: number
  cursor?: string | undefined
}

export async function listCases(deps: Deps, request: CaseListRequest): Promise<Page<Record<string, unknown>>> {
  const today = deps.clock.today()
  const page = await deps.store.listCases({
    ...request,
    ...(request.list === 'new-arrivals'
      ? { arrivedOnOrAfter: addWorkingDays(today, -deps.rules.newArrivalWorkingDays) }
      : {}),
  })
  return { items: page.items.map(r => listItem(r, today, deps)), cursor: page.cursor }
}

/** The case's allocation history, newest first: who, when, why and what was recommended. */
export async function caseHistory(deps: Deps, nomsNumber: string): Promise<HistoryEntry[]> {
  const entries = await deps.store.history(nomsNumber)
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
}
