/**
 * The POM allocation lifecycle (allocation.md §3): allocate a primary POM, reallocate (with a continuity reason,
 * seed 004), add or remove a co-working POM (never the primary), and deallocate. Every write is conditional on
 * the case not having changed since it was read: of two SPOs allocating the same case at once exactly one wins
 * and the other is told who holds it now.
 */
import {
  type LineManagerAuthorisation,
  type PomTypeOverride,
  pomTypeOfPosition,
  type ReallocationReason,
  recommendationCode,
  validatePomTypeChoice,
  validateReallocation,
} from '@omic/domain'
import {
  type AllocationOutcome,
  type AllocationTrigger,
  allocationView,
  type CaseloadEntry,
  type CaseRecord,
  caseStatus,
  type HistoryEntry,
  indexEntriesOf,
  type PomRecord,
  type PomRef,
  workloadOf,
} from '../model'
import { allocationChanged, historyEntry, pomParty, removeRoles } from './allocation-changes'
import { writeCase } from './case-writer'
import type { Actor, Deps } from './deps'
import { pomRecommendations } from './recommendations'

/**
 * A prison's POMs and caseload, read once by a bulk change and passed to each case's allocation (instead of reading
 * them again for every case); each allocation keeps the caseload current with the roles it moved.
 */
export interface PrisonStaff {
  readonly poms: readonly PomRecord[]
  caseload: CaseloadEntry[]
}

const invalid = (field: string, reason: string): AllocationOutcome => ({
  ok: false,
  kind: 'invalid',
  errors: [{ field, reason }],
})
const conflict = (message: string, record: CaseRecord): AllocationOutcome => ({
  ok: false,
  kind: 'conflict',
  message,
  current: allocationView(record),
})

export interface AllocateInput {
  staffId: number
  override?: PomTypeOverride | null | undefined
  note?: string | null | undefined
}

export interface ReallocateInput extends AllocateInput {
  /** The primary POM the SPO saw; the write fails with 409 if someone changed it meanwhile. */
  fromStaffId: number
  reason?: ReallocationReason | null | undefined
  lineManagerAuthorisation?: LineManagerAuthorisation | null | undefined
  promptedByRiskChange?: boolean | undefined
}

interface Checked {
  record: CaseRecord
  pom: PomRecord
  recommendation: HistoryEntry['recommendation']
  override: HistoryEntry['override']
}

/**
 * Loads the case (with its history) and the prison's POMs and caseload (unless `staff` has them), and checks what
 * does not depend on the race: scope, POM, cap, type.
 */
async function check(
  deps: Deps,
  nomsNumber: string,
  input: AllocateInput,
  canAct: (prisonId: string) => boolean,
  role: 'primary' | 'coworking',
  staff?: PrisonStaff,
): Promise<Checked | AllocationOutcome> {
  const { record, history } = await deps.store.caseWithHistory(nomsNumber)
  if (!record) return { ok: false, kind: 'not_found' }
  const prisonId = record.prisonId
  if (prisonId !== null && prisonId !== 'OUT' && prisonId !== 'TRN' && !canAct(prisonId)) {
    return { ok: false, kind: 'forbidden', prisonId }
  }
  const status = caseStatus(record, deps.clock.today(), deps.rules)
  if (!status.inPrison || prisonId === null) return conflict('The person is not in a prison', record)
  if (!status.inPolicy) return conflict('The case is outside OMiC policy', record)
  const [poms, caseload] = staff
    ? [staff.poms, staff.caseload]
    : await Promise.all([deps.store.listPoms(prisonId), deps.store.caseload(prisonId)])
  const pom = poms.find(p => p.staffId === input.staffId)
  if (!pom) return invalid('body.staffId', `No POM ${input.staffId} is recorded at ${prisonId}`)
  if (pom.status !== 'active') {
    return invalid(
      'body.staffId',
      `The POM is ${pom.status === 'unavailable' ? 'unavailable for new cases' : 'away from work'}`,
    )
  }
  const workload = workloadOf(
    pom,
    caseload.filter(e => e.staffId === pom.staffId),
  )
  if (workload?.atCaseCap) {
    return invalid(
      'body.staffId',
      `The POM holds ${workload.caseCount} cases, the most they may hold (${workload.caseCap})`,
    )
  }
  if (role === 'coworking') return { record, pom, recommendation: null, override: null }

  const rec = status.recommendation
  const choice = validatePomTypeChoice({
    recommended: rec.pomType,
    chosen: pomTypeOfPosition(pom.grade),
    override: input.override ?? null,
  })
  if (!choice.ok) return invalid(`body.${choice.error.field}`, choice.error.reason)
  const ranking = await pomRecommendations(deps, record, 'primary', { poms, caseload, history })
  const chosen = ranking?.candidates.find(c => c.staffId === pom.staffId)
  const first = ranking?.candidates.find(c => c.rank === 1)
  return {
    record,
    pom,
    recommendation: {
      pomType: rec.pomType,
      code: recommendationCode(rec.pomType),
      reason: rec.reason,
      chosenRank: chosen?.rank ?? null,
      rankedFirst: first ? String(first.staffId) : null,
    },
    override: choice.value.override,
  }
}

