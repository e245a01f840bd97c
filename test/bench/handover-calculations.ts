/**
 * The calculation the handover benchmark times, in a module of its own so the benchmark can bundle it with esbuild
 * exactly as the Lambda functions are bundled (no `keepNames` helpers, which tsx adds around every function).
 */
import {
  DEFAULT_HANDOVER_OPTIONS,
  type HandoverCaseInput,
  handoverCase,
  type IsoDate,
  type OmicPolicyInput,
  omicPolicy,
} from '@omic/domain'

export interface PreparedCase {
  policy: OmicPolicyInput
  input: HandoverCaseInput | null
}

/** Policy gate, then the whole-case rules (with reasons and traces); returns how many are COM-responsible. */
export function calculateAll(cases: readonly PreparedCase[], today: IsoDate): number {
  let community = 0
  for (const { policy, input } of cases) {
    if (!omicPolicy(policy, today).inPolicy || input === null) continue
    if (handoverCase(input, today, DEFAULT_HANDOVER_OPTIONS).responsibility === 'Community') community++
  }
  return community
}
