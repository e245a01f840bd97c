/**
 * Ranking POMs for a case: the recommended POM type first (allocation.md §4.3: the recommended type is
 * highlighted and sorted first), then by the general ranking (rankCandidates: capacity headroom, continuity,
 * caseload). A POM of the other type stays eligible: the SPO may choose them with a reason against the
 * recommendation. Co-working POMs get no recommended type (§1.6).
 */
import { z } from 'zod'
import type { Result, TraceStep } from '../shared/result'
import { fail, ok } from '../shared/result'
import type { RankingConfig } from './config'
import { DEFAULT_RANKING_CONFIG } from './config'
import { pastRelationshipSchema } from './continuity'
import type { PomType } from './pom-type'
import { pomTypeOfPosition, pomTypeSchema } from './pom-type'
import type { RankedCandidate } from './ranking'
import { rankCandidates } from './ranking'
import { pomPositionSchema, STAFF_GRADE } from './vocabulary'

export const pomRankingCandidateSchema = z.object({
  staffId: z.string().min(1),
  position: pomPositionSchema,
  /** Capacity % with this case added (the POM workload's capacity after the allocation). */
  capacity: z.number().finite().nonnegative(),
  caseCount: z.number().int().nonnegative(),
  caseCap: z.number().int().nonnegative().nullable(),
  relationship: pastRelationshipSchema,
})
export type PomRankingCandidate = z.infer<typeof pomRankingCandidateSchema>

export const pomRankingCaseSchema = z.object({
  /** The recommended type; `null` = no recommendation (NOREC) or a co-working allocation. */
  recommendedType: pomTypeSchema.nullable(),
  priorTransfers: z.number().int().nonnegative(),
  /** Ranking for a co-working POM: no recommendation applies and no reason against it is needed. */
  coworking: z.boolean().optional(),
})
export type PomRankingCase = z.infer<typeof pomRankingCaseSchema>

export interface RankedPom extends RankedCandidate {
  /** The POM's type is the recommended one (always true when there is no recommendation). */
  typeMatch: boolean
  /** Choosing this POM needs a reason against the recommendation. */
  overrideNeeded: boolean
}

const TYPE_WORDS: Readonly<Record<PomType, string>> = { PROBATION: 'probation POM', PRISON: 'prison POM' }

/**
 * Ranks POMs: eligible POMs of the recommended type first, then eligible POMs of the other type, then those who
 * may not take the case (at their case cap). Within each group the order is rankCandidates' (lower score first):
 * capacity with the case added, continuity (current, then previous POM; heavier once the person has been
 * transferred), then case count. Every POM grade qualifies for every case: type is a preference, not a bar.
 */
export function rankPomCandidates(
  forCase: PomRankingCase,
  candidates: readonly PomRankingCandidate[],
  config: Readonly<RankingConfig> = DEFAULT_RANKING_CONFIG,
): Result<RankedPom[]> {
  const caseCheck = pomRankingCaseSchema.safeParse(forCase)
  if (!caseCheck.success) {
    const issue = caseCheck.error.issues[0]
    return fail({ field: `case.${issue?.path.join('.') ?? ''}`, reason: issue?.message ?? 'invalid case' })
  }
  for (const [i, c] of candidates.entries()) {
    const check = pomRankingCandidateSchema.safeParse(c)
    if (!check.success) {
      const issue = check.error.issues[0]
      return fail({ field: `candidates.${i}.${issue?.path.join('.') ?? ''}`, reason: issue?.message ?? 'invalid' })
    }
  }
  const ranked = rankCandidates(
    { minimumGrade: STAFF_GRADE.PRO, priorTransfers: forCase.priorTransfers },
    candidates.map(c => ({
      staffId: c.staffId,
      grade: c.position,
      capacity: c.capacity,
      caseCount: c.caseCount,
      caseCap: c.caseCap,
      relationship: c.relationship,
    })),
    // Both POM grades may hold any case: the type preference replaces the grade-headroom penalty
    { ...config, gradeHeadroomPenalty: 0 },
  )
  if (!ranked.ok) return ranked
  const byId = new Map(candidates.map(c => [c.staffId, c]))
  const recommended = forCase.recommendedType
  const withType = ranked.value.map((r): RankedPom => {
    const position = byId.get(r.staffId)?.position ?? 'PRO'
    const type = pomTypeOfPosition(position)
    const typeMatch = recommended === null || type === recommended
    const step: TraceStep =
      recommended === null
        ? {
            rule: 'pomRanking.noRecommendation',
            explanation:
              forCase.coworking === true
                ? `A ${TYPE_WORDS[type]}; a co-working POM has no recommended type.`
                : `No recommended POM type: a ${TYPE_WORDS[type]}; choosing any POM needs a reason.`,
          }
        : typeMatch
          ? { rule: 'pomRanking.typeMatch', explanation: `A ${TYPE_WORDS[type]}, the recommended type.` }
          : {
              rule: 'pomRanking.typeMismatch',
              explanation: `A ${TYPE_WORDS[type]}, not the recommended ${TYPE_WORDS[recommended]}: listed after them; choosing them needs a reason against the recommendation.`,
            }
    const overrideNeeded = forCase.coworking === true ? false : recommended === null || !typeMatch
    return { ...r, typeMatch, overrideNeeded, trace: [step, ...r.trace] }
  })
  const eligibleMatch = withType.filter(r => r.eligible && r.typeMatch)
  const eligibleOther = withType.filter(r => r.eligible && !r.typeMatch)
  const ineligible = withType.filter(r => !r.eligible)
  const total = eligibleMatch.length + eligibleOther.length
  const renumbered = [...eligibleMatch, ...eligibleOther].map((r, i): RankedPom => {
    const rank = i + 1
    const typeWords =
      recommended === null
        ? ''
        : r.typeMatch
          ? 'recommended type; '
          : `not the recommended ${TYPE_WORDS[recommended]}; `
    return {
      ...r,
      rank,
      reason: `Rank ${rank}: ${typeWords}${r.reason.replace(/^Rank \d+, /, '')}`,
      trace: [
        ...r.trace.filter(s => s.rule !== 'ranking.rank'),
        { rule: 'ranking.rank', explanation: `Ranked ${rank} of ${total} eligible.` },
      ],
    }
  })
  return ok([...renumbered, ...ineligible])
}
