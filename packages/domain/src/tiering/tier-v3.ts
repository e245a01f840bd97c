/**
 * Tier v3 (single axis A–G, plus MISSING and NOT_SUPERVISED; spec tiering.md §3). No active event →
 * NOT_SUPERVISED; no ARP or CSRP score → MISSING; otherwise the starting cell of the OGRS4 table (ARP × CSRP) and
 * seven rules that can only raise it: sexual reoffending (DC-SRP), MAPPA/RoSH, lifer/IPP release, domestic abuse,
 * stalking, child protection and sexual offences. Final tier = highest step result (G when none).
 *
 * Where the anchor throws (a Medium-band DC-SRP below 0.60, a negative predictor score) this returns a
 * validation error instead.
 */
import { addYears, type IsoDate } from '../shared/dates'
import { fail, ok, type Result, type RuleViolation, type TraceStep } from '../shared/result'
import { ARP_THRESHOLDS, arpColumn, CSRP_THRESHOLDS, csrpRow, REOFFENDING_TABLE } from './reoffending-table'
import { letterOfRank, NO_RESULT, STEP_ORDER, TIER_V3_LETTER_RANK } from './tier-letters'
import { freezeStep, StepCache, scoreText } from './trace-cache'
import type {
  Ogrs4Predictor,
  SexualReoffendingPredictor,
  TierMappaCategory,
  TierRosh,
  TierV3,
  TierV3Letter,
  TierV3Step,
  TierV3StepResults,
} from './types'
import { type ProvisionalReason, provisionalFromRanks } from './v3-provisional'

/** The `tier.v3` input: registration flags already read (see readRegistrations) and the OGRS4 predictors. */
export interface TierV3Input {
  readonly hasActiveEvent: boolean
  readonly rosh: TierRosh | null
  readonly mappaCategory: TierMappaCategory | null
  readonly hasLiferIpp: boolean
  readonly hasDomesticAbuse: boolean
  readonly hasStalking: boolean
  readonly hasChildProtection: boolean
  readonly latestReleaseDate: IsoDate | null
  readonly arp: Ogrs4Predictor | null
  readonly csrp: Ogrs4Predictor | null
  readonly dcSrp: SexualReoffendingPredictor | null
  readonly everCommittedSexualOffence: boolean
}

/** Where the starting tier came from in the OGRS4 table. */
export interface ReoffendingCell {
  readonly arp: number
  readonly csrp: number
  /** The column's ARP threshold (e.g. 75 for "≥75"). */
  readonly arpFrom: number
  /** The row's CSRP threshold (e.g. 1 for "≥1.0"). */
  readonly csrpFrom: number
  readonly tier: TierV3Letter
}

export interface TierV3Result {
  readonly tier: TierV3
  /** false for MISSING and NOT_SUPERVISED. */
  readonly provisional: boolean
  readonly provisionalReasons: readonly ProvisionalReason[]
  /** Step → tier; steps without a result are absent (empty for MISSING and NOT_SUPERVISED). */
  readonly steps: TierV3StepResults
  /** null for MISSING and NOT_SUPERVISED. */
  readonly startingCell: ReoffendingCell | null
  /** The starting cell, each rule that gave a result and whether it raised the tier, the provisional rules. */
  readonly trace: readonly TraceStep[]
}

/** DC-SRP Medium band: first threshold the score reaches gives the tier (the last two are the risk-reduced scale). */
export const DC_SRP_MEDIUM_BANDS: readonly { readonly from: number; readonly tier: TierV3Letter }[] = [
  { from: 3.36, tier: 'C' },
  { from: 2.11, tier: 'D' },
  { from: 1.12, tier: 'C' },
  { from: 0.6, tier: 'D' },
]

/** Tier per rule that gives a fixed tier. */
export const TIER_V3_FIXED_STEP_TIERS = {
  DOMESTIC_ABUSE: 'E',
  STALKING: 'F',
  CHILD_PROTECTION: 'F',
  SEXUAL_OFFENCES: 'E',
} as const satisfies Partial<Record<TierV3Step, TierV3Letter>>

/** Lifer/IPP: released on or after today − 1 year → B, on or after today − 5 years → D, earlier → E. */
export const LIFER_RELEASE_BANDS = [
  { withinYears: 1, tier: 'B' },
  { withinYears: 5, tier: 'D' },
] as const
export const LIFER_OLDER_RELEASE_TIER: TierV3Letter = 'E'

