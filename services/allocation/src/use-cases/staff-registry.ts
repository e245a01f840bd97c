/**
 * The staff registry: POMs per prison and COMs per PDU, with their workload. A POM who goes inactive ("away
 * from work") hands every case back: the primary cases return to the unallocated list and co-working ends, each
 * change published as `allocation.changed` with `staffCode: null` and trigger `inactive_pom`.
 */
import type { WmtTier } from '@omic/domain'
import { RETRY, withOptimisticRetry } from '@omic/lambda-kit'
import {
  type ComDetails,
  type ComImportRow,
  type ComRecord,
  type ComView,
  comView,
  groupByStaff,
  groupByStaffCode,
  type HandedBack,
  type PomDetails,
  type PomImportRow,
  type PomRecord,
  type PomView,
  pomView,
} from '../model'
import { removeRoles } from './allocation-changes'
import { writeCase } from './case-writer'
import type { Actor, Deps } from './deps'

/** Attempts at a staff record's optimistic write (when they run out the route answers 500, as it always has). */
const ATTEMPTS = 5

export interface UpsertPomOutcome {
  pom: PomView
  created: boolean
  /** Cases handed back because the POM is inactive. */
  deallocated: HandedBack
}

/** Creates or replaces a POM record; when the POM is (or becomes) inactive, hands their cases back. */
export async function upsertPom(
  deps: Deps,
  actor: Actor,
  prisonId: string,
  staffId: number,
  input: PomDetails,
): Promise<UpsertPomOutcome> {
  const { written, created } = await withOptimisticRetry(
    async () => {
      const existing = await deps.store.getPom(prisonId, staffId)
      const version = existing?.version ?? 0
      const pom: PomRecord = {
        staffId,
        prisonId,
        ...input,
        version: version + 1,
        updatedAt: deps.clock.now().toISOString(),
        updatedBy: actor.subject,
      }
      if ((await deps.store.putPom(pom, version)) === 'conflict') return RETRY
      return { written: pom, created: existing === undefined }
    },
    { attempts: ATTEMPTS, exhausted: () => new Error('The POM record kept changing while it was being written') },
  )
  const deallocated = written.status === 'inactive' ? await handBackCases(deps, actor, prisonId, staffId) : []
  const entries = await deps.store.caseload(prisonId, staffId)
  return { pom: pomView(written, entries, deps.clock.now().toISOString()), created, deallocated }
}

/** Removes every role an inactive POM holds at a prison (trigger `inactive_pom`). */
export async function handBackCases(deps: Deps, actor: Actor, prisonId: string, staffId: number): Promise<HandedBack> {
  const entries = await deps.store.caseload(prisonId, staffId)
  const out: HandedBack = []
  for (const noms of [...new Set(entries.map(e => e.nomsNumber))]) {
    const roles = await writeCase(deps, noms, current => {
      const primary = current.allocation.primary?.staffId === staffId
      const coworking = current.allocation.coworking?.staffId === staffId
      if (!primary && !coworking) return { write: false, result: [] as ('primary' | 'coworking')[] }
      const change = removeRoles(current, { primary, coworking }, 'inactive_pom', {
        at: deps.clock.now().toISOString(),
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
  const now = deps.clock.now().toISOString()
  return poms
    .map(p => pomView(p, byStaff.get(p.staffId) ?? [], now))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.staffId - b.staffId)
}

export interface ImportOutcome {
  created: number
  updated: number
  deallocated: HandedBack
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

export async function upsertCom(
  deps: Deps,
  actor: Actor,
  pduCode: string,
  staffCode: string,
  input: ComDetails,
  untieredAs: WmtTier,
): Promise<{ com: ComView; created: boolean }> {
  const { written, created } = await withOptimisticRetry(
    async () => {
      const existing = await deps.store.getCom(pduCode, staffCode)
      const version = existing?.version ?? 0
      const com: ComRecord = {
        staffCode,
        pduCode,
        ...input,
        version: version + 1,
        updatedAt: deps.clock.now().toISOString(),
        updatedBy: actor.subject,
      }
      if ((await deps.store.putCom(com, version)) === 'conflict') return RETRY
      return { written: com, created: existing === undefined }
    },
    { attempts: ATTEMPTS, exhausted: () => new Error('The COM record kept changing while it was being written') },
  )
  const entries = await deps.store.comCaseload(pduCode, staffCode)
  return { com: comView(written, entries, deps.clock.today(), untieredAs), created }
}

export async function listComs(deps: Deps, pduCode: string, untieredAs: WmtTier): Promise<ComView[]> {
  const [coms, caseload] = await Promise.all([deps.store.listComs(pduCode), deps.store.comCaseload(pduCode)])
  const byStaff = groupByStaffCode(caseload)
  const today = deps.clock.today()
  return coms
    .map(c => comView(c, byStaff.get(c.staffCode) ?? [], today, untieredAs))
    .sort((a, b) => a.teamCode.localeCompare(b.teamCode) || a.name.localeCompare(b.name, 'en-GB'))
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
