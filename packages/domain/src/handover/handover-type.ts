/** Handover type, which picks checklist tasks and email wording (handover.md §c.6; CONFORMANCE.md §5.1). */
import { z } from 'zod'
import { HANDOVER_REASON, type HandoverExplained } from './types'

export const HANDOVER_TYPE = { enhanced: 'enhanced', standard: 'standard', none: 'none', missing: 'missing' } as const
export type HandoverType = (typeof HANDOVER_TYPE)[keyof typeof HANDOVER_TYPE]

export const handoverTypeInputSchema = z.object({
  hasCaseInformation: z.boolean(),
  /** From nDelius `resourcing == 'ENHANCED'`; `null` = unknown. */
  enhancedResourcing: z.boolean().nullable().default(null),
  /** Reason of the stored handover calculation; `null` = none stored. */
  calculatedReason: z.string().nullable().default(null),
})
export type HandoverTypeInput = z.output<typeof handoverTypeInputSchema>

export interface HandoverTypeResult extends HandoverExplained<HandoverType> {
  handoverType: HandoverType
}

/**
 * No case information or no stored calculation → missing; reason `determinate_short` → none; enhanced resourcing
 * null or true → enhanced; false → standard.
 */
export function handoverType(input: HandoverTypeInput): HandoverTypeResult {
  const out = (handoverType: HandoverType, explanation: string): HandoverTypeResult => ({
    handoverType,
    reason: handoverType,
    trace: [{ rule: `handover.type.${handoverType}`, explanation, inputs: { ...input } }],
  })
  if (!input.hasCaseInformation) return out(HANDOVER_TYPE.missing, 'no case information from nDelius: missing')
  if (input.calculatedReason === null) return out(HANDOVER_TYPE.missing, 'no stored handover calculation: missing')
  if (input.calculatedReason === HANDOVER_REASON.determinateShort) {
    return out(HANDOVER_TYPE.none, 'determinate sentence of 10 months or less: no handover')
  }
  if (input.enhancedResourcing === false) return out(HANDOVER_TYPE.standard, 'standard resourcing: standard handover')
  return out(
    HANDOVER_TYPE.enhanced,
    input.enhancedResourcing === null
      ? 'resourcing unknown: treated as enhanced'
      : 'enhanced resourcing: enhanced handover',
  )
}
