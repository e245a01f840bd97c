/**
 * What the use cases answer (pure values): expected failures are outcomes, not exceptions — the HTTP routes map
 * them to 201/200, 400, 403, 404 and 409.
 */
import type { CaseRecord, ComState, PomRef } from './case'

/** One bad field of a request, as the 400 body names it. */
export interface FieldProblem {
  field: string
  reason: string
}

/** A case's POMs, as the allocation routes answer them. */
export interface AllocationView {
  nomsNumber: string
  prisonId: string | null
  primaryPom: (Omit<PomRef, 'prisonId'> & { prisonId: string }) | null
  coworkingPom: (Omit<PomRef, 'prisonId'> & { prisonId: string }) | null
  version: number
}

export function allocationView(record: CaseRecord): AllocationView {
  return {
    nomsNumber: record.nomsNumber,
    prisonId: record.prisonId,
    primaryPom: record.allocation.primary,
    coworkingPom: record.allocation.coworking,
    version: record.version,
  }
}

/** A POM allocation: done, or why not. */
export type AllocationOutcome =
  | { ok: true; created: boolean; allocation: AllocationView }
  | { ok: false; kind: 'not_found' }
  | { ok: false; kind: 'forbidden'; prisonId: string | null }
  | { ok: false; kind: 'invalid'; errors: FieldProblem[] }
  | { ok: false; kind: 'conflict'; message: string; current: AllocationView }

/** A case's COM, as the COM allocation route answers it. */
export interface ComAllocationView {
  nomsNumber: string
  crn: string | null
  com: ComState | null
  allocatedAt: string | null
  version: number
}

export function comAllocationView(record: CaseRecord): ComAllocationView {
  return {
    nomsNumber: record.nomsNumber,
    crn: record.crn,
    com: record.com?.value ?? null,
    allocatedAt: record.com?.at ?? null,
    version: record.version,
  }
}

/** A COM allocation: done, or why not. */
export type ComAllocationOutcome =
  | { ok: true; created: boolean; allocation: ComAllocationView }
  | { ok: false; kind: 'not_found' }
  | { ok: false; kind: 'forbidden'; pduCode: string }
  | { ok: false; kind: 'invalid'; errors: FieldProblem[] }
  | { ok: false; kind: 'conflict'; message: string; current: ComAllocationView }

/** A bulk reallocation's preview or confirmation: done, or why not (no such POM, a bad target or reason). */
export type BulkOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'not_found' | 'invalid'; errors: FieldProblem[] }

/** What one event did to the case read model. */
export type RecordOutcome = 'recorded' | 'stale' | 'thin' | 'unlinked' | 'ignored'

/** Cases handed back because their POM is inactive. */
export type HandedBack = { nomsNumber: string; roles: ('primary' | 'coworking')[] }[]
