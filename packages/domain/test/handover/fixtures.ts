import type { HandoverCaseInput } from '../../src/handover'

/** A determinate, non-recall, English case in a closed men's prison; override what a test is about. */
export function aCase(overrides: Partial<HandoverCaseInput> = {}): HandoverCaseInput {
  return {
    sentenceStartDate: '2024-01-01',
    conditionalReleaseDate: null,
    automaticReleaseDate: null,
    paroleEligibilityDate: null,
    tariffDate: null,
    targetHearingDate: null,
    conditionalReleaseOverrideDate: null,
    automaticReleaseOverrideDate: null,
    isIndeterminate: false,
    isRecall: false,
    imprisonmentStatus: 'SENT03',
    hasAdditionalFutureIsp: false,
    lastParoleOutcome: null,
    mappaLevel: null,
    earlyAllocationActive: false,
    prisonId: 'LEI',
    inWomensPrison: false,
    isOpenPrison: false,
    prisonArrivalDate: '2024-01-01',
    category: null,
    categoryActiveSinceDate: null,
    probationService: 'England',
    ...overrides,
  }
}

/** An ISP in a closed men's prison. */
export function anIsp(overrides: Partial<HandoverCaseInput> = {}): HandoverCaseInput {
  return aCase({ imprisonmentStatus: 'LIFE', isIndeterminate: true, sentenceStartDate: '2015-03-01', ...overrides })
}
