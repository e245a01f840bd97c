import type {
  NeedsAssessment,
  TierCalculationInput,
  TierConviction,
  TierRegistration,
  TierV2Input,
  TierV3Input,
} from '../../src/tiering'

export function reg(code: string, date = '2024-01-01', level: string | null = null, category: string | null = null) {
  return { code, level, category, date } satisfies TierRegistration
}

export const CURRENT_CUSTODIAL: TierConviction = { sentenceTypeCode: 'SC', terminationDate: null, requirements: [] }

export const EMPTY_ASSESSMENT: NeedsAssessment = {
  sanIndicator: false,
  sections: {},
  parentalResponsibilities: null,
  impulsivity: null,
  temperControl: null,
}

export function v2Input(overrides: Partial<TierV2Input> = {}): TierV2Input {
  return {
    isFemale: false,
    rsrScore: null,
    ogrsScore: null,
    registrations: [],
    convictions: [CURRENT_CUSTODIAL],
    previousEnforcementActivity: false,
    assessment: EMPTY_ASSESSMENT,
    ...overrides,
  }
}

export function v3Input(overrides: Partial<TierV3Input> = {}): TierV3Input {
  return {
    hasActiveEvent: true,
    rosh: 'MEDIUM',
    mappaCategory: null,
    hasLiferIpp: false,
    hasDomesticAbuse: false,
    hasStalking: false,
    hasChildProtection: false,
    latestReleaseDate: null,
    arp: { score: 0, staticOrDynamic: 'DYNAMIC', band: 'LOW' },
    csrp: { score: 0, staticOrDynamic: 'DYNAMIC', band: 'LOW' },
    dcSrp: null,
    everCommittedSexualOffence: false,
    ...overrides,
  }
}

export function combinedInput(overrides: Partial<TierCalculationInput> = {}): TierCalculationInput {
  return {
    gender: 'Male',
    rsrScore: null,
    ogrsScore: null,
    registrations: [],
    convictions: [CURRENT_CUSTODIAL],
    previousEnforcementActivity: false,
    hasActiveEvent: true,
    latestReleaseDate: null,
    assessment: null,
    predictors: {
      arp: { score: 0, staticOrDynamic: 'DYNAMIC', band: 'LOW' },
      csrp: { score: 0, staticOrDynamic: 'DYNAMIC', band: 'LOW' },
      dcSrp: null,
    },
    everCommittedSexualOffence: false,
    ...overrides,
  }
}

/** Unwraps a Result in a test, failing loudly on an error. */
export function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`unexpected error result: ${JSON.stringify(result.error)}`)
  return result.value
}