/** Replaces a case's entries in a preloaded caseload with those of the case as written. */
function keepCurrent(staff: PrisonStaff | undefined, written: CaseRecord | undefined, deps: Deps): void {
  if (!staff || !written) return
  const entries = indexEntriesOf(written, caseStatus(written, deps.clock.today(), deps.rules)).caseload
  staff.caseload = [...staff.caseload.filter(e => e.nomsNumber !== written.nomsNumber), ...entries]
}

function pomRef(pom: PomRecord, actor: Actor, at: string): PomRef {
  return {
    staffId: pom.staffId,
    name: pom.name,
    email: pom.email,
    grade: pom.grade,
    prisonId: pom.prisonId,
    allocatedAt: at,
    allocatedBy: actor.subject,
  }
}

/** Allocates the primary POM of a case that has none (SPO only; the handler checks the role). */
export async function allocatePrimary(
  deps: Deps,
  actor: Actor,
  nomsNumber: string,
  input: AllocateInput,
  canAct: (prisonId: string) => boolean,
): Promise<AllocationOutcome> {
  const checked = await check(deps, nomsNumber, input, canAct, 'primary')
  if ('ok' in checked) return checked
  const { pom } = checked
  return writeCase<AllocationOutcome>(
    deps,
    nomsNumber,
    current => {
      if (current.allocation.primary !== null) {
        return { write: false, result: conflict('The case already has a primary POM', current) }
      }
      if (current.prisonId !== pom.prisonId)
        return { write: false, result: conflict('The person has moved prison', current) }
      const status = caseStatus(current, deps.clock.today(), deps.rules)
      if (status.bucket !== 'UNALLOCATED') {
        return {
          write: false,
          result: conflict(
            status.missing.length > 0
              ? `The case is missing: ${status.missing.join(', ')}`
              : 'The case is not ready for allocation',
            current,
          ),
        }
      }
      if (current.allocation.coworking?.staffId === pom.staffId) {
        return { write: false, result: invalid('body.staffId', 'The co-working POM cannot also be the primary POM') }
      }
      const at = deps.clock.now().toISOString()
      const after: CaseRecord = { ...current, allocation: { ...current.allocation, primary: pomRef(pom, actor, at) } }
      const history = historyEntry({
        id: deps.ids.next(),
        at,
        nomsNumber,
        prisonId: pom.prisonId,
        event: 'allocate_primary_pom',
        trigger: 'user',
        role: 'primary',
        to: pomParty(pom),
        by: actor,
        recommendation: checked.recommendation,
        override: checked.override,
        note: input.note ?? null,
        tier: status.tier,
        rosh: status.rosh,
      })
      return {
        write: true,
        after,
        history: [history],
        events: [
          allocationChanged(nomsNumber, pom, pom.prisonId, 'primary', 'user', at, null, actor, input.note ?? null),
        ],
        result: { ok: true, created: true, allocation: allocationView({ ...after, version: current.version + 1 }) },
      }
    },
    checked.record,
  )
}

/** Moves the case from its primary POM to another: needs an acceptable reason or a line manager's authorisation. */
export async function reallocatePrimary(
  deps: Deps,
  actor: Actor,
  nomsNumber: string,
  input: ReallocateInput,
  canAct: (prisonId: string) => boolean,
  trigger: AllocationTrigger = 'user',
  staff?: PrisonStaff,
): Promise<AllocationOutcome> {
  if (input.staffId === input.fromStaffId) {
    return invalid('body.staffId', 'Choose a POM from the available list: this POM already holds the case')
  }
  const justification = validateReallocation({
    reason: input.reason ?? null,
    lineManagerAuthorisation: input.lineManagerAuthorisation ?? null,
    ...(input.promptedByRiskChange !== undefined ? { promptedByRiskChange: input.promptedByRiskChange } : {}),
  })
  if (!justification.ok) return invalid(`body.${justification.error.field}`, justification.error.reason)
  const checked = await check(deps, nomsNumber, input, canAct, 'primary', staff)
  if ('ok' in checked) return checked
  const { pom } = checked
  let written: CaseRecord | undefined
  const outcome = await writeCase<AllocationOutcome>(
    deps,
    nomsNumber,
    current => {
      const from = current.allocation.primary
      if (from === null || from.staffId !== input.fromStaffId) {
        return { write: false, result: conflict('The primary POM has changed since you looked', current) }
      }
      if (current.prisonId !== pom.prisonId)
        return { write: false, result: conflict('The person has moved prison', current) }
      if (current.allocation.coworking?.staffId === pom.staffId) {
        return { write: false, result: invalid('body.staffId', 'The co-working POM cannot also be the primary POM') }
      }
      const status = caseStatus(current, deps.clock.today(), deps.rules)
      const at = deps.clock.now().toISOString()
      const after: CaseRecord = {
        ...current,
        allocation: { ...current.allocation, primary: pomRef(pom, actor, at), previousPrimary: { ...from, until: at } },
      }
      written = after
      const j = justification.value
      const history = historyEntry({
        id: deps.ids.next(),
        at,
        nomsNumber,
        prisonId: pom.prisonId,
        event: 'reallocate_primary_pom',
        trigger,
        role: 'primary',
        from: pomParty(from),
        to: pomParty(pom),
        by: actor,
        recommendation: checked.recommendation,
        override: checked.override,
        reallocation: { basis: j.basis, reason: j.reason, lineManagerAuthorisation: j.lineManagerAuthorisation },
        note: input.note ?? null,
        tier: status.tier,
        rosh: status.rosh,
      })
      return {
        write: true,
        after,
        history: [history],
        events: [
          allocationChanged(nomsNumber, pom, pom.prisonId, 'primary', trigger, at, from, actor, input.note ?? null),
        ],
        result: { ok: true, created: false, allocation: allocationView({ ...after, version: current.version + 1 }) },
      }
    },
    checked.record,
  )
  if (outcome.ok) keepCurrent(staff, written, deps)
  return outcome
}

