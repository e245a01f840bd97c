import {
  additionalFactorsForWomen,
  calculateTierV2,
  calculateTierV3,
  hasNoMandate,
  isTierV3Provisional,
  needSeverity,
  needSeverityInputSchema,
  parseTierConvictions,
  parseTieringInput,
  parseTierRegistrations,
  parseTierV2Input,
  parseTierV3Input,
  parseTierV3ProvisionalInput,
  parseWomenFactorsInput,
  type Result,
  type RuleViolation,
  readRegistrations,
} from '@omic/domain'
import type { KindHandler, KindRegistry } from '../types'

/** Any date will do when a vector's result does not depend on it (`today: null`). */
const ANY_DAY = '2000-01-01'

type Output = Record<string, unknown>

function errorOutput(error: RuleViolation): Output {
  return { error: `${error.field}: ${error.reason}` }
}

/** Validates the vector input at the edge, then runs the rule on the typed value. */
function adapt<T>(parse: (raw: unknown) => Result<T>, run: (input: T, today: string) => Output | Result<Output>) {
  const handler: KindHandler = (input, today) => {
    const parsed = parse(input)
    if (!parsed.ok) return errorOutput(parsed.error)
    const out = run(parsed.value, today ?? ANY_DAY)
    if ('ok' in out && typeof out.ok === 'boolean') {
      const result = out as Result<Output>
      return result.ok ? result.value : errorOutput(result.error)
    }
    return out as Output
  }
  return handler
}

/** Conformance adapters for the tiering rules in @omic/domain: vector input → domain call → output object. */
export const tieringKinds: KindRegistry = {
  'tier.registrations': adapt(parseTierRegistrations, registrations => {
    const r = readRegistrations(registrations)
    return {
      rosh: r.rosh,
      mappaLevel: r.mappaLevel,
      mappaCategory: r.mappaCategory,
      complexityFactors: [...r.complexityFactors],
      hasIomNominal: r.hasIomNominal,
      hasLiferIpp: r.hasLiferIpp,
      hasDomesticAbuse: r.hasDomesticAbuse,
      hasStalking: r.hasStalking,
      hasChildProtection: r.hasChildProtection,
      unsupervised: r.unsupervised,
    }
  }),

  'tier.mandate': adapt(parseTierConvictions, convictions => ({ hasNoMandate: hasNoMandate(convictions) })),

  'tier.v2.needSeverity': adapt(
    raw => parseTieringInput(needSeverityInputSchema, raw),
    ({ section, answers, sanIndicator }) => {
      const need = needSeverity(section, answers, sanIndicator)
      return { score: need.score, severity: need.severity }
    },
  ),

  'tier.v2.womenFactors': adapt(parseWomenFactorsInput, input => ({ points: additionalFactorsForWomen(input).points })),

  'tier.v2': adapt(parseTierV2Input, input => {
    const v2 = calculateTierV2(input)
    return {
      protectLevel: v2.protectLevel,
      changeLevel: v2.changeLevel,
      tier: v2.tier,
      protectPoints: v2.protectPoints,
      changePoints: v2.changePoints,
      protectBreakdown: { ...v2.protectBreakdown },
    }
  }),

  'tier.v3': adapt(parseTierV3Input, (input, today) => {
    const v3 = calculateTierV3(input, today)
    if (!v3.ok) return v3
    return { ok: true, value: { tier: v3.value.tier, provisional: v3.value.provisional, steps: { ...v3.value.steps } } }
  }),

  'tier.v3.provisional': adapt(parseTierV3ProvisionalInput, input => ({
    provisional: isTierV3Provisional(input).provisional,
  })),
}
