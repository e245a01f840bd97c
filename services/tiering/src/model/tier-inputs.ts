/**
 * The tiering inputs of one probation case, as kept from upstream events: four parts, each the latest snapshot of
 * its source with the time it was true (`occurredAt`) and the event that brought it. `toTierInput` maps them to the
 * domain's `TierCalculationInput` (docs/tiering.md "Inputs").
 */
import type {
  AssessmentSnapshot,
  ConvictionsSnapshot,
  Predictor,
  ProbationCaseSnapshot,
  RegistrationsSnapshot,
  TierMissingInput,
} from '@omic/contracts'
import type { NeedsAssessment, Ogrs4Predictor, TierCalculationInput } from '@omic/domain'

/** The part names are those `tier.calculation.complete` publishes as `missingInputs` (`TIER_MISSING_INPUTS`). */
export const TIER_INPUT_PARTS = [
  'registrations',
  'assessment',
  'convictions',
  'details',
] as const satisfies readonly TierMissingInput[]
export type TierInputPart = (typeof TIER_INPUT_PARTS)[number]

export interface TierInputPartValues {
  registrations: RegistrationsSnapshot
  assessment: AssessmentSnapshot
  convictions: ConvictionsSnapshot
  details: ProbationCaseSnapshot
}

/** One part as stored: the snapshot, when it was true and which event brought it. */
export interface StoredPart<T> {
  readonly value: T
  readonly occurredAt: string
  readonly eventId: string
  readonly eventType: string
  /** Set on a part a merge took from another CRN (that CRN): an unmerge gives it back. */
  readonly fromCrn?: string
}

export type TierInputParts = { readonly [P in TierInputPart]?: StoredPart<TierInputPartValues[P]> }

/**
 * Whether `incoming` replaces the `stored` part: it was true later (`occurredAt`, compared as instants), or at the
 * same instant and its event id sorts after the stored one's. The tie-break makes the kept part depend only on the
 * set of events, not on the order they arrive in (docs/tiering.md "Final state"). The same event is never newer.
 */
export function supersedes(
  incoming: Pick<StoredPart<unknown>, 'occurredAt' | 'eventId'>,
  stored: Pick<StoredPart<unknown>, 'occurredAt' | 'eventId'> | undefined,
): boolean {
  if (stored === undefined) return true
  const difference = Date.parse(incoming.occurredAt) - Date.parse(stored.occurredAt)
  return difference !== 0 ? difference > 0 : incoming.eventId > stored.eventId
}

/** Same parts missing (both lists in `TIER_INPUT_PARTS` order, as `toTierInput` gives them). */
export function sameMissing(a: readonly TierInputPart[], b: readonly TierInputPart[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i])
}

/** Which upstream event type feeds which part. */
export const PART_OF_EVENT = {
  'probation-case.registration.added': 'registrations',
  'probation-case.registration.updated': 'registrations',
  'probation-case.registration.deleted': 'registrations',
  'probation-case.registration.deregistered': 'registrations',
  'assessment.summary.produced': 'assessment',
  'probation-case.convictions.changed': 'convictions',
  'probation-case.details.changed': 'details',
} as const satisfies Record<string, TierInputPart>
export type TierInputEventType = keyof typeof PART_OF_EVENT

/**
 * A case is tiered once its convictions are known: they say whether the person is supervised (v3) and whether there
 * is a mandate for change (v2). Without them every tier would rest on "no convictions" (v2 x0, v3 NOT_SUPERVISED),
 * which would be published as if it were true. Missing registrations, assessment or details count as none.
 */
export function isTierable(parts: TierInputParts): boolean {
  return parts.convictions !== undefined
}

export interface MappedTierInput {
  readonly input: TierCalculationInput
  /** Parts not received yet: their inputs count as none (no registrations, no convictions, no assessment…). */
  readonly missing: readonly TierInputPart[]
}

function predictor(p: Predictor | null): Ogrs4Predictor | null {
  return p === null ? null : { score: p.score, staticOrDynamic: p.staticOrDynamic, band: p.band }
}

function needsAssessment(a: AssessmentSnapshot): NeedsAssessment {
  const women = a.womensFactors
  return {
    sanIndicator: a.sanIndicator,
    sections: a.sections,
    parentalResponsibilities: women?.parentalResponsibilities ?? null,
    impulsivity: women?.impulsivity ?? null,
    temperControl: women?.temperControl ?? null,
  }
}

/**
 * The domain input from the stored parts. RSR, OGRS, the needs, the OGRS4 predictors and the sexual-offence flag come
 * from the OASys assessment; registrations from nDelius registrations; mandate, active event, release date and
 * enforcement from the convictions; gender from the probation case details. RoSH is read from the registrations
 * (as the anchor does), not from the assessment's `roshLevel`.
 */
export function toTierInput(parts: TierInputParts): MappedTierInput {
  const registrations = parts.registrations?.value
  const assessment = parts.assessment?.value
  const convictions = parts.convictions?.value
  const details = parts.details?.value
  const predictors = assessment?.predictors ?? null
  const dcSrp = predictors?.directContactSexualReoffending ?? null
  return {
    input: {
      gender: details?.gender ?? null,
      rsrScore: assessment?.rsrScore ?? null,
      ogrsScore: assessment?.ogrsScore ?? null,
      registrations: registrations?.registrations ?? [],
      convictions: convictions?.convictions ?? [],
      previousEnforcementActivity: convictions?.previousEnforcementActivity ?? false,
      hasActiveEvent: convictions?.hasActiveEvent ?? false,
      latestReleaseDate: convictions?.latestReleaseDate ?? null,
      assessment: assessment ? needsAssessment(assessment) : null,
      predictors:
        predictors === null
          ? null
          : {
              arp: predictor(predictors.allReoffending),
              csrp: predictor(predictors.combinedSeriousReoffending),
              dcSrp: dcSrp === null ? null : { score: dcSrp.score, band: dcSrp.band },
            },
      everCommittedSexualOffence: assessment?.everCommittedSexualOffence ?? false,
    },
    missing: TIER_INPUT_PARTS.filter(part => parts[part] === undefined),
  }
}

const SNAPSHOT_PREDICTOR_FIELDS: Readonly<Record<string, string>> = {
  arp: 'allReoffending',
  csrp: 'combinedSeriousReoffending',
  dcSrp: 'directContactSexualReoffending',
}

/**
 * Where a domain input field came from: the part and the path inside its snapshot. Only the OGRS4 predictors can
 * make a calculation fail (a Medium-band DC-SRP below 0.60), so only they are mapped precisely.
 */
export function snapshotFieldOf(domainField: string): { part: TierInputPart; path: string } | null {
  const [head, name, ...rest] = domainField.split('.')
  if (head !== 'predictors' || name === undefined) return null
  const field = SNAPSHOT_PREDICTOR_FIELDS[name]
  if (field === undefined) return null
  return { part: 'assessment', path: ['predictors', field, ...rest].join('.') }
}