/** A DC-SRP counts only with a score above 0 and a band other than NOT_APPLICABLE. */
export function isValidDcSrp(dcSrp: SexualReoffendingPredictor | null): dcSrp is SexualReoffendingPredictor & {
  readonly score: number
  readonly band: 'LOW' | 'MEDIUM' | 'HIGH' | 'VERY_HIGH'
} {
  return (
    dcSrp !== null && dcSrp.score !== null && dcSrp.score > 0 && dcSrp.band !== null && dcSrp.band !== 'NOT_APPLICABLE'
  )
}

const DC_SRP_TOO_LOW = -2

function dcSrpRank(dcSrp: SexualReoffendingPredictor | null): number {
  if (!isValidDcSrp(dcSrp)) return NO_RESULT
  switch (dcSrp.band) {
    case 'VERY_HIGH':
      return TIER_V3_LETTER_RANK.A
    case 'HIGH':
      return TIER_V3_LETTER_RANK.B
    case 'LOW':
      return TIER_V3_LETTER_RANK.E
    default:
      for (const band of DC_SRP_MEDIUM_BANDS) if (dcSrp.score >= band.from) return TIER_V3_LETTER_RANK[band.tier]
      return DC_SRP_TOO_LOW
  }
}

function dcSrpViolation(score: number, field: string): RuleViolation {
  return {
    field,
    reason: `A Medium-band DC-SRP score must be at least 0.60 (got ${score}): the predictor and its band disagree`,
  }
}

/** The SEXUAL_REOFFENDING step: null when the DC-SRP does not count; an error for a Medium band below 0.60. */
export function sexualReoffendingTier(dcSrp: SexualReoffendingPredictor | null): Result<TierV3Letter | null> {
  const rank = dcSrpRank(dcSrp)
  if (rank === DC_SRP_TOO_LOW) return fail(dcSrpViolation(dcSrp?.score ?? 0, 'dcSrp.score'))
  return ok(rank === NO_RESULT ? null : letterOfRank(rank))
}

/** The MAPPA_ROSH step. */
export function mappaRoshTier(mappaCategory: TierMappaCategory | null, rosh: TierRosh | null): TierV3Letter | null {
  if (mappaCategory !== null) {
    if (rosh === 'VERY_HIGH') return 'A'
    if (rosh === 'HIGH') return 'C'
    if (rosh === 'MEDIUM') return 'D'
    return 'E'
  }
  if (rosh === 'VERY_HIGH') return 'C'
  if (rosh === 'HIGH') return 'D'
  return null
}

// "today − n years" for the lifer bands, remembered for the last `today` (a batch shares one day).
let liferToday = ''
let liferCutoffs: readonly IsoDate[] = []

/** The earliest release date of each LIFER_RELEASE_BANDS band for `today` (today − 1 year, today − 5 years). */
export function liferReleaseCutoffs(today: IsoDate): readonly IsoDate[] {
  if (today !== liferToday) {
    liferCutoffs = LIFER_RELEASE_BANDS.map(band => addYears(today, -band.withinYears))
    liferToday = today
  }
  return liferCutoffs
}

/** The LIFER_IPP step: only for a lifer/IPP registration with a release date (boundaries inclusive). */
export function liferIppTier(
  hasLiferIpp: boolean,
  latestReleaseDate: IsoDate | null,
  today: IsoDate,
): TierV3Letter | null {
  if (!hasLiferIpp || latestReleaseDate === null) return null
  const cutoffs = liferReleaseCutoffs(today)
  for (let i = 0; i < LIFER_RELEASE_BANDS.length; i++) {
    if (latestReleaseDate >= cutoffs[i]!) return LIFER_RELEASE_BANDS[i]!.tier
  }
  return LIFER_OLDER_RELEASE_TIER
}

function scoreViolation(field: string, score: number): RuleViolation | null {
  if (Number.isFinite(score) && score >= 0) return null
  return { field, reason: `must be a number of 0 or more (got ${score})` }
}

function earlyExit(tier: 'MISSING' | 'NOT_SUPERVISED', explanation: string): Result<TierV3Result> {
  return Object.freeze(
    ok(
      Object.freeze({
        tier,
        provisional: false,
        provisionalReasons: Object.freeze([]),
        steps: Object.freeze({}),
        startingCell: null,
        trace: Object.freeze([freezeStep({ rule: tier, explanation })]),
      }),
    ),
  )
}

const NOT_SUPERVISED = earlyExit('NOT_SUPERVISED', 'No active event: the person is not supervised')
const MISSING_ARP = earlyExit('MISSING', 'No OGRS4 all-reoffending predictor (ARP) score: the tier is MISSING')
const MISSING_CSRP = earlyExit(
  'MISSING',
  'No OGRS4 combined serious reoffending predictor (CSRP) score: the tier is MISSING',
)

