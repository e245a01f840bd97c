/**
 * Ranked POM recommendations for a case: every active POM at the prison ranked by type match
 * (recommendPomType), capacity with the case added (pomWorkload), continuity (has worked with the person before,
 * heavier once the person has been transferred) and caseload, each with the reasons; POMs who may not take it
 * (unavailable, away, already on the case) listed apart with why.
 */
import {
  countTransfers,
  DEFAULT_POM_WORKLOAD_CONFIG,
  type IsoDate,
  londonDateOf,
  type OffenderManagerChange,
  type PastRelationship,
  pomWorkload,
  rankPomCandidates,
  recommendationCode,
} from '@omic/domain'
import {
  type CaseloadEntry,
  type CaseRecord,
  type CaseStatus,
  caseStatus,
  groupByStaff,
  type HistoryEntry,
  type PomGrade,
  type PomRecord,
  type PomStatus,
  pomCasesOf,
  workloadOf,
} from '../model'
import type { Deps } from './deps'

export interface PomCandidate {
  staffId: number
  name: string
  grade: PomGrade
  rank: number | null
  eligible: boolean
  typeMatch: boolean
  overrideNeeded: boolean
  score: number | null
  relationship: PastRelationship
  reason: string
  workload: {
    capacity: number
    capacityWithCase: number
    caseCount: number
    caseCap: number | null
    points: number
    availablePoints: number
  }
  explanation: string[]
}

export interface PomRecommendations {
  nomsNumber: string
  prisonId: string
  role: 'primary' | 'coworking'
  recommendation: {
    pomType: 'PROBATION' | 'PRISON' | null
    code: string
    reason: string
    explanation: string[]
  } | null
  /** The role the chosen POM will hold. */
  pomRole: 'responsible' | 'supporting' | 'co_working'
  priorTransfers: number
  candidates: PomCandidate[]
  notAvailable: { staffId: number; name: string; status: PomStatus; reason: string }[]
}

/** Who has held the person's POM roles before (and their changes of primary POM, for counting transfers). */
export function pastPoms(history: readonly HistoryEntry[]): {
  staffIds: Set<string>
  changes: OffenderManagerChange[]
} {
  const staffIds = new Set<string>()
  const changes: OffenderManagerChange[] = []
  let lastPrimary: string | null = null
  for (const h of [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))) {
    if (h.role === 'com') continue
    if (h.from) staffIds.add(h.from.id)
    if (h.to) staffIds.add(h.to.id)
    if (h.role === 'primary' && h.to && (h.event === 'allocate_primary_pom' || h.event === 'reallocate_primary_pom')) {
      changes.push({
        personId: h.nomsNumber,
        date: londonDateOf(new Date(h.at)),
        fromStaffId: lastPrimary,
        toStaffId: h.to.id,
      })
      lastPrimary = h.to.id
    }
  }
  return { staffIds, changes }
}

/** Changes of primary POM in this period of custody (from the sentence start, or arrival, to today). */
export function priorTransfersOf(record: CaseRecord, history: readonly HistoryEntry[], today: IsoDate): number {
  const { changes } = pastPoms(history)
  const from = record.prisoner?.value.sentenceStartDate ?? record.arrivedOn ?? '1900-01-01'
  const counted = countTransfers(changes, { from: from <= today ? from : today, to: today })
  return counted.ok ? (counted.value[record.nomsNumber] ?? 0) : 0
}

