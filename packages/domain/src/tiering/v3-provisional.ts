/**
 * V3 provisional flag (spec tiering.md §3.1): provisional = P1 (static predictors) or P2 (missing RoSH).
 *
 * P1 — "others" = highest result of every step except REOFFENDING (G if none). Both ARP and CSRP static →
 * provisional unless others is A; only ARP static → unless others reaches the table's first column for the CSRP;
 * only CSRP static → unless others reaches the first row for the ARP. A null static/dynamic flag is neither.
 * P2 — RoSH missing: "others" = highest result except MAPPA_ROSH, and except REOFFENDING unless both predictors are
 * dynamic (G if none); with a MAPPA category provisional unless others is A, without one unless others is C or above.
 */
import type { TraceStep } from '../shared/result'
import { maxTierForArp, maxTierForCsrp } from './reoffending-table'
import { letterOfRank, NO_RESULT, STEP_INDEX, STEP_ORDER, TIER_V3_LETTER_RANK } from './tier-letters'
import { StepCache } from './trace-cache'
import type { StaticOrDynamic, TierMappaCategory, TierRosh, TierV3Letter, TierV3StepResults } from './types'

export interface ProvisionalPredictor {
  readonly score: number
  readonly staticOrDynamic: StaticOrDynamic | null
}

/** The `tier.v3.provisional` input. */
export interface TierV3ProvisionalInput {
  readonly rosh: TierRosh | null
  readonly mappaCategory: TierMappaCategory | null
  readonly arp: ProvisionalPredictor
  readonly csrp: ProvisionalPredictor
  readonly stepResults: TierV3StepResults
}

export const PROVISIONAL_REASON = { STATIC_PREDICTORS: 'STATIC_PREDICTORS', MISSING_ROSH: 'MISSING_ROSH' } as const
export type ProvisionalReason = (typeof PROVISIONAL_REASON)[keyof typeof PROVISIONAL_REASON]

export interface ProvisionalResult {
  readonly provisional: boolean
  /** Which rules made it provisional (empty when it is not). */
  readonly reasons: readonly ProvisionalReason[]
  readonly trace: readonly TraceStep[]
}

const A = TIER_V3_LETTER_RANK.A
const C = TIER_V3_LETTER_RANK.C
const G = TIER_V3_LETTER_RANK.G

function highestExcept(ranks: readonly number[], skip1: number, skip2: number): number {
  let best = NO_RESULT
  for (let i = 0; i < ranks.length; i++) {
    if (i === skip1 || i === skip2) continue
    const r = ranks[i]!
    if (r > best) best = r
  }
  return best === NO_RESULT ? G : best
}

const MAPPA_INDEX: Readonly<Record<TierMappaCategory, number>> = { M1: 1, M2: 2, M3: 3, M4: 4 }
const WHICH_STATIC = ['ARP and CSRP are', 'ARP is', 'CSRP is'] as const

const STATIC_STEPS = new StepCache((which: number, others: number, ceiling: number) => {
  const provisional = others < ceiling
  const o = letterOfRank(others)
  const c = letterOfRank(ceiling)
  return {
    rule: 'PROVISIONAL_STATIC_PREDICTORS',
    explanation: provisional
      ? `${WHICH_STATIC[which]} static: the other steps give at most ${o}, below ${c} (the highest the table could give), so the tier is provisional`
      : `${WHICH_STATIC[which]} static, but the other steps already give ${o}, at least ${c} (the highest the table could give)`,
    inputs: { provisional, others: o, ceiling: c },
  }
})

const MISSING_ROSH_STEPS = new StepCache(
  (mappaCategory: TierMappaCategory | null, bothDynamic: boolean, others: number) => {
    const needed = mappaCategory === null ? C : A
    const provisional = others < needed
    const o = letterOfRank(others)
    const n = letterOfRank(needed)
    const scope = bothDynamic ? 'steps other than MAPPA/RoSH' : 'steps other than MAPPA/RoSH and the (static) table'
    const mappa = mappaCategory === null ? ' and there is no MAPPA category' : ` (MAPPA category ${mappaCategory})`
    return {
      rule: 'PROVISIONAL_MISSING_ROSH',
      explanation: `RoSH is missing${mappa}: the ${scope} give ${o}, ${provisional ? `below ${n}, so the tier is provisional` : `at least ${n}, so it stands`}`,
      inputs: { provisional, others: o, needed: n },
    }
  },
)

function rankOf(letter: TierV3Letter | null): number {
  return letter === null ? G : TIER_V3_LETTER_RANK[letter]
}

/** Appends one PROVISIONAL step per rule to `trace`. `ranks` are the step results in STEP_ORDER (-1 = none). */
export function provisionalFromRanks(
  rosh: TierRosh | null,
  mappaCategory: TierMappaCategory | null,
  arpScore: number,
  arpType: StaticOrDynamic | null,
  csrpScore: number,
  csrpType: StaticOrDynamic | null,
  ranks: readonly number[],
  trace: TraceStep[],
): ProvisionalResult {
  const reasons: ProvisionalReason[] = []
  const arpStatic = arpType === 'STATIC'
  const csrpStatic = csrpType === 'STATIC'

  // P1: static predictors
  if (arpStatic || csrpStatic) {
    const others = highestExcept(ranks, STEP_INDEX.REOFFENDING, NO_RESULT)
    const which = arpStatic && csrpStatic ? 0 : arpStatic ? 1 : 2
    const ceiling = which === 0 ? A : which === 1 ? rankOf(maxTierForCsrp(csrpScore)) : rankOf(maxTierForArp(arpScore))
    if (others < ceiling) reasons.push('STATIC_PREDICTORS')
    trace.push(STATIC_STEPS.get((which * 8 + others) * 8 + ceiling, which, others, ceiling))
  }

  // P2: missing RoSH
  if (rosh === null) {
    const bothDynamic = arpType === 'DYNAMIC' && csrpType === 'DYNAMIC'
    const others = highestExcept(ranks, STEP_INDEX.MAPPA_ROSH, bothDynamic ? NO_RESULT : STEP_INDEX.REOFFENDING)
    if (others < (mappaCategory === null ? C : A)) reasons.push('MISSING_ROSH')
    const category = mappaCategory === null ? 0 : MAPPA_INDEX[mappaCategory]
    trace.push(
      MISSING_ROSH_STEPS.get((category * 2 + (bothDynamic ? 1 : 0)) * 8 + others, mappaCategory, bothDynamic, others),
    )
  }

  return { provisional: reasons.length > 0, reasons, trace }
}

/** The provisional flag from given step results (`tier.v3.provisional`). */
export function isTierV3Provisional(input: TierV3ProvisionalInput): ProvisionalResult {
  const ranks: number[] = []
  for (const step of STEP_ORDER) {
    const letter = input.stepResults[step]
    ranks.push(letter === undefined ? NO_RESULT : TIER_V3_LETTER_RANK[letter])
  }
  const { arp, csrp } = input
  return provisionalFromRanks(
    input.rosh,
    input.mappaCategory,
    arp.score,
    arp.staticOrDynamic,
    csrp.score,
    csrp.staticOrDynamic,
    ranks,
    [],
  )
}
