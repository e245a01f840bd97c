/**
 * From the read model (upstream snapshots) to the inputs of the pure rules in `@omic/domain`: policy gate, parole
 * facts (THD, last outcome), the additional-ISP check, the prison estate and early allocation.
 */
import type { ParoleReviewSnapshot, PrisonerSnapshot } from '@omic/contracts'
import {
  additionalFutureIsp,
  type EarlyAllocationActiveResult,
  earlyAllocationActive,
  type HandoverCaseInput,
  type HandoverMappaLevel,
  type IsoDate,
  type OmicPolicyInput,
  PAROLE_OUTCOME,
  type ParoleOutcome,
  prisonEstate,
  type TraceStep,
} from '@omic/domain'
import type { CaseRecord } from './records'

export function policyInput(p: PrisonerSnapshot): OmicPolicyInput {
  return {
    dateOfBirth: p.dateOfBirth,
    legalStatus: p.legalStatus,
    imprisonmentStatus: p.imprisonmentStatus,
    sentenceStartDate: p.sentenceStartDate,
    releaseDate: p.releaseDate,
    paroleEligibilityDate: p.paroleEligibilityDate,
    homeDetentionCurfewEligibilityDate: p.homeDetentionCurfewEligibilityDate,
    tariffDate: p.tariffDate,
    isIndeterminate: p.indeterminateSentence,
  }
}

/** Outcomes that do not make a review "completed" (handover.md §c.1). */
const NOT_AN_OUTCOME = new Set(['not applicable', 'not specified'])

function isCompleted(r: ParoleReviewSnapshot): boolean {
  const outcome = r.hearingOutcome?.trim().toLowerCase() ?? ''
  return (outcome !== '' && !NOT_AN_OUTCOME.has(outcome)) || r.hearingOutcomeReceivedDate !== null
}

export interface ParoleFacts {
  targetHearingDate: IsoDate | null
  lastParoleOutcome: ParoleOutcome | null
  trace: TraceStep[]
}

/**
 * THD = the target hearing date of the last review (ordered by THD, else custody report due) whose THD is on or
 * after the sentence start; last outcome = that of the last *completed* review of the current sentence: `release`
 * when it starts with "Release", otherwise `not_release` (handover.md §b, §c.1).
 */
export function paroleFacts(reviews: readonly ParoleReviewSnapshot[], sentenceStartDate: IsoDate | null): ParoleFacts {
  const key = (r: ParoleReviewSnapshot): string => r.targetHearingDate ?? r.custodyReportDue ?? ''
  const ordered = reviews.filter(r => key(r) !== '').sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
  const inSentence = (d: string | null): boolean => d !== null && (sentenceStartDate === null || d >= sentenceStartDate)
  const withThd = ordered.filter(r => inSentence(r.targetHearingDate))
  const targetHearingDate = withThd.at(-1)?.targetHearingDate ?? null
  const completed = ordered.filter(r => inSentence(key(r)) && isCompleted(r)).at(-1)
  const lastParoleOutcome = completed
    ? /^release/i.test(completed.hearingOutcome?.trim() ?? '')
      ? PAROLE_OUTCOME.release
      : PAROLE_OUTCOME.notRelease
    : null
  return {
    targetHearingDate,
    lastParoleOutcome,
    trace: [
      {
        rule: 'handover.service.paroleFacts',
        explanation:
          `${reviews.length} parole review(s); THD ${targetHearingDate ?? 'none'} (latest review of this sentence); ` +
          (completed
            ? `last completed review ${completed.reviewId} outcome "${completed.hearingOutcome ?? 'received'}": ${lastParoleOutcome}`
            : 'no completed review for this sentence'),
        inputs: { sentenceStartDate, reviews: reviews.map(r => r.reviewId) },
      },
    ],
  }
}

