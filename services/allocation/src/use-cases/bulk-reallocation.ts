/**
 * Bulk reallocation (allocation.md §5): move a POM's primary cases to another POM. First a preview (which cases,
 * which need a reason against the recommended type, which cannot move because the target already co-works them,
 * and the target's workload before and after), then the confirmation, where each case is reallocated on its own
 * conditional write and reported with its outcome: a case that changed meanwhile is skipped, not overwritten.
 */
import {
  isPomTier,
  type LineManagerAuthorisation,
  type PomTypeOverride,
  pomTypeOfPosition,
  pomWorkload,
  type ReallocationReason,
  validateReallocation,
} from '@omic/domain'
import {
  type BulkOutcome,
  type CaseRecord,
  caseStatus,
  nameOf,
  type PomRecord,
  type PomView,
  pomCasesOf,
  pomView,
} from '../model'
import type { Actor, Deps } from './deps'
import { type PrisonStaff, reallocatePrimary } from './pom-allocation'

export interface BulkPreviewCase {
  nomsNumber: string
  name: string | null
  role: 'responsible' | 'supporting'
  tier: string | null
  recommendedType: 'PROBATION' | 'PRISON' | null
  /** Moving it to the target needs a reason against the recommended POM type. */
  overrideNeeded: boolean
  /** False when the case cannot move to the target (and why). */
  selectable: boolean
  problem: string | null
  version: number
}

export interface BulkPreview {
  source: PomView
  target: PomView
  cases: BulkPreviewCase[]
  /** The target's workload if every selectable case moved. */
  targetAfter: {
    capacity: number
    overCapacity: boolean
    caseCount: number
    caseCap: number | null
    overCaseCap: boolean
  }
}

/** The prison's POMs and caseload, read once for the whole bulk change. */
async function loadStaff(deps: Deps, prisonId: string): Promise<PrisonStaff> {
  const [poms, caseload] = await Promise.all([deps.store.listPoms(prisonId), deps.store.caseload(prisonId)])
  return { poms, caseload }
}

/** The source and target POMs, checked. */
function pairOf(
  staff: PrisonStaff,
  prisonId: string,
  sourceStaffId: number,
  targetStaffId: number,
): BulkOutcome<{ source: PomRecord; target: PomRecord }> {
  const source = staff.poms.find(p => p.staffId === sourceStaffId)
  const target = staff.poms.find(p => p.staffId === targetStaffId)
  if (!source)
    return {
      ok: false,
      kind: 'not_found',
      errors: [{ field: 'path.staffId', reason: `No POM ${sourceStaffId} at ${prisonId}` }],
    }
  if (!target) {
    return {
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.targetStaffId', reason: `No POM ${targetStaffId} at ${prisonId}` }],
    }
  }
  if (target.staffId === source.staffId) {
    return {
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.targetStaffId', reason: 'Choose a different POM to take the cases' }],
    }
  }
  if (target.status !== 'active') {
    return {
      ok: false,
      kind: 'invalid',
      errors: [{ field: 'body.targetStaffId', reason: `The POM is ${target.status}` }],
    }
  }
  return { ok: true, value: { source, target } }
}

async function getCases(deps: Deps, nomsNumbers: readonly string[]): Promise<CaseRecord[]> {
  const out: CaseRecord[] = []
  for (let i = 0; i < nomsNumbers.length; i += 10) {
    const batch = await Promise.all(nomsNumbers.slice(i, i + 10).map(n => deps.store.getCase(n)))
    out.push(...batch.filter((c): c is CaseRecord => c !== undefined))
  }
  return out
}

