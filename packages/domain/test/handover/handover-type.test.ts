import { describe, expect, it } from 'vitest'
import { handoverType } from '../../src/handover'

describe('handover type (handover.md §c.6)', () => {
  it('no case information or no stored calculation: missing', () => {
    expect(
      handoverType({ hasCaseInformation: false, enhancedResourcing: true, calculatedReason: 'determinate' }),
    ).toMatchObject({
      handoverType: 'missing',
      reason: 'missing',
    })
    expect(
      handoverType({ hasCaseInformation: true, enhancedResourcing: true, calculatedReason: null }).handoverType,
    ).toBe('missing')
  })

  it('determinate_short: none, even with enhanced resourcing', () => {
    expect(
      handoverType({ hasCaseInformation: true, enhancedResourcing: true, calculatedReason: 'determinate_short' })
        .handoverType,
    ).toBe('none')
  })

  it('enhanced resourcing true or unknown: enhanced', () => {
    for (const enhancedResourcing of [true, null]) {
      expect(
        handoverType({ hasCaseInformation: true, enhancedResourcing, calculatedReason: 'determinate' }).handoverType,
      ).toBe('enhanced')
    }
  })

  it('enhanced resourcing false: standard', () => {
    const r = handoverType({
      hasCaseInformation: true,
      enhancedResourcing: false,
      calculatedReason: 'early_allocation',
    })
    expect(r.handoverType).toBe('standard')
    expect(r.trace[0]?.explanation).toBe('standard resourcing: standard handover')
  })
})
