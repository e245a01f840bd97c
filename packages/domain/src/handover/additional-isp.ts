/** Sentenced to an additional future ISP (handover.md §c.1 rule 1; CONFORMANCE.md §5.1 handover.additionalIsp). */
import { z } from 'zod'
import { isAfter, isoDateSchema } from '../shared/dates'
import type { HandoverExplained } from './types'

export const additionalIspInputSchema = z.object({
  /** Sentence sequences (grouped by court case) in booking order. */
  sentences: z.array(z.object({ isIndeterminate: z.boolean(), sentenceStartDate: isoDateSchema })),
})
export type AdditionalIspInput = z.output<typeof additionalIspInputSchema>

export interface AdditionalIspResult extends HandoverExplained<'additional_future_isp' | 'no_additional_future_isp'> {
  hasAdditionalFutureIsp: boolean
}

/** At least two indeterminate sentences and the last one starts after the first one. */
export function additionalFutureIsp(input: AdditionalIspInput): AdditionalIspResult {
  const isps = input.sentences.filter(s => s.isIndeterminate)
  const first = isps[0]
  const last = isps[isps.length - 1]
  const has =
    isps.length >= 2 &&
    first !== undefined &&
    last !== undefined &&
    isAfter(last.sentenceStartDate, first.sentenceStartDate)
  const explanation =
    isps.length < 2
      ? `${isps.length} indeterminate sentence${isps.length === 1 ? '' : 's'}: no additional ISP`
      : has
        ? `${isps.length} indeterminate sentences; the last starts ${last?.sentenceStartDate}, after the first (${first?.sentenceStartDate}): an additional future ISP`
        : `${isps.length} indeterminate sentences, but the last starts ${last?.sentenceStartDate}, not after the first (${first?.sentenceStartDate}): no additional ISP`
  return {
    hasAdditionalFutureIsp: has,
    reason: has ? 'additional_future_isp' : 'no_additional_future_isp',
    trace: [
      {
        rule: 'handover.additionalIsp',
        explanation,
        inputs: { indeterminateStartDates: isps.map(s => s.sentenceStartDate) },
      },
    ],
  }
}
