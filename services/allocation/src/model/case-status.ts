/**
 * What a case's facts mean for allocation (pure): is the person in a prison and inside OMiC policy, which list
 * the case belongs on, its tier and RoSH, whether the POM is responsible, the recommended POM type, and since
 * when the case has been waiting.
 */
import type { IsoDate, PomTier, PomTypeRecommendation, RecommendationStrategy } from '@omic/domain'
import {
  ALLOWED_LEGAL_STATUSES,
  CIVIL_IMPRISONMENT_STATUSES,
  isPomTier,
  londonDateOf,
  omicPolicy,
  recommendPomType,
} from '@omic/domain'
import type { CaseRecord } from './case'

export const CASE_LISTS = ['unallocated', 'allocated', 'missing-info', 'new-arrivals'] as const
export type CaseList = (typeof CASE_LISTS)[number]

/** The list a case is stored on (a new arrival is also on unallocated or missing-info). */
export const BUCKETS = { UNALLOCATED: 'UNALLOCATED', ALLOCATED: 'ALLOCATED', MISSING_INFO: 'MISSING_INFO' } as const
export type Bucket = (typeof BUCKETS)[keyof typeof BUCKETS]

export interface CaseRules {
  strategy: RecommendationStrategy
  /** A case is a new arrival while it has waited at most this many working days since arriving. */
  newArrivalWorkingDays: number
}

/** Locations that are not a prison: released, in transit. */
const NOT_A_PRISON = new Set(['OUT', 'TRN'])

export interface CaseStatus {
  inPrison: boolean
  inPolicy: boolean
  policyReason: string | null
  /** The POM tier letter A–G (v3 first, else the first letter of the v2 tier), or null. */
  tier: PomTier | null
  /** The WMT (v2) label, e.g. B2. */
  wmtTier: string | null
  rosh: 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH' | null
  pomResponsible: boolean
  /** False when no handover calculation has arrived yet (the POM is then taken as responsible). */
  responsibilityKnown: boolean
  isImmigrationCase: boolean
  /** What is still needed before the case can be allocated. */
  missing: string[]
  bucket: Bucket | null
  /** The day the case started waiting: arrival, or the last deallocation when that is later. */
  waitingSince: IsoDate | null
  recommendation: PomTypeRecommendation
}

export function tierLetterOf(record: CaseRecord): PomTier | null {
  const v3 = record.tierV3?.value.tier
  if (v3 && isPomTier(v3)) return v3
  const v2 = record.tierV2?.value.tier?.charAt(0)
  return v2 && isPomTier(v2) ? v2 : null
}

/** A legal status that takes a case out of OMiC (MPC's status job: UNKNOWN is tolerated), or a civil sentence. */
export function legalStatusOutOfPolicy(record: CaseRecord): boolean {
  const p = record.prisoner?.value
  if (!p) return false
  if (p.legalStatus !== 'UNKNOWN' && !ALLOWED_LEGAL_STATUSES.includes(p.legalStatus)) return true
  return p.imprisonmentStatus !== null && CIVIL_IMPRISONMENT_STATUSES.includes(p.imprisonmentStatus)
}

export function isInPrison(record: CaseRecord): boolean {
  return record.prisonId !== null && !NOT_A_PRISON.has(record.prisonId) && record.prisoner !== null
}

