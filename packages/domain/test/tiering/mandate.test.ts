import { describe, expect, it } from 'vitest'
import { hasNoMandate, type TierConviction } from '../../src/tiering'

const conviction = (
  sentenceTypeCode: string,
  requirements: [string, boolean][] = [],
  terminationDate: string | null = null,
): TierConviction => ({
  sentenceTypeCode,
  terminationDate,
  requirements: requirements.map(([mainCategoryTypeCode, restrictive]) => ({ mainCategoryTypeCode, restrictive })),
})

describe('mandate for change (hasNoMandate)', () => {
  it('no convictions: no mandate', () => expect(hasNoMandate([])).toBe(true))
  it('current custodial NC or SC: mandate', () => {
    expect(hasNoMandate([conviction('NC')])).toBe(false)
    expect(hasNoMandate([conviction('SC')])).toBe(false)
  })
  it('terminated custodial only: no mandate', () =>
    expect(hasNoMandate([conviction('NC', [], '2024-01-01')])).toBe(true))
  it('current non-restrictive requirement: mandate', () =>
    expect(hasNoMandate([conviction('SP', [['F', false]])])).toBe(false))
  it('only restrictive requirements: no mandate', () =>
    expect(hasNoMandate([conviction('SP', [['X', true]])])).toBe(true))
  it('unpaid work (W) and order extended (W1) never give a mandate', () =>
    expect(
      hasNoMandate([
        conviction('SP', [
          ['W', false],
          ['W1', false],
        ]),
      ]),
    ).toBe(true))
  it('a terminated conviction’s requirements do not count', () =>
    expect(hasNoMandate([conviction('SP', [['F', false]], '2024-01-01'), conviction('SP')])).toBe(true))
  it('any current conviction with a mandate is enough', () =>
    expect(hasNoMandate([conviction('SP', [['X', true]]), conviction('SP', [['RM38', false]])])).toBe(false))
})