export async function pomRecommendations(
  deps: Deps,
  record: CaseRecord,
  role: 'primary' | 'coworking',
  preloaded?: { poms?: readonly PomRecord[]; caseload?: readonly CaseloadEntry[]; history?: readonly HistoryEntry[] },
): Promise<PomRecommendations | null> {
  const today = deps.clock.today()
  const status: CaseStatus = caseStatus(record, today, deps.rules)
  const prisonId = record.prisonId
  if (!status.inPrison || prisonId === null) return null
  const [poms, caseload, history] = await Promise.all([
    preloaded?.poms ?? deps.store.listPoms(prisonId),
    preloaded?.caseload ?? deps.store.caseload(prisonId),
    preloaded?.history ?? deps.store.history(record.nomsNumber),
  ])
  const byStaff = groupByStaff(caseload)
  const rec = role === 'primary' ? status.recommendation : null
  const pomRole = role === 'coworking' ? 'co_working' : status.pomResponsible ? 'responsible' : 'supporting'
  const priorTransfers = priorTransfersOf(record, history, today)
  const past = pastPoms(history).staffIds
  const current = new Set(
    [record.allocation.primary?.staffId, record.allocation.coworking?.staffId].filter(
      (s): s is number => s !== undefined,
    ),
  )

  const notAvailable: PomRecommendations['notAvailable'] = []
  const inputs: Parameters<typeof rankPomCandidates>[1][number][] = []
  const details = new Map<string, { name: string; grade: PomGrade; workload: PomCandidate['workload'] }>()
  for (const pom of poms) {
    if (current.has(pom.staffId)) {
      const which = record.allocation.primary?.staffId === pom.staffId ? 'the primary POM' : 'the co-working POM'
      notAvailable.push({
        staffId: pom.staffId,
        name: pom.name,
        status: pom.status,
        reason: `Already ${which} on this case.`,
      })
      continue
    }
    if (pom.status !== 'active') {
      notAvailable.push({
        staffId: pom.staffId,
        name: pom.name,
        status: pom.status,
        reason: pom.status === 'unavailable' ? 'Unavailable for new cases.' : 'Away from work.',
      })
      continue
    }
    const entries = byStaff.get(pom.staffId) ?? []
    const now = workloadOf(pom, entries)
    const withCase = pomWorkload(
      {
        position: pom.grade,
        workingPattern: pom.workingPattern,
        cases: [...pomCasesOf(entries), { tier: status.tier, role: pomRole }],
      },
      DEFAULT_POM_WORKLOAD_CONFIG,
    )
    if (!now || !withCase.ok) {
      notAvailable.push({
        staffId: pom.staffId,
        name: pom.name,
        status: pom.status,
        reason: 'The working pattern is not valid.',
      })
      continue
    }
    const relationship: PastRelationship = past.has(String(pom.staffId)) ? 'previous' : 'none'
    inputs.push({
      staffId: String(pom.staffId),
      position: pom.grade,
      capacity: withCase.value.capacity,
      caseCount: now.caseCount,
      caseCap: now.caseCap,
      relationship,
    })
    details.set(String(pom.staffId), {
      name: pom.name,
      grade: pom.grade,
      workload: {
        capacity: now.capacity,
        capacityWithCase: withCase.value.capacity,
        caseCount: now.caseCount,
        caseCap: now.caseCap,
        points: now.points,
        availablePoints: now.availablePoints,
      },
    })
  }
  const ranked = rankPomCandidates(
    { recommendedType: rec?.pomType ?? null, priorTransfers, coworking: role === 'coworking' },
    inputs,
  )
  if (!ranked.ok) throw new Error(`Ranking rejected its input: ${ranked.error.field}`)
  const relationshipOf = new Map(inputs.map(i => [i.staffId, i.relationship]))
  const candidates: PomCandidate[] = ranked.value.map(r => {
    const d = details.get(r.staffId)
    return {
      staffId: Number(r.staffId),
      name: d?.name ?? '',
      grade: d?.grade ?? 'PRO',
      rank: r.rank,
      eligible: r.eligible,
      typeMatch: r.typeMatch,
      overrideNeeded: r.overrideNeeded,
      score: r.score,
      relationship: relationshipOf.get(r.staffId) ?? 'none',
      reason: r.reason,
      workload: d?.workload ?? {
        capacity: 0,
        capacityWithCase: 0,
        caseCount: 0,
        caseCap: null,
        points: 0,
        availablePoints: 0,
      },
      explanation: r.trace.map(t => t.explanation),
    }
  })
  return {
    nomsNumber: record.nomsNumber,
    prisonId,
    role,
    recommendation: rec && {
      pomType: rec.pomType,
      code: recommendationCode(rec.pomType),
      reason: rec.reason,
      explanation: rec.trace.map(t => t.explanation),
    },
    pomRole,
    priorTransfers,
    candidates,
    notAvailable: notAvailable.sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
  }
}