export function caseStatus(record: CaseRecord, today: IsoDate, rules: CaseRules): CaseStatus {
  const p = record.prisoner?.value ?? null
  const inPrison = isInPrison(record)
  const policy = p
    ? omicPolicy(
        {
          dateOfBirth: p.dateOfBirth,
          legalStatus: p.legalStatus,
          imprisonmentStatus: p.imprisonmentStatus,
          sentenceStartDate: p.sentenceStartDate,
          releaseDate:
            p.releaseDate ??
            p.conditionalReleaseOverrideDate ??
            p.conditionalReleaseDate ??
            p.automaticReleaseOverrideDate ??
            p.automaticReleaseDate,
          paroleEligibilityDate: p.paroleEligibilityDate,
          homeDetentionCurfewEligibilityDate: p.homeDetentionCurfewEligibilityDate,
          tariffDate: p.tariffDate,
          isIndeterminate: p.indeterminateSentence,
        },
        today,
      )
    : null
  const tier = tierLetterOf(record)
  const rosh = record.probation?.value.roshLevel ?? null
  const responsibility = record.handover?.value.responsibility ?? null
  const pomResponsible = responsibility === null || responsibility !== 'Community'
  const isImmigrationCase = p?.imprisonmentStatus === 'DET'
  const recommendation = recommendPomType({
    isImmigrationCase,
    pomResponsible,
    tier,
    rosh,
    strategy: rules.strategy,
  })

  const missing: string[] = []
  if (record.crn === null) missing.push('probation record (CRN)')
  if (tier === null) missing.push('tier')
  if (rules.strategy === 'rosh' && rosh === null) missing.push('RoSH level')

  let bucket: Bucket | null = null
  if (inPrison && policy?.inPolicy) {
    if (record.allocation.primary !== null) bucket = BUCKETS.ALLOCATED
    else
      bucket =
        tier !== null && !(rules.strategy === 'rosh' && rosh === null) ? BUCKETS.UNALLOCATED : BUCKETS.MISSING_INFO
  }

  const deallocatedOn = record.allocation.lastDeallocatedAt
    ? londonDateOf(new Date(record.allocation.lastDeallocatedAt))
    : null
  // Waiting starts on arrival, or when the sentence started if later (remanded, then sentenced), or at the last
  // deallocation if later still
  let waitingSince: IsoDate | null = null
  for (const d of [record.arrivedOn, record.arrivedOn ? (p?.sentenceStartDate ?? null) : null, deallocatedOn]) {
    if (d !== null && (waitingSince === null || d > waitingSince)) waitingSince = d
  }

  return {
    inPrison,
    inPolicy: policy?.inPolicy ?? false,
    policyReason: policy?.reason ?? null,
    tier,
    wmtTier: record.tierV2?.value.tier ?? null,
    rosh,
    pomResponsible,
    responsibilityKnown: responsibility !== null,
    isImmigrationCase,
    missing,
    bucket,
    waitingSince,
    recommendation,
  }
}

export interface EarliestRelease {
  type: string
  date: IsoDate
}

/** The earliest of the release-type dates on the sentence (what the unallocated list shows). */
export function earliestRelease(record: CaseRecord): EarliestRelease | null {
  const p = record.prisoner?.value
  if (!p) return null
  const candidates: [string, string | null][] = [
    ['CRD', p.conditionalReleaseOverrideDate ?? p.conditionalReleaseDate],
    ['ARD', p.automaticReleaseOverrideDate ?? p.automaticReleaseDate],
    ['PED', p.paroleEligibilityDate],
    ['HDCED', p.homeDetentionCurfewEligibilityDate],
    ['TED', p.tariffDate],
    ['Release', p.releaseDate],
  ]
  let best: EarliestRelease | null = null
  for (const [type, date] of candidates) if (date && (best === null || date < best.date)) best = { type, date }
  return best
}

/**
 * "Additional information" (allocation.md §6.2): the previous POM at this prison, else where the person has been
 * before as far as this service has seen: new to custody, new to this prison or returning; recalls say so first.
 */
export function additionalInformation(record: CaseRecord): string[] {
  const prev = record.allocation.previousPrimary
  if (prev && prev.prisonId === record.prisonId) return [`Previously allocated to ${prev.name}`]
  const history = record.prisonHistory
  const current = record.prisonId
  if (current === null) return []
  const before = history.slice(0, history.lastIndexOf(current))
  const out: string[] = []
  if (record.prisoner?.value.recall && before.length > 0) out.push('Recall')
  if (before.length === 0) out.push('New to custody')
  else out.push(before.includes(current) ? 'Returning to this prison' : 'New to this prison')
  return out
}