/** Sets the co-working POM (replacing another one); the primary POM cannot also co-work the case. */
export async function setCoworking(
  deps: Deps,
  actor: Actor,
  nomsNumber: string,
  input: { staffId: number; note?: string | null | undefined },
  canAct: (prisonId: string) => boolean,
): Promise<AllocationOutcome> {
  const checked = await check(deps, nomsNumber, input, canAct, 'coworking')
  if ('ok' in checked) return checked
  const { pom } = checked
  return writeCase<AllocationOutcome>(
    deps,
    nomsNumber,
    current => {
      const primary = current.allocation.primary
      if (primary === null)
        return { write: false, result: conflict('The case has no primary POM to co-work with', current) }
      if (primary.staffId === pom.staffId) {
        return { write: false, result: invalid('body.staffId', 'The primary POM cannot also be the co-working POM') }
      }
      if (current.allocation.coworking?.staffId === pom.staffId) {
        return { write: false, result: { ok: true, created: false, allocation: allocationView(current) } }
      }
      const at = deps.clock.now().toISOString()
      const status = caseStatus(current, deps.clock.today(), deps.rules)
      const replaced = current.allocation.coworking
      const history: HistoryEntry[] = []
      const events = []
      if (replaced) {
        history.push(
          historyEntry({
            id: deps.ids.next(),
            at,
            nomsNumber,
            prisonId: replaced.prisonId,
            event: 'deallocate_secondary_pom',
            trigger: 'user',
            role: 'coworking',
            from: pomParty(replaced),
            by: actor,
          }),
        )
      }
      history.push(
        historyEntry({
          id: deps.ids.next(),
          at,
          nomsNumber,
          prisonId: pom.prisonId,
          event: 'allocate_secondary_pom',
          trigger: 'user',
          role: 'coworking',
          from: pomParty(replaced),
          to: pomParty(pom),
          by: actor,
          note: input.note ?? null,
          tier: status.tier,
          rosh: status.rosh,
        }),
      )
      events.push(
        allocationChanged(nomsNumber, pom, pom.prisonId, 'coworking', 'user', at, replaced, actor, input.note ?? null),
      )
      const after: CaseRecord = { ...current, allocation: { ...current.allocation, coworking: pomRef(pom, actor, at) } }
      return {
        write: true,
        after,
        history,
        events,
        result: {
          ok: true,
          created: replaced === null,
          allocation: allocationView({ ...after, version: current.version + 1 }),
        },
      }
    },
    checked.record,
  )
}

/** Removes POM roles at an SPO's or admin's request (co-working: SPO; both: admin, trigger manual_change). */
export async function removePomRoles(
  deps: Deps,
  actor: Actor,
  nomsNumber: string,
  roles: { primary: boolean; coworking: boolean },
  trigger: AllocationTrigger,
  canAct: (prisonId: string) => boolean,
  note?: string | null,
): Promise<AllocationOutcome> {
  const record = await deps.store.getCase(nomsNumber)
  if (!record) return { ok: false, kind: 'not_found' }
  const heldAt = record.allocation.primary?.prisonId ?? record.allocation.coworking?.prisonId ?? record.prisonId
  if (heldAt !== null && heldAt !== 'OUT' && heldAt !== 'TRN' && !canAct(heldAt))
    return { ok: false, kind: 'forbidden', prisonId: heldAt }
  return writeCase<AllocationOutcome>(
    deps,
    nomsNumber,
    current => {
      const hasAny = (roles.primary && current.allocation.primary) || (roles.coworking && current.allocation.coworking)
      if (!hasAny) return { write: false, result: { ok: true, created: false, allocation: allocationView(current) } }
      const change = removeRoles(current, roles, trigger, {
        at: deps.clock.now().toISOString(),
        newId: () => deps.ids.next(),
        by: actor,
        note: note ?? null,
      })
      return {
        write: true,
        ...change,
        result: {
          ok: true,
          created: false,
          allocation: allocationView({ ...change.after, version: current.version + 1 }),
        },
      }
    },
    record,
  )
}