const CSRP_LABELS = CSRP_THRESHOLDS.map(t => t.toFixed(1))
const ROSH_INDEX: Readonly<Record<TierRosh, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3, VERY_HIGH: 4 }
const MAPPA_INDEX: Readonly<Record<TierMappaCategory, number>> = { M1: 1, M2: 2, M3: 3, M4: 4 }

/** Which DC-SRP rule applied (for the trace): 0 Very High, 1 High, 2 Low, 3… the Medium score bands. */
function dcSrpVariant(dcSrp: SexualReoffendingPredictor): number {
  if (dcSrp.band === 'VERY_HIGH') return 0
  if (dcSrp.band === 'HIGH') return 1
  if (dcSrp.band === 'LOW') return 2
  const score = dcSrp.score ?? 0
  const i = DC_SRP_MEDIUM_BANDS.findIndex(band => score >= band.from)
  return 3 + (i < 0 ? DC_SRP_MEDIUM_BANDS.length : i)
}

function dcSrpSentence(variant: number): string {
  if (variant === 0) return 'DC-SRP band VERY_HIGH'
  if (variant === 1) return 'DC-SRP band HIGH'
  if (variant === 2) return 'DC-SRP band LOW'
  const band = DC_SRP_MEDIUM_BANDS[variant - 3]
  const scale = variant - 3 >= 2 ? 'risk-reduced scale' : 'scale without risk reduction'
  return band === undefined
    ? 'DC-SRP band MEDIUM'
    : `DC-SRP band MEDIUM with a score of at least ${band.from.toFixed(2)} (${scale})`
}

