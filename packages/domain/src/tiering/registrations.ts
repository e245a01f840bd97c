/**
 * What the Delius registrations mean for tiering (spec tiering.md §1.1, CONFORMANCE `tier.registrations`).
 * HREG (historic) registrations are dropped, the rest are read newest first (equal dates keep their input order).
 * RoSH codes, complexity-factor codes and MAPPA levels match case-insensitively; HREG, MAPP and the flag codes
 * match exactly, as in the anchor.
 */
import type {
  ComplexityFactor,
  RegistrationSummary,
  TierMappaCategory,
  TierMappaLevel,
  TierRegistration,
  TierRosh,
} from './types'

export const HISTORIC_REGISTRATION_CODE = 'HREG'
export const MAPPA_REGISTRATION_CODE = 'MAPP'

/** RoSH registration codes (upper case) → RoSH. */
export const ROSH_REGISTRATION_CODES: Readonly<Record<string, TierRosh>> = {
  RVHR: 'VERY_HIGH',
  RHRH: 'HIGH',
  RMRH: 'MEDIUM',
  RLRH: 'LOW',
}

/** Complexity-factor registration codes (upper case) → factor. */
export const COMPLEXITY_FACTOR_CODES: Readonly<Record<string, ComplexityFactor>> = {
  RMDO: 'MENTAL_HEALTH',
  ALSH: 'ATTEMPTED_SUICIDE_OR_SELF_HARM',
  RVLN: 'VULNERABILITY_ISSUE',
  RCCO: 'CHILD_CONCERNS',
  RCPR: 'CHILD_PROTECTION',
  RCHD: 'RISK_TO_CHILDREN',
  RPIR: 'PUBLIC_INTEREST',
  RVAD: 'ADULT_AT_RISK',
  STRG: 'STREET_GANGS',
  RTAO: 'TERRORISM',
}

const MAPPA_LEVEL_BY_TEXT = new Map<string, TierMappaLevel>([
  ['M1', 'M1'],
  ['M2', 'M2'],
  ['M3', 'M3'],
])
const MAPPA_CATEGORY_BY_TEXT = new Map<string, TierMappaCategory>([
  ['M1', 'M1'],
  ['M2', 'M2'],
  ['M3', 'M3'],
  ['M4', 'M4'],
])

// Complexity factors are collected as a bit set; bit i is the i-th factor name in ascending order, so the list
// comes out sorted, and each of the 1,024 possible lists is built once and shared.
const SORTED_FACTORS: readonly ComplexityFactor[] = [...new Set(Object.values(COMPLEXITY_FACTOR_CODES))].sort()
/** Case-insensitive codes (upper case) → RoSH and complexity-factor bit (RCPR is also a flag, matched exactly). */
interface CodeMeaning {
  readonly rosh: TierRosh | null
  readonly factorBit: number
}
const MEANING_BY_CODE = new Map<string, CodeMeaning>([
  ...Object.entries(ROSH_REGISTRATION_CODES).map(([code, rosh]): [string, CodeMeaning] => [
    code,
    { rosh, factorBit: 0 },
  ]),
  ...Object.entries(COMPLEXITY_FACTOR_CODES).map(([code, factor]): [string, CodeMeaning] => [
    code,
    { rosh: null, factorBit: 1 << SORTED_FACTORS.indexOf(factor) },
  ]),
])

function meaningOf(code: string): CodeMeaning | undefined {
  const exact = MEANING_BY_CODE.get(code)
  if (exact !== undefined) return exact
  const upper = code.toUpperCase()
  return upper === code ? undefined : MEANING_BY_CODE.get(upper)
}

const FACTOR_LISTS: (readonly ComplexityFactor[] | undefined)[] = []

function factorList(bits: number): readonly ComplexityFactor[] {
  const cached = FACTOR_LISTS[bits]
  if (cached !== undefined) return cached
  const list = Object.freeze(SORTED_FACTORS.filter((_, i) => (bits & (1 << i)) !== 0))
  FACTOR_LISTS[bits] = list
  return list
}

/** Reads the registrations in one pass (no sorting, no copies): newest-first "first match" = latest date, first seen. */
export function readRegistrations(registrations: readonly TierRegistration[]): RegistrationSummary {
  let rosh: TierRosh | null = null
  let roshDate = ''
  let mappaLevel: TierMappaLevel | null = null
  let mappaLevelDate = ''
  let newestMappa: TierRegistration | null = null
  let factorBits = 0
  let hasIomNominal = false
  let hasLiferIpp = false
  let hasDomesticAbuse = false
  let hasStalking = false
  let hasChildProtection = false
  let unsupervised = false

  for (const registration of registrations) {
    const code = registration.code
    if (code === HISTORIC_REGISTRATION_CODE) continue
    const date = registration.date
    const meaning = meaningOf(code)
    if (meaning !== undefined) {
      const roshLevel = meaning.rosh
      if (roshLevel !== null && (rosh === null || date > roshDate)) {
        rosh = roshLevel
        roshDate = date
      }
      factorBits |= meaning.factorBit
    }
    if (code === MAPPA_REGISTRATION_CODE) {
      if (newestMappa === null || date > newestMappa.date) newestMappa = registration
      const level = registration.level === null ? undefined : MAPPA_LEVEL_BY_TEXT.get(registration.level.toUpperCase())
      if (level !== undefined && (mappaLevel === null || date > mappaLevelDate)) {
        mappaLevel = level
        mappaLevelDate = date
      }
    }

    // Flags, exact codes: IIOM IOM nominal, INLL lifer/IPP, ADVP/REG30 domestic abuse, SPO stalking,
    // RCPR child protection, PRC two-thirds (unsupervised).
    switch (code) {
      case 'IIOM':
        hasIomNominal = true
        break
      case 'INLL':
        hasLiferIpp = true
        break
      case 'ADVP':
      case 'REG30':
        hasDomesticAbuse = true
        break
      case 'SPO':
        hasStalking = true
        break
      case 'RCPR':
        hasChildProtection = true
        break
      case 'PRC':
        unsupervised = true
        break
    }
  }

  const category = newestMappa?.category
  return {
    rosh,
    mappaLevel,
    mappaCategory: category == null ? null : (MAPPA_CATEGORY_BY_TEXT.get(category) ?? null),
    complexityFactors: factorList(factorBits),
    hasIomNominal,
    hasLiferIpp,
    hasDomesticAbuse,
    hasStalking,
    hasChildProtection,
    unsupervised,
  }
}
