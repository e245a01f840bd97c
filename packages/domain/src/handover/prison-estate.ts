/**
 * Which prisons are women's prisons or men's open prisons, and when open-prison rules apply (handover.md §a.3, §c.3).
 */
import { type IsoDate, isOnOrAfter } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import type { ProbationService } from './types'

/** Women's prisons (`PrisonService::PRISONS`, gender female). */
export const WOMENS_PRISONS: readonly string[] = [
  'AGI',
  'BZI',
  'DHI',
  'DWI',
  'ESI',
  'EWI',
  'FHI',
  'LNI',
  'NHI',
  'PFI',
  'SDI',
  'STI',
]

/** The men's open estate. */
export const MENS_OPEN_PRISONS: readonly string[] = [
  'HDI',
  'HBI',
  'HVI',
  'KMI',
  'KVI',
  'LYI',
  'NSI',
  'UPI',
  'SPI',
  'EHI',
  'SUI',
  'TCI',
  'FDI',
]

/** HMP Prescoed, home of the 2020 Welsh open-conditions pilot. */
export const PRESCOED = 'UPI'
/** Welsh cases arriving at Prescoed on or after this date are under open-prison rules. */
export const PRESCOED_PILOT_START = '2020-10-19'
/** Arrivals in the men's open estate on or after this date are under open-prison rules. */
export const MENS_OPEN_ESTATE_START = '2021-03-31'
/** The women's open category. */
export const WOMENS_OPEN_CATEGORY = 'T'

export interface PrisonEstate {
  inWomensPrison: boolean
  isOpenPrison: boolean
}

/** Where a prison sits in the estate, from its NOMIS code. */
export function prisonEstate(prisonId: string): PrisonEstate {
  return { inWomensPrison: WOMENS_PRISONS.includes(prisonId), isOpenPrison: MENS_OPEN_PRISONS.includes(prisonId) }
}

export interface OpenConditionsInput {
  prisonId: string
  inWomensPrison: boolean
  isOpenPrison: boolean
  prisonArrivalDate: IsoDate | null
  category: string | null
  probationService: ProbationService | null
}

export const OPEN_PRISON_RULE = {
  prescoedPilot: 'prescoed_pilot',
  mensOpenEstate: 'mens_open_estate',
  womensCategoryT: 'womens_category_t',
  notOpen: 'not_open',
} as const
export type OpenPrisonRule = (typeof OPEN_PRISON_RULE)[keyof typeof OPEN_PRISON_RULE]

export interface OpenConditions {
  /** Only chooses the `indeterminate_open` label (and the supporting-COM request). */
  inOpenConditions: boolean
  /** An ISP's handover start date may come earlier than the handover date. */
  openPrisonRulesApply: boolean
  reason: OpenPrisonRule
  trace: TraceStep[]
}

/** In open conditions, and whether open-prison rules apply (handover.md §c.3; CONFORMANCE.md §5.1 handover.case). */
export function openConditions(input: OpenConditionsInput): OpenConditions {
  const womensOpen = input.inWomensPrison && input.category === WOMENS_OPEN_CATEGORY
  const inOpenConditions = input.isOpenPrison || womensOpen
  const arrival = input.prisonArrivalDate
  const prescoedPilot =
    input.prisonId === PRESCOED &&
    arrival !== null &&
    isOnOrAfter(arrival, PRESCOED_PILOT_START) &&
    input.probationService === 'Wales'
  const mensOpen = input.isOpenPrison && arrival !== null && isOnOrAfter(arrival, MENS_OPEN_ESTATE_START)
  const reason: OpenPrisonRule = prescoedPilot
    ? OPEN_PRISON_RULE.prescoedPilot
    : mensOpen
      ? OPEN_PRISON_RULE.mensOpenEstate
      : womensOpen
        ? OPEN_PRISON_RULE.womensCategoryT
        : OPEN_PRISON_RULE.notOpen
  const openPrisonRulesApply = reason !== OPEN_PRISON_RULE.notOpen
  const explanation = {
    prescoed_pilot: `Welsh case arrived at HMP Prescoed (UPI) on ${arrival}, on or after the pilot start ${PRESCOED_PILOT_START}: open-prison rules apply`,
    mens_open_estate: `arrived in men's open prison ${input.prisonId} on ${arrival}, on or after ${MENS_OPEN_ESTATE_START}: open-prison rules apply`,
    womens_category_t: `women's prison ${input.prisonId} with category ${WOMENS_OPEN_CATEGORY}: open-prison rules apply`,
    not_open: inOpenConditions
      ? `in open conditions at ${input.prisonId} but arrived ${arrival ?? 'on an unknown date'}, before ${MENS_OPEN_ESTATE_START}: open-prison rules do not apply`
      : `${input.prisonId} is neither a men's open prison nor a women's prison with category ${WOMENS_OPEN_CATEGORY}: not in open conditions`,
  }[reason]
  return {
    inOpenConditions,
    openPrisonRulesApply,
    reason,
    trace: [
      {
        rule: `handover.openConditions.${reason}`,
        explanation,
        inputs: {
          prisonId: input.prisonId,
          inWomensPrison: input.inWomensPrison,
          isOpenPrison: input.isOpenPrison,
          prisonArrivalDate: arrival,
          category: input.category,
          probationService: input.probationService,
        },
      },
    ],
  }
}