function stepSentence(step: TierV3Step, variant: number): string {
  switch (step) {
    case 'SEXUAL_REOFFENDING':
      return dcSrpSentence(variant)
    case 'MAPPA_ROSH': {
      const category = variant >= 5 ? `M${Math.floor(variant / 5)}` : null
      const rosh = (['missing', 'LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const)[variant % 5]
      return category === null
        ? `RoSH ${rosh} without a MAPPA category`
        : `MAPPA category ${category} with RoSH ${rosh}`
    }
    case 'DOMESTIC_ABUSE':
      return 'Domestic abuse registration (ADVP or REG30)'
    case 'STALKING':
      return 'Stalking registration (SPO)'
    case 'CHILD_PROTECTION':
      return 'Child protection registration (RCPR)'
    default:
      return 'Has committed a sexual offence (OASys)'
  }
}

function raiseStep(step: TierV3Step, what: string, rank: number, current: number): TraceStep {
  const letter = letterOfRank(rank)
  const raised = rank > current
  return {
    rule: step,
    explanation: raised
      ? `${what} gives ${letter}, raising the tier from ${letterOfRank(current)} to ${letter}`
      : `${what} gives ${letter}, not above the current tier ${letterOfRank(current)}`,
    inputs: { tier: letter, raised },
  }
}

const STEP_STEPS = new StepCache((step: TierV3Step, variant: number, ranks: number) =>
  raiseStep(step, stepSentence(step, variant), ranks >> 3, ranks & 7),
)

const FINAL_STEPS = new StepCache((rank: number, provisional: boolean) => {
  const tier = letterOfRank(rank)
  return {
    rule: 'TIER_V3',
    explanation: `Highest step result: tier ${tier}${provisional ? ' (provisional)' : ''}`,
    inputs: { tier, provisional },
  }
})

function liferSentence(release: IsoDate, today: IsoDate, tier: TierV3Letter): string {
  const [oneYear, fiveYears] = liferReleaseCutoffs(today)
  if (tier === 'B') return `Lifer/IPP released ${release}, on or after ${oneYear} (within a year)`
  if (tier === 'D') return `Lifer/IPP released ${release}, on or after ${fiveYears} (within five years)`
  return `Lifer/IPP released ${release}, before ${fiveYears} (over five years ago)`
}

/**
 * Tier v3. `today` dates the lifer/IPP rule only. Field names in errors are relative to the input (`dcSrp.score`,
 * `arp.score`, `csrp.score`).
 */
export function calculateTierV3(input: TierV3Input, today: IsoDate): Result<TierV3Result> {
  if (!input.hasActiveEvent) return NOT_SUPERVISED
  const arp = input.arp
  const csrp = input.csrp
  if (arp === null || arp.score === null) return MISSING_ARP
  if (csrp === null || csrp.score === null) return MISSING_CSRP
  const arpScore = arp.score
  const csrpScore = csrp.score
  const badScore = scoreViolation('arp.score', arpScore) ?? scoreViolation('csrp.score', csrpScore)
  if (badScore !== null) return fail(badScore)

  const dcSrp = input.dcSrp
  const dcRank = dcSrpRank(dcSrp)
  if (dcRank === DC_SRP_TOO_LOW) return fail(dcSrpViolation(dcSrp?.score ?? 0, 'dcSrp.score'))

  const row = csrpRow(csrpScore)
  const col = arpColumn(arpScore)
  const startLetter = REOFFENDING_TABLE[row]![col]!
  const mappaRosh = mappaRoshTier(input.mappaCategory, input.rosh)
  const lifer = liferIppTier(input.hasLiferIpp, input.latestReleaseDate, today)
  const ranks = [
    TIER_V3_LETTER_RANK[startLetter],
    dcRank,
    mappaRosh === null ? NO_RESULT : TIER_V3_LETTER_RANK[mappaRosh],
    lifer === null ? NO_RESULT : TIER_V3_LETTER_RANK[lifer],
    input.hasDomesticAbuse ? TIER_V3_LETTER_RANK[TIER_V3_FIXED_STEP_TIERS.DOMESTIC_ABUSE] : NO_RESULT,
    input.hasStalking ? TIER_V3_LETTER_RANK[TIER_V3_FIXED_STEP_TIERS.STALKING] : NO_RESULT,
    input.hasChildProtection ? TIER_V3_LETTER_RANK[TIER_V3_FIXED_STEP_TIERS.CHILD_PROTECTION] : NO_RESULT,
    input.everCommittedSexualOffence ? TIER_V3_LETTER_RANK[TIER_V3_FIXED_STEP_TIERS.SEXUAL_OFFENCES] : NO_RESULT,
  ]

  const arpFrom = ARP_THRESHOLDS[col]!
  const csrpFrom = CSRP_THRESHOLDS[row]!
  const trace: TraceStep[] = [
    {
      rule: 'REOFFENDING',
      explanation: `ARP ${scoreText(arpScore)} (column ≥${arpFrom}) and CSRP ${scoreText(csrpScore)} (row ≥${CSRP_LABELS[row]}) in the OGRS4 table: starting tier ${startLetter}`,
    },
  ]
  if (dcSrp !== null && dcRank === NO_RESULT) {
    trace.push({
      rule: 'SEXUAL_REOFFENDING',
      explanation: `DC-SRP ignored: it counts only with a score above 0 and a band other than NOT_APPLICABLE (score ${dcSrp.score}, band ${dcSrp.band})`,
    })
  }

  const steps: Partial<Record<TierV3Step, TierV3Letter>> = { REOFFENDING: startLetter }
  let current = ranks[0]!
  for (let i = 1; i < ranks.length; i++) {
    const rank = ranks[i]!
    if (rank === NO_RESULT) continue
    const step = STEP_ORDER[i]!
    const letter = letterOfRank(rank)
    steps[step] = letter
    if (step === 'LIFER_IPP') {
      trace.push(raiseStep(step, liferSentence(input.latestReleaseDate ?? today, today, letter), rank, current))
    } else {
      const variant =
        step === 'SEXUAL_REOFFENDING'
          ? dcSrpVariant(dcSrp!)
          : step === 'MAPPA_ROSH'
            ? (input.mappaCategory === null ? 0 : MAPPA_INDEX[input.mappaCategory]) * 5 +
              (input.rosh === null ? 0 : ROSH_INDEX[input.rosh])
            : 0
      trace.push(STEP_STEPS.get(((i * 64 + variant) * 8 + rank) * 8 + current, step, variant, rank * 8 + current))
    }
    if (rank > current) current = rank
  }

  const provisional = provisionalFromRanks(
    input.rosh,
    input.mappaCategory,
    arpScore,
    arp.staticOrDynamic,
    csrpScore,
    csrp.staticOrDynamic,
    ranks,
    trace,
  )
  trace.push(FINAL_STEPS.get(current * 2 + (provisional.provisional ? 1 : 0), current, provisional.provisional))
  return ok({
    tier: letterOfRank(current),
    provisional: provisional.provisional,
    provisionalReasons: provisional.reasons,
    steps,
    startingCell: { arp: arpScore, csrp: csrpScore, arpFrom, csrpFrom, tier: startLetter },
    trace,
  })
}
