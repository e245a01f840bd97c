import { describe, expect, it } from 'vitest'
import { additionalFutureIsp } from '../../src/handover'

describe('additional future ISP (handover.md §c.1 rule 1)', () => {
  it('two ISPs, the last starting after the first: an additional future ISP', () => {
    const r = additionalFutureIsp({
      sentences: [
        { isIndeterminate: true, sentenceStartDate: '2024-01-15' },
        { isIndeterminate: false, sentenceStartDate: '2024-06-01' },
        { isIndeterminate: true, sentenceStartDate: '2025-01-15' },
      ],
    })
    expect(r).toMatchObject({ hasAdditionalFutureIsp: true, reason: 'additional_future_isp' })
  })

  it('two ISPs with the same start date: not additional', () => {
    const same = { isIndeterminate: true, sentenceStartDate: '2025-01-15' }
    expect(additionalFutureIsp({ sentences: [same, same] }).hasAdditionalFutureIsp).toBe(false)
  })

  it('one ISP and determinate sentences: not additional', () => {
    const r = additionalFutureIsp({
      sentences: [
        { isIndeterminate: true, sentenceStartDate: '2020-01-01' },
        { isIndeterminate: false, sentenceStartDate: '2025-01-15' },
      ],
    })
    expect(r.hasAdditionalFutureIsp).toBe(false)
    expect(r.trace[0]?.explanation).toContain('1 indeterminate sentence')
  })
})