export async function previewBulkReallocation(
  deps: Deps,
  prisonId: string,
  sourceStaffId: number,
  input: { targetStaffId: number; nomsNumbers?: string[] | undefined },
): Promise<BulkOutcome<BulkPreview>> {
  const staff = await loadStaff(deps, prisonId)
  const pair = pairOf(staff, prisonId, sourceStaffId, input.targetStaffId)
  if (!pair.ok) return pair
  const { source, target } = pair.value
  const sourceEntries = staff.caseload.filter(e => e.staffId === source.staffId)
  const targetEntries = staff.caseload.filter(e => e.staffId === target.staffId)
  const wanted = input.nomsNumbers ? new Set(input.nomsNumbers) : null
  const primaryCases = sourceEntries.filter(
    e => e.role !== 'co_working' && (wanted === null || wanted.has(e.nomsNumber)),
  )
  const records = await getCases(
    deps,
    primaryCases.map(e => e.nomsNumber),
  )
  const today = deps.clock.today()
  const targetType = pomTypeOfPosition(target.grade)
  const cases: BulkPreviewCase[] = records
    .filter(r => r.allocation.primary?.staffId === source.staffId)
    .map((r): BulkPreviewCase => {
      const status = caseStatus(r, today, deps.rules)
      const recommended = status.recommendation.pomType
      const coworked = r.allocation.coworking?.staffId === target.staffId
      return {
        nomsNumber: r.nomsNumber,
        name: nameOf(r),
        role: status.pomResponsible ? 'responsible' : 'supporting',
        tier: status.tier,
        recommendedType: recommended,
        overrideNeeded: recommended === null || recommended !== targetType,
        selectable: !coworked,
        problem: coworked ? 'The target POM already co-works this case' : null,
        version: r.version,
      }
    })
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'en-GB'))
  const moving = cases.filter(c => c.selectable)
  const after = pomWorkload({
    position: target.grade,
    workingPattern: target.workingPattern,
    cases: [
      ...pomCasesOf(targetEntries),
      ...moving.map(c => ({ tier: c.tier !== null && isPomTier(c.tier) ? c.tier : null, role: c.role })),
    ],
  })
  const now = deps.clock.now().toISOString()
  return {
    ok: true,
    value: {
      source: pomView(source, sourceEntries, now),
      target: pomView(target, targetEntries, now),
      cases,
      targetAfter: after.ok
        ? {
            capacity: after.value.capacity,
            overCapacity: after.value.overCapacity,
            caseCount: after.value.caseCount,
            caseCap: after.value.caseCap,
            overCaseCap: after.value.overCaseCap,
          }
        : { capacity: 0, overCapacity: false, caseCount: 0, caseCap: null, overCaseCap: false },
    },
  }
}

export interface BulkConfirmInput {
  targetStaffId: number
  cases: { nomsNumber: string; override?: PomTypeOverride | null | undefined }[]
  reason?: ReallocationReason | null | undefined
  lineManagerAuthorisation?: LineManagerAuthorisation | null | undefined
  note?: string | null | undefined
}

export interface BulkCaseOutcome {
  nomsNumber: string
  outcome: 'reallocated' | 'changed' | 'rejected' | 'failed'
  reason: string | null
}

export interface BulkResult {
  reallocated: number
  failed: number
  outcomes: BulkCaseOutcome[]
  /** Primary cases the source POM still holds. */
  remaining: number
}

export async function confirmBulkReallocation(
  deps: Deps,
  actor: Actor,
  prisonId: string,
  sourceStaffId: number,
  input: BulkConfirmInput,
): Promise<BulkOutcome<BulkResult>> {
  const justification = validateReallocation({
    reason: input.reason ?? null,
    lineManagerAuthorisation: input.lineManagerAuthorisation ?? null,
  })
  if (!justification.ok) {
    return {
      ok: false,
      kind: 'invalid',
      errors: [{ field: `body.${justification.error.field}`, reason: justification.error.reason }],
    }
  }
  const staff = await loadStaff(deps, prisonId)
  const pair = pairOf(staff, prisonId, sourceStaffId, input.targetStaffId)
  if (!pair.ok) return pair
  const outcomes: BulkCaseOutcome[] = []
  for (const c of input.cases) {
    try {
      const out = await reallocatePrimary(
        deps,
        actor,
        c.nomsNumber,
        {
          fromStaffId: sourceStaffId,
          staffId: input.targetStaffId,
          override: c.override ?? null,
          reason: input.reason ?? null,
          lineManagerAuthorisation: input.lineManagerAuthorisation ?? null,
          note: input.note ?? null,
        },
        p => p === prisonId,
        'bulk_reallocation',
        staff,
      )
      if (out.ok) outcomes.push({ nomsNumber: c.nomsNumber, outcome: 'reallocated', reason: null })
      else if (out.kind === 'conflict') {
        outcomes.push({
          nomsNumber: c.nomsNumber,
          outcome: 'changed',
          reason: `${out.message}; choose the cases again`,
        })
      } else if (out.kind === 'invalid') {
        outcomes.push({
          nomsNumber: c.nomsNumber,
          outcome: 'rejected',
          reason: out.errors.map(e => `${e.field}: ${e.reason}`).join('; '),
        })
      } else {
        outcomes.push({
          nomsNumber: c.nomsNumber,
          outcome: 'rejected',
          reason: out.kind === 'not_found' ? 'No such case' : 'Not at this prison',
        })
      }
    } catch (error) {
      deps.log.warn('bulk reallocation case failed', { error: (error as Error).name })
      outcomes.push({
        nomsNumber: c.nomsNumber,
        outcome: 'failed',
        reason: 'Something went wrong; try this case again',
      })
    }
  }
  // read again: what the source POM holds now, whoever else changed it meanwhile
  const remaining = (await deps.store.caseload(prisonId, sourceStaffId)).filter(e => e.role !== 'co_working').length
  const reallocated = outcomes.filter(o => o.outcome === 'reallocated').length
  return { ok: true, value: { reallocated, failed: outcomes.length - reallocated, outcomes, remaining } }
}
