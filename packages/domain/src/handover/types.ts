/**
 * Vocabulary shared by the handover rules (handover.md §c–§i). `as const` objects, never enums: the value is the
 * exact string the vectors, the API and the database use.
 */
import type { IsoDate } from '../shared/dates'
import type { TraceStep } from '../shared/result'

/** Who holds the case (handover.md §d). */
export const RESPONSIBILITY = {
  custodyOnly: 'CustodyOnly',
  custodyWithCom: 'CustodyWithCom',
  community: 'Community',
} as const
export type Responsibility = (typeof RESPONSIBILITY)[keyof typeof RESPONSIBILITY]

/** The reason stored with a handover calculation (handover.md §c.5, current reasons only). */
export const HANDOVER_REASON = {
  earlyAllocation: 'early_allocation',
  indeterminate: 'indeterminate',
  indeterminateOpen: 'indeterminate_open',
  determinateShort: 'determinate_short',
  determinateParole: 'determinate_parole',
  determinate: 'determinate',
  additionalIsp: 'additional_isp',
  recallThdOver12Months: 'recall_thd_over_12_months',
  paroleMappa23: 'parole_mappa_2_3',
  thdOver12Months: 'thd_over_12_months',
  recallCase: 'recall_case',
  immigrationCase: 'immigration_case',
  releaseDateUnknown: 'release_date_unknown',
} as const
export type HandoverReason = (typeof HANDOVER_REASON)[keyof typeof HANDOVER_REASON]

/** The reasons produced by the general rules (`handoverDates`). */
export type GeneralRuleReason = Extract<
  HandoverReason,
  | 'early_allocation'
  | 'indeterminate'
  | 'indeterminate_open'
  | 'determinate_short'
  | 'determinate_parole'
  | 'determinate'
>

/** Labels of the dates an earliest release date can come from (handover.md §b). */
export const RELEASE_DATE_TYPE = { ted: 'TED', thd: 'THD', ped: 'PED', crd: 'CRD', ard: 'ARD' } as const
export type ReleaseDateType = (typeof RELEASE_DATE_TYPE)[keyof typeof RELEASE_DATE_TYPE]

/** The outcome of the last completed parole review for the current sentence (`null` = none completed). */
export const PAROLE_OUTCOME = { release: 'release', notRelease: 'not_release' } as const
export type ParoleOutcome = (typeof PAROLE_OUTCOME)[keyof typeof PAROLE_OUTCOME]

/** MAPPA level as imported from nDelius: 0 = not relevant, `null` = unknown. */
export type HandoverMappaLevel = 0 | 1 | 2 | 3

/** Which probation service area the case belongs to (HMP Prescoed pilot, handover.md §c.3). */
export type ProbationService = 'England' | 'Wales'

/** What every rule result carries besides its value: why, and how it got there. */
export interface HandoverExplained<R extends string> {
  reason: R
  trace: TraceStep[]
}

/** A date with the label of where it came from, e.g. `{ date: '2027-01-31', type: 'CRD' }`. */
export interface NamedDate {
  date: IsoDate
  type: ReleaseDateType
}
