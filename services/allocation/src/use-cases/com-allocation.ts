/**
 * COM allocation (Manage a Workforce parity): the cases of a PDU that need a community offender manager, ranked
 * practitioners for a case (grade from the tier and RoSH, capacity with the case added per workload.md §c,
 * continuity: the current or a previous COM, the same team), and the SPO's allocation with decision notes and a
 * sensitive flag, published as `person.community.manager.allocated` (source `omic.allocation`).
 */
import {
  gradeMeets,
  type LineManagerAuthorisation,
  minimumGradeForCase,
  type PastRelationship,
  type ReallocationReason,
  rankCandidates,
  type TierV2Label,
  type TierV3,
  validateReallocation,
  type WmtTier,
} from '@omic/domain'
import type { OutgoingEvent } from '@omic/lambda-kit'
import {
  type CaseRecord,
  type ComAllocationOutcome,
  type ComDemandEntry,
  type ComRecord,
  type ComState,
  type ComWorkloadView,
  caseStatus,
  comAllocationView,
  comWorkloadOf,
  groupByStaffCode,
  type HistoryEntry,
  type Page,
} from '../model'
import { historyEntry } from './allocation-changes'
import { writeCase } from './case-writer'
import type { Actor, Deps } from './deps'

export const COM_ALLOCATED = 'person.community.manager.allocated'

/** The PDU a case's COM comes from: the handover request's, else the probation case's (the COM's, once it has one). */
export function pduOf(record: CaseRecord): string | null {
  return record.comRequest?.value.pduCode ?? record.probation?.value.pduCode ?? record.com?.value.pduCode ?? null
}

export function comGuidance(record: CaseRecord) {
  const v2 = record.tierV2?.value.tier ?? null
  const v3 = record.tierV3?.value.tier ?? null
  return minimumGradeForCase({
    rosh: record.probation?.value.roshLevel ?? null,
    v2Tier: (v2 as TierV2Label | null) ?? null,
    v3Tier: (v3 as TierV3 | null) ?? null,
  })
}

export interface ComCandidate {
  staffCode: string
  name: string
  grade: string
  teamCode: string
  rank: number | null
  eligible: boolean
  score: number | null
  relationship: PastRelationship
  sameTeam: boolean | null
  reason: string
  workload: ComWorkloadView | null
  capacityWithCase: number | null
  explanation: string[]
}

export interface ComRecommendations {
  nomsNumber: string
  crn: string | null
  pduCode: string
  minimumGrade: string
  gradeReasons: string[]
  priorTransfers: number
  candidates: ComCandidate[]
  notAvailable: { staffCode: string; name: string; reason: string }[]
}

function pastComs(history: readonly HistoryEntry[]): { codes: Set<string>; transfers: number } {
  const codes = new Set<string>()
  let transfers = 0
  for (const h of history) {
    if (h.role !== 'com') continue
    if (h.from) codes.add(h.from.id)
    if (h.to) codes.add(h.to.id)
    if (h.event === 'reallocate_com') transfers++
  }
  return { codes, transfers }
}

