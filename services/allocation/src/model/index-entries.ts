/**
 * The index entries a case carries (pure): its place on a prison's lists, the POM roles it adds to the prison's
 * caseload, the COM role it adds to a PDU's caseload, and its place on a PDU's "needs a COM" list. The DynamoDB
 * adapter writes them with the case in one transaction; the in-memory store derives the same.
 */
import { londonDateOf } from '@omic/domain'
import { z } from 'zod'
import type { CaseRecord } from './case'
import type { Bucket, CaseList, CaseStatus } from './case-status'

/** One POM role on a case, kept in the prison's caseload index. */
export const caseloadEntrySchema = z.object({
  staffId: z.number().int().positive(),
  nomsNumber: z.string(),
  prisonId: z.string(),
  role: z.enum(['responsible', 'supporting', 'co_working']),
  /** A–G, or null when not tiered yet. */
  tier: z.string().nullable(),
  allocatedAt: z.string(),
})
export type CaseloadEntry = z.infer<typeof caseloadEntrySchema>

/** The COM role on a case, kept in the PDU's caseload index. */
export const comCaseloadEntrySchema = z.object({
  staffCode: z.string(),
  nomsNumber: z.string(),
  pduCode: z.string(),
  /** The WMT (v2) tier label, e.g. B2; null when the case has no v2 tier. */
  wmtTier: z.string().nullable(),
  allocatedAt: z.string(),
})
export type ComCaseloadEntry = z.infer<typeof comCaseloadEntrySchema>

export interface ListKeys {
  prisonId: string
  bucket: Bucket
  /** `SURNAME FIRSTNAME#NOMS` */
  nameKey: string
  /** `YYYY-MM-DD#NOMS`: waiting since (unallocated, missing info) or allocated on (allocated). */
  dateKey: string
  arrivedOn: string | null
}

/** A case on a PDU's "needs a COM" list. */
export const comDemandEntrySchema = z.object({
  nomsNumber: z.string(),
  crn: z.string().nullable(),
  pduCode: z.string(),
  lduCode: z.string().nullable(),
  neededBy: z.string(),
  requestedAt: z.string(),
  name: z.string().nullable(),
  prisonId: z.string().nullable(),
  wmtTier: z.string().nullable(),
  tier: z.string().nullable(),
})
export type ComDemandEntry = z.infer<typeof comDemandEntrySchema>

export interface IndexEntries {
  list: ListKeys | null
  caseload: CaseloadEntry[]
  comLoad: ComCaseloadEntry | null
  comDemand: ComDemandEntry | null
}

export function nameOf(record: CaseRecord): string | null {
  const p = record.prisoner?.value
  return p ? `${p.firstName} ${p.lastName}` : null
}

export function indexEntriesOf(record: CaseRecord, status: CaseStatus): IndexEntries {
  const noms = record.nomsNumber
  const p = record.prisoner?.value
  const alloc = record.allocation
  let list: ListKeys | null = null
  if (status.bucket !== null && record.prisonId !== null && p) {
    const date =
      status.bucket === 'ALLOCATED' && alloc.primary
        ? londonDateOf(new Date(alloc.primary.allocatedAt))
        : (status.waitingSince ?? '0000-00-00')
    list = {
      prisonId: record.prisonId,
      bucket: status.bucket,
      nameKey: `${p.lastName.toUpperCase()} ${p.firstName.toUpperCase()}#${noms}`,
      dateKey: `${date}#${noms}`,
      arrivedOn: record.arrivedOn,
    }
  }
  const caseload: CaseloadEntry[] = []
  if (alloc.primary) {
    caseload.push({
      staffId: alloc.primary.staffId,
      nomsNumber: noms,
      prisonId: alloc.primary.prisonId,
      role: status.pomResponsible ? 'responsible' : 'supporting',
      tier: status.tier,
      allocatedAt: alloc.primary.allocatedAt,
    })
  }
  if (alloc.coworking) {
    caseload.push({
      staffId: alloc.coworking.staffId,
      nomsNumber: noms,
      prisonId: alloc.coworking.prisonId,
      role: 'co_working',
      tier: status.tier,
      allocatedAt: alloc.coworking.allocatedAt,
    })
  }
  const com = record.com
  const comLoad: ComCaseloadEntry | null =
    com?.value.pduCode != null
      ? {
          staffCode: com.value.staffCode,
          nomsNumber: noms,
          pduCode: com.value.pduCode,
          wmtTier: status.wmtTier,
          allocatedAt: com.at,
        }
      : null
  const request = record.comRequest
  const pdu = request?.value.pduCode ?? record.probation?.value.pduCode ?? null
  const comDemand: ComDemandEntry | null =
    // "needs a COM" lists only cases without one, whatever order the request and the allocation came in
    request && pdu !== null && com === null
      ? {
          nomsNumber: noms,
          crn: request.value.crn ?? record.crn,
          pduCode: pdu,
          lduCode: request.value.lduCode ?? record.probation?.value.lduCode ?? null,
          neededBy: request.value.neededBy,
          requestedAt: request.at,
          name: nameOf(record),
          prisonId: record.prisonId,
          wmtTier: status.wmtTier,
          tier: status.tier,
        }
      : null
  return { list, caseload, comLoad, comDemand }
}

export const LIST_SORTS = ['name', 'date'] as const
export type ListSort = (typeof LIST_SORTS)[number]

export interface ListQuery {
  prisonId: string
  list: CaseList
  sort: ListSort
  order: 'asc' | 'desc'
  limit: number
  cursor?: string | undefined
  /** new-arrivals: arrived on or after this date. */
  arrivedOnOrAfter?: string | undefined
}

export interface Page<T> {
  items: T[]
  cursor: string | undefined
}

export const BUCKET_OF_LIST: Readonly<Record<Exclude<CaseList, 'new-arrivals'>, Bucket>> = {
  unallocated: 'UNALLOCATED',
  allocated: 'ALLOCATED',
  'missing-info': 'MISSING_INFO',
}
