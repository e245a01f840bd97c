/**
 * Ranks candidate staff for a case, for the allocation service's recommendations. Pure: the caller supplies each
 * candidate's workload and past relationship with the person.
 */
import { z } from 'zod'
import type { Result, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import type { RankingConfig } from './config'
import { DEFAULT_RANKING_CONFIG } from './config'
import type { PastRelationship } from './continuity'
import { continuityPenalty, PAST_RELATIONSHIP, pastRelationshipSchema } from './continuity'
import { STAFF_GRADE_RANK, staffGradeSchema } from './vocabulary'

export const rankingCandidateSchema = z.object({
  staffId: z.string().min(1),
  grade: staffGradeSchema,
  /** Capacity % (from the COM or POM workload; the potential capacity with this case is the better input). */
  capacity: z.number().finite().nonnegative(),
  /** Cases held now. */
  caseCount: z.number().int().nonnegative(),
  /** Most cases they may hold (`null` = no cap), e.g. 80 for a full-time probation-officer POM. */
  caseCap: z.number().int().nonnegative().nullable(),
  relationship: pastRelationshipSchema,
  /**
   * Works in the same unit (team) as the case's current or last offender manager: a necessary transfer should
   * stay within the unit where possible (seed 004). Absent = not known, no preference.
   */
  sameUnit: z.boolean().optional(),
})
export type RankingCandidate = z.infer<typeof rankingCandidateSchema>

export const rankingCaseSchema = z.object({
  /** Lowest grade that may hold the case. */
  minimumGrade: staffGradeSchema,
  /** Changes of offender manager the person already had in this period of engagement (`countTransfers`). */
  priorTransfers: z.number().int().nonnegative(),
})
export type RankingCase = z.infer<typeof rankingCaseSchema>

export interface RankedCandidate {
  staffId: string
  /** 1 = best; `null` for a candidate who may not take the case. */
  rank: number | null
  eligible: boolean
  /** Lower is better; `null` when not eligible. */
  score: number | null
  overCapacity: boolean
  /** One sentence saying why the candidate is where they are. */
  reason: string
  trace: TraceStep[]
}

const RELATIONSHIP_ORDER: Readonly<Record<PastRelationship, number>> = { current: 0, previous: 1, none: 2 }

interface Scored {
  candidate: RankingCandidate
  eligible: boolean
  score: number
  reason: string
  trace: TraceStep[]
}

/**
 * Ranks candidates for a case. A candidate below the case's minimum grade, or at their case cap, is not eligible.
 * Eligible candidates are scored (lower is better): capacity % × weight, + a penalty when over 100 %, + the
 * continuity penalty (current < previous < new OM; heavier for a person already transferred in the period),
 * + a penalty per grade step above the minimum. Ties: continuity, then capacity, then case count, then staff id.
 */
export function rankCandidates(
  forCase: RankingCase,
  candidates: readonly RankingCandidate[],
  config: Readonly<RankingConfig> = DEFAULT_RANKING_CONFIG,
): Result<RankedCandidate[]> {
  const caseCheck = rankingCaseSchema.safeParse(forCase)
  if (!caseCheck.success) {
    const issue = caseCheck.error.issues[0]
    return fail({ field: `case.${issue?.path.join('.') ?? ''}`, reason: issue?.message ?? 'invalid case' })
  }
  const seen = new Set<string>()
  for (const [i, c] of candidates.entries()) {
    const check = rankingCandidateSchema.safeParse(c)
    if (!check.success) {
      const issue = check.error.issues[0]
      return fail({ field: `candidates.${i}.${issue?.path.join('.') ?? ''}`, reason: issue?.message ?? 'invalid' })
    }
    if (seen.has(c.staffId)) return fail({ field: `candidates.${i}.staffId`, reason: 'Each candidate may appear once' })
    seen.add(c.staffId)
  }

  const scored = candidates.map(c => score(forCase, c, config))
  const eligible = scored.filter(s => s.eligible).sort(compareScored)
  const ineligible = scored
    .filter(s => !s.eligible)
    .sort((a, b) => compareText(a.candidate.staffId, b.candidate.staffId))

  const ranked = eligible.map((s, i): RankedCandidate => {
    const rank = i + 1
    return {
      staffId: s.candidate.staffId,
      rank,
      eligible: true,
      score: s.score,
      overCapacity: s.candidate.capacity > 100,
      reason: `Rank ${rank}, score ${s.score}: ${s.reason}`,
      trace: [...s.trace, { rule: 'ranking.rank', explanation: `Ranked ${rank} of ${eligible.length} eligible.` }],
    }
  })
  return ok([
    ...ranked,
    ...ineligible.map(
      (s): RankedCandidate => ({
        staffId: s.candidate.staffId,
        rank: null,
        eligible: false,
        score: null,
        overCapacity: s.candidate.capacity > 100,
        reason: `Not eligible: ${s.reason}`,
        trace: s.trace,
      }),
    ),
  ])
}

function score(forCase: RankingCase, c: RankingCandidate, config: Readonly<RankingConfig>): Scored {
  const trace: TraceStep[] = []
  const headroom = STAFF_GRADE_RANK[c.grade] - STAFF_GRADE_RANK[forCase.minimumGrade]
  if (headroom < 0) {
    const reason = `grade ${c.grade} is below the case's minimum grade ${forCase.minimumGrade}.`
    trace.push({ rule: 'ranking.grade.below', explanation: `Not eligible: ${reason}`, inputs: { grade: c.grade } })
    return { candidate: c, eligible: false, score: 0, reason, trace }
  }
  trace.push({
    rule: 'ranking.grade',
    explanation: `Grade ${c.grade} meets the case's minimum grade ${forCase.minimumGrade}.`,
    inputs: { grade: c.grade, minimumGrade: forCase.minimumGrade },
  })
  if (c.caseCap !== null && c.caseCount >= c.caseCap) {
    const reason = `holds ${c.caseCount} cases, at or over the cap of ${c.caseCap}.`
    trace.push({ rule: 'ranking.caseCap', explanation: `Not eligible: ${reason}`, inputs: { caseCount: c.caseCount } })
    return { candidate: c, eligible: false, score: 0, reason, trace }
  }

  const parts: string[] = []
  const capacityPart = c.capacity * config.capacityWeight
  parts.push(`${c.capacity} % capacity`)
  trace.push({
    rule: 'ranking.capacity',
    explanation: `Capacity ${c.capacity} % × ${config.capacityWeight} = ${round1(capacityPart)}.`,
    inputs: { capacity: c.capacity, caseCount: c.caseCount, caseCap: c.caseCap },
  })
  const over = c.capacity > 100 ? config.overCapacityPenalty : 0
  if (over > 0) {
    parts.push(`over capacity (+${over})`)
    trace.push({ rule: 'ranking.overCapacity', explanation: `Over 100 % capacity: +${over}.` })
  }
  const continuity = continuityPenalty(
    { relationship: c.relationship, priorTransfers: forCase.priorTransfers },
    config.continuity,
  )
  trace.push(...continuity.trace)
  parts.push(
    `${
      c.relationship === PAST_RELATIONSHIP.CURRENT
        ? 'current offender manager'
        : c.relationship === PAST_RELATIONSHIP.PREVIOUS
          ? 'has managed this person before'
          : 'new to this person'
    } (+${continuity.penalty})`,
  )
  const unitPart = c.sameUnit === false ? (config.otherUnitPenalty ?? 0) : 0
  if (c.sameUnit !== undefined) {
    if (unitPart > 0) parts.push(`outside the case's unit (+${unitPart})`)
    else if (c.sameUnit) parts.push('in the same unit')
    trace.push({
      rule: c.sameUnit ? 'ranking.sameUnit' : 'ranking.otherUnit',
      explanation: c.sameUnit
        ? 'Works in the same unit as the case: a transfer within the unit keeps continuity.'
        : `Works outside the case's unit: +${unitPart}.`,
    })
  }
  const gradePart = headroom * config.gradeHeadroomPenalty
  if (gradePart > 0) {
    parts.push(`${headroom} grade step${headroom > 1 ? 's' : ''} above the minimum (+${gradePart})`)
    trace.push({
      rule: 'ranking.gradeHeadroom',
      explanation: `${c.grade} is ${headroom} grade step${headroom > 1 ? 's' : ''} above the minimum ${forCase.minimumGrade}: +${gradePart}.`,
    })
  }
  const total = round1(capacityPart + over + continuity.penalty + unitPart + gradePart)
  trace.push({ rule: 'ranking.score', explanation: `Score ${total} (lower is better).` })
  return { candidate: c, eligible: true, score: total, reason: `${parts.join(', ')}.`, trace }
}

function compareScored(a: Scored, b: Scored): number {
  return (
    a.score - b.score ||
    RELATIONSHIP_ORDER[a.candidate.relationship] - RELATIONSHIP_ORDER[b.candidate.relationship] ||
    a.candidate.capacity - b.candidate.capacity ||
    a.candidate.caseCount - b.candidate.caseCount ||
    compareText(a.candidate.staffId, b.candidate.staffId)
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function round1(x: number): number {
  return Math.round(x * 10) / 10
}