export async function comRecommendations(
  deps: Deps,
  record: CaseRecord,
  untieredAs: WmtTier,
): Promise<ComRecommendations | null> {
  const pdu = pduOf(record)
  if (pdu === null) return null
  const today = deps.clock.today()
  const status = caseStatus(record, today, deps.rules)
  const [coms, caseload, history] = await Promise.all([
    deps.store.listComs(pdu),
    deps.store.comCaseload(pdu),
    deps.store.history(record.nomsNumber),
  ])
  const guidance = comGuidance(record)
  const past = pastComs(history)
  const current = record.com?.value ?? null
  const caseTeam = current?.teamCode ?? record.probation?.value.teamCode ?? null
  const byStaff = groupByStaffCode(caseload.filter(e => e.nomsNumber !== record.nomsNumber))
  const notAvailable: ComRecommendations['notAvailable'] = []
  const inputs: Parameters<typeof rankCandidates>[1][number][] = []
  const details = new Map<
    string,
    { com: ComRecord; workload: ComWorkloadView | null; withCase: ComWorkloadView | null }
  >()
  for (const com of coms) {
    const entries = byStaff.get(com.staffCode) ?? []
    const workload = comWorkloadOf(com, entries, today, untieredAs)
    const withCase = comWorkloadOf(com, entries, today, untieredAs, { wmtTier: status.wmtTier })
    if (!workload || !withCase || withCase.availablePoints === 0) {
      notAvailable.push({
        staffCode: com.staffCode,
        name: com.name,
        reason: 'No available points: no contracted hours left after reductions (an SPO has 0 default hours).',
      })
      continue
    }
    const relationship: PastRelationship =
      current?.staffCode === com.staffCode ? 'current' : past.codes.has(com.staffCode) ? 'previous' : 'none'
    inputs.push({
      staffId: com.staffCode,
      grade: com.grade,
      capacity: relationship === 'current' ? workload.capacity : withCase.capacity,
      caseCount: workload.cases,
      caseCap: null,
      relationship,
      ...(caseTeam !== null ? { sameUnit: com.teamCode === caseTeam } : {}),
    })
    details.set(com.staffCode, { com, workload, withCase })
  }
  const ranked = rankCandidates({ minimumGrade: guidance.minimumGrade, priorTransfers: past.transfers }, inputs)
  if (!ranked.ok) throw new Error(`Ranking rejected its input: ${ranked.error.field}`)
  const relationshipOf = new Map(inputs.map(i => [i.staffId, i.relationship]))
  return {
    nomsNumber: record.nomsNumber,
    crn: record.crn,
    pduCode: pdu,
    minimumGrade: guidance.minimumGrade,
    gradeReasons: guidance.trace.map(t => t.explanation),
    priorTransfers: past.transfers,
    candidates: ranked.value.map(r => {
      const d = details.get(r.staffId)
      return {
        staffCode: r.staffId,
        name: d?.com.name ?? '',
        grade: d?.com.grade ?? '',
        teamCode: d?.com.teamCode ?? '',
        rank: r.rank,
        eligible: r.eligible,
        score: r.score,
        relationship: relationshipOf.get(r.staffId) ?? 'none',
        sameTeam: caseTeam === null || !d ? null : d.com.teamCode === caseTeam,
        reason: r.reason,
        workload: d?.workload ?? null,
        capacityWithCase: d?.withCase?.capacity ?? null,
        explanation: r.trace.map(t => t.explanation),
      }
    }),
    notAvailable,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Allocating a COM

export interface ComAllocateInput {
  staffCode: string
  /** The COM the SPO saw on the case (null = none); 409 if it changed meanwhile. Omit to skip the check. */
  expectedStaffCode?: string | null | undefined
  /** Why this practitioner (decision evidencing). */
  notes?: string | null | undefined
  sensitive?: boolean | undefined
  reason?: ReallocationReason | null | undefined
  lineManagerAuthorisation?: LineManagerAuthorisation | null | undefined
  emailTo?: string[] | undefined
  sendEmailCopyToAllocatingOfficer?: boolean | undefined
}

const invalid = (field: string, reason: string): ComAllocationOutcome => ({
  ok: false,
  kind: 'invalid',
  errors: [{ field, reason }],
})
const conflict = (message: string, record: CaseRecord): ComAllocationOutcome => ({
  ok: false,
  kind: 'conflict',
  message,
  current: comAllocationView(record),
})

export async function allocateCom(
  deps: Deps,
  actor: Actor,
  nomsNumber: string,
  input: ComAllocateInput,
  canActInPdu: (pduCode: string) => boolean,
  untieredAs: WmtTier,
): Promise<ComAllocationOutcome> {
  const record = await deps.store.getCase(nomsNumber)
  if (!record) return { ok: false, kind: 'not_found' }
  const pdu = pduOf(record)
  if (pdu === null) return conflict('No probation delivery unit is known for the case yet', record)
  if (!canActInPdu(pdu)) return { ok: false, kind: 'forbidden', pduCode: pdu }
  if (record.crn === null) return conflict('No probation case (CRN) is linked to the prisoner yet', record)
  const com = await deps.store.getCom(pdu, input.staffCode)
  if (!com) return invalid('body.staffCode', `No practitioner ${input.staffCode} is recorded in ${pdu}`)
  const guidance = comGuidance(record)
  const notes = input.notes?.trim() || null
  if (!gradeMeets(com.grade, guidance.minimumGrade) && notes === null) {
    return invalid(
      'body.notes',
      `The case needs a ${guidance.minimumGrade} (tier and RoSH guidance); explain why a ${com.grade} should hold it`,
    )
  }
  // The allocating SPO's name and email for email #17's copy, when they are on the PDU's registry
  const officer = actor.staffId ? await deps.store.getCom(pdu, actor.staffId) : undefined
  const ranking = await comRecommendations(deps, record, untieredAs)
  const chosen = ranking?.candidates.find(c => c.staffCode === com.staffCode)
  const first = ranking?.candidates.find(c => c.rank === 1)
  return writeCase<ComAllocationOutcome>(deps, nomsNumber, current => {
    const held = current.com?.value ?? null
    if (input.expectedStaffCode !== undefined && (held?.staffCode ?? null) !== input.expectedStaffCode) {
      return { write: false, result: conflict('The COM has changed since you looked', current) }
    }
    if (held?.staffCode === com.staffCode) {
      return { write: false, result: { ok: true, created: false, allocation: comAllocationView(current) } }
    }
    let reallocation: HistoryEntry['reallocation'] = null
    if (held !== null) {
      const j = validateReallocation({
        reason: input.reason ?? null,
        lineManagerAuthorisation: input.lineManagerAuthorisation ?? null,
      })
      if (!j.ok) return { write: false, result: invalid(`body.${j.error.field}`, j.error.reason) }
      reallocation = {
        basis: j.value.basis,
        reason: j.value.reason,
        lineManagerAuthorisation: j.value.lineManagerAuthorisation,
      }
    }
    const at = deps.clock.now().toISOString()
    const status = caseStatus(current, deps.clock.today(), deps.rules)
    const value: ComState = {
      staffCode: com.staffCode,
      name: com.name,
      email: com.email,
      grade: com.grade,
      teamCode: com.teamCode,
      pduCode: com.pduCode,
      source: 'omic',
    }
    // the case has its COM: the request is done (off the PDU's "needs a COM" list)
    const after: CaseRecord = { ...current, com: { value, at }, comRequest: null }
    const id = deps.ids.next()
    const history = historyEntry({
      id,
      at,
      nomsNumber,
      prisonId: current.prisonId,
      event: held === null ? 'allocate_com' : 'reallocate_com',
      trigger: 'user',
      role: 'com',
      from: held && { id: held.staffCode, name: held.name },
      to: { id: com.staffCode, name: com.name },
      by: actor,
      recommendation: {
        pomType: null,
        code: guidance.minimumGrade,
        reason: 'grade_guidance',
        chosenRank: chosen?.rank ?? null,
        rankedFirst: first?.staffCode ?? null,
      },
      reallocation,
      tier: status.wmtTier ?? status.tier,
      rosh: status.rosh,
      decision: { notes, sensitive: input.sensitive ?? false },
    })
    const event: OutgoingEvent = {
      eventType: COM_ALLOCATED,
      occurredAt: at,
      identifiers: { crn: current.crn, noms: nomsNumber },
      description: 'Person allocated event',
      additionalInformation: {
        staffCode: com.staffCode,
        snapshot: {
          staffCode: com.staffCode,
          name: com.name,
          email: com.email,
          grade: com.grade,
          teamCode: com.teamCode,
          pduCode: com.pduCode,
        },
        allocationId: id,
        allocatingStaffId: actor.staffId,
        allocatingOfficer: actor.staffId
          ? { staffCode: actor.staffId, name: officer?.name ?? null, email: officer?.email ?? null }
          : null,
        // The practitioner's email carries the decision notes (notifications.md #17) unless the case is sensitive
        allocationJustificationNotes: input.sensitive ? null : notes,
        previousStaffCode: held?.staffCode ?? null,
        emailTo: input.emailTo ?? [],
        sendEmailCopyToAllocatingOfficer: input.sendEmailCopyToAllocatingOfficer ?? false,
      },
    }
    return {
      write: true,
      after,
      history: [history],
      events: [event],
      result: {
        ok: true,
        created: held === null,
        allocation: comAllocationView({ ...after, version: current.version + 1 }),
      },
    }
  })
}

/** The cases of a PDU that need a COM, soonest needed first. */
export async function casesNeedingCom(
  deps: Deps,
  pduCode: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ComDemandEntry & { daysUntilNeeded: number }>> {
  const out = await deps.store.comDemand(pduCode, page)
  const today = Date.parse(`${deps.clock.today()}T00:00:00Z`)
  return {
    items: out.items.map(e => ({
      ...e,
      daysUntilNeeded: Math.round((Date.parse(`${e.neededBy}T00:00:00Z`) - today) / 86_400_000),
    })),
    cursor: out.cursor,
  }
}
