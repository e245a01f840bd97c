/**
 * How each upstream fact changes the read model. Each part keeps the `occurredAt` it was true at, and a fact older
 * than the stored one never overwrites it (events arrive at least once and out of order, events.md §3).
 */
import type {
  CommunityManagerSnapshot,
  ParoleReviewSnapshot,
  PrisonerSnapshot,
  ProbationCaseSnapshot,
} from '@omic/contracts'
import type { CaseRecord } from './records'

export type ApplyOutcome = 'applied' | 'stale' | 'thin' | 'ignored'

const newer = (stored: { at: string } | null | undefined, at: string): boolean =>
  !stored || Date.parse(stored.at) <= Date.parse(at)

/** The same fact delivered again (same instant, same content): nothing to apply. */
const repeated = (stored: { at: string } | null | undefined, at: string, same: () => boolean): boolean =>
  !!stored && Date.parse(stored.at) === Date.parse(at) && same()
const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export function applyPrisoner(record: CaseRecord, snapshot: PrisonerSnapshot | undefined, at: string): ApplyOutcome {
  if (!snapshot) return 'thin'
  if (!newer(record.prisoner, at) || repeated(record.prisoner, at, () => equal(record.prisoner?.snapshot, snapshot))) {
    return 'stale'
  }
  record.prisoner = { snapshot, at }
  return 'applied'
}

/** Where the prisoner is: in custody (received, active) or released (gone for good, not a transfer or a court trip). */
export function applyCustody(
  record: CaseRecord,
  status: 'in_custody' | 'released',
  prisonId: string | null,
  reason: string | null,
  at: string,
): ApplyOutcome {
  const custody = record.custody
  if (!newer(custody, at)) return 'stale'
  if (repeated(custody, at, () => custody?.status === status && (prisonId === null || custody.prisonId === prisonId))) {
    return 'stale'
  }
  record.custody = {
    status,
    at,
    prisonId: prisonId ?? record.custody?.prisonId ?? null,
    releaseReason: status === 'released' ? reason : null,
  }
  return 'applied'
}

/** nDelius case details; a blank enhanced-resourcing value keeps the previous one (handover.md §c.6). */
export function applyProbation(record: CaseRecord, snapshot: ProbationCaseSnapshot, at: string): ApplyOutcome {
  if (
    !newer(record.probation, at) ||
    repeated(record.probation, at, () => equal(record.probation?.snapshot, snapshot))
  ) {
    return 'stale'
  }
  const previous = record.probation?.snapshot
  record.probation = {
    snapshot: { ...snapshot, enhancedResourcing: snapshot.enhancedResourcing ?? previous?.enhancedResourcing ?? null },
    at,
  }
  record.crn = snapshot.crn
  return 'applied'
}

export function applyCom(
  record: CaseRecord,
  com: { staffCode: CommunityManagerSnapshot['staffCode']; name?: string | null; email?: string | null },
  at: string,
): ApplyOutcome {
  const same = () => record.com?.staffCode === com.staffCode && record.com.name === (com.name ?? null)
  if (!newer(record.com, at) || repeated(record.com, at, same)) return 'stale'
  record.com = { staffCode: com.staffCode, name: com.name ?? null, email: com.email ?? null, at }
  return 'applied'
}

export function applyParoleReview(
  record: CaseRecord,
  review: ParoleReviewSnapshot | undefined,
  at: string,
): ApplyOutcome {
  if (!review) return 'thin'
  const stored = record.paroleReviews[review.reviewId]
  if (!newer(stored, at) || repeated(stored, at, () => equal(stored?.review, review))) return 'stale'
  record.paroleReviews = { ...record.paroleReviews, [review.reviewId]: { review, at } }
  return 'applied'
}

/** The primary POM (from the allocation service); a co-working POM does not change the handover. */
export function applyPom(
  record: CaseRecord,
  info: {
    staffCode: number | null
    staffName?: string | null | undefined
    prisonId: string
    role: 'primary' | 'coworking'
  },
  at: string,
): ApplyOutcome {
  if (info.role !== 'primary') return 'ignored'
  const name = info.staffCode === null ? null : (info.staffName ?? null)
  const same = () => record.pom?.staffCode === info.staffCode && record.pom.name === name
  if (!newer(record.pom, at) || repeated(record.pom, at, same)) return 'stale'
  record.pom = { staffCode: info.staffCode, name, prisonId: info.prisonId, at }
  return 'applied'
}

function newest<T extends { at: string }>(a: T | null, b: T | null): T | null {
  if (a === null) return b
  if (b === null) return a
  return Date.parse(b.at) > Date.parse(a.at) ? b : a
}

/**
 * Moves everything of the removed NOMS number onto the kept one (events.md §3): each part keeps its newest version,
 * parole reviews and assessments are united, the kept case's override/checklist/episode win when it has them.
 */
export function mergeRecords(kept: CaseRecord, removed: CaseRecord): CaseRecord {
  const reviews = { ...removed.paroleReviews }
  for (const [id, r] of Object.entries(kept.paroleReviews)) reviews[id] = newest(reviews[id] ?? null, r) ?? r
  const assessments = new Map(removed.earlyAllocations.map(a => [a.id, a]))
  for (const a of kept.earlyAllocations) assessments.set(a.id, a)
  const keptHasEpisode = kept.episode !== null
  const checklistTouched = kept.checklist.updatedAt !== null
  const prisoner = newest(kept.prisoner, removed.prisoner)
  return {
    ...kept,
    crn: kept.crn ?? removed.crn,
    prisoner: prisoner && { ...prisoner, snapshot: { ...prisoner.snapshot, nomsNumber: kept.nomsNumber } },
    custody: newest(kept.custody, removed.custody),
    probation: newest(kept.probation, removed.probation),
    com: newest(kept.com, removed.com),
    pom: newest(kept.pom, removed.pom),
    paroleReviews: reviews,
    earlyAllocations: [...assessments.values()].sort((a, b) =>
      a.createdAtInstant < b.createdAtInstant ? -1 : a.createdAtInstant > b.createdAtInstant ? 1 : 0,
    ),
    override: kept.override ?? removed.override,
    checklist: checklistTouched ? kept.checklist : removed.checklist,
    episode: keptHasEpisode ? kept.episode : removed.episode,
    sent: keptHasEpisode ? kept.sent : removed.sent,
    calculation: kept.calculation ?? removed.calculation,
    published: kept.published ?? removed.published,
    comRequest: kept.comRequest ?? removed.comRequest,
    earlyAllocationEligible: kept.earlyAllocationEligible || removed.earlyAllocationEligible,
    mergedFrom: [...new Set([...kept.mergedFrom, removed.nomsNumber, ...removed.mergedFrom])],
  }
}