/** Sentences grouped by court case, in booking order: ISP if any term is, starting at the group's earliest start. */
export function hasAdditionalFutureIsp(p: PrisonerSnapshot): boolean {
  const groups = new Map<string, { isIndeterminate: boolean; start: string | null }>()
  for (const s of p.sentences) {
    const g = groups.get(s.caseId) ?? { isIndeterminate: false, start: null }
    g.isIndeterminate ||= s.isIndeterminate
    if (s.startDate !== null && (g.start === null || s.startDate < g.start)) g.start = s.startDate
    groups.set(s.caseId, g)
  }
  const sentences = [...groups.values()]
    .filter((g): g is { isIndeterminate: boolean; start: string } => g.start !== null)
    .map(g => ({ isIndeterminate: g.isIndeterminate, sentenceStartDate: g.start }))
  return additionalFutureIsp({ sentences }).hasAdditionalFutureIsp
}

/** The parole facts of the case's current sentence, from the parole reviews the case holds. */
export function paroleFactsOf(record: CaseRecord, prisoner: PrisonerSnapshot): ParoleFacts {
  return paroleFacts(
    Object.values(record.paroleReviews).map(r => r.review),
    prisoner.sentenceStartDate,
  )
}

/** The release dates the handover and early-allocation rules compare (the THD from the parole reviews). */
export function releaseDatesOf(p: PrisonerSnapshot, parole: ParoleFacts) {
  return {
    tariffDate: p.tariffDate,
    targetHearingDate: parole.targetHearingDate,
    paroleEligibilityDate: p.paroleEligibilityDate,
    conditionalReleaseDate: p.conditionalReleaseDate,
    automaticReleaseDate: p.automaticReleaseDate,
    conditionalReleaseOverrideDate: p.conditionalReleaseOverrideDate,
    automaticReleaseOverrideDate: p.automaticReleaseOverrideDate,
  }
}

export function earlyAllocationFor(record: CaseRecord, today: IsoDate): EarlyAllocationActiveResult | null {
  const p = record.prisoner?.snapshot
  if (!p?.sentenceStartDate) return null
  return earlyAllocationActive(
    {
      sentenceStartDate: p.sentenceStartDate,
      licenceExpiryDate: p.licenceExpiryDate,
      assessments: record.earlyAllocations.map(a => ({
        createdAt: a.createdAt,
        outcome: a.outcome,
        createdWithinReferralWindow: a.createdWithinReferralWindow,
        communityDecision: a.communityDecision,
      })),
    },
    today,
  )
}

export function mappaLevelOf(level: number | null | undefined): HandoverMappaLevel | null {
  return level === 0 || level === 1 || level === 2 || level === 3 ? level : null
}

/** The whole-case input; `null` without a sentence start date (only immigration detainees get that far). */
export function handoverCaseInput(
  record: CaseRecord,
  parole: ParoleFacts,
  earlyAllocationIsActive: boolean,
): HandoverCaseInput | null {
  const p = record.prisoner?.snapshot
  if (!p?.sentenceStartDate) return null
  const estate = prisonEstate(p.prisonId)
  const probation = record.probation?.snapshot
  return {
    ...releaseDatesOf(p, parole),
    sentenceStartDate: p.sentenceStartDate,
    isIndeterminate: p.indeterminateSentence,
    isRecall: p.recall,
    imprisonmentStatus: p.imprisonmentStatus,
    hasAdditionalFutureIsp: hasAdditionalFutureIsp(p),
    lastParoleOutcome: parole.lastParoleOutcome,
    mappaLevel: mappaLevelOf(probation?.mappaLevel),
    earlyAllocationActive: earlyAllocationIsActive,
    prisonId: p.prisonId,
    inWomensPrison: estate.inWomensPrison,
    isOpenPrison: estate.isOpenPrison,
    prisonArrivalDate: p.prisonArrivalDate,
    category: p.category,
    categoryActiveSinceDate: p.categoryActiveSince,
    probationService: probation?.probationService ?? null,
  }
}
