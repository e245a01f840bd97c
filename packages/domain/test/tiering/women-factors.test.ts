import { describe, expect, it } from 'vitest'
import { additionalFactorsForWomen } from '../../src/tiering'

const answers = (
  parentalResponsibilities: 'Yes' | 'No' | null,
  impulsivity: 'None' | 'Some' | 'Significant' | null,
  temperControl: 'None' | 'Some' | 'Significant' | null,
) => ({ parentalResponsibilities, impulsivity, temperControl })

describe('additional factors for women (additionalFactorsForWomen)', () => {
  it('men: always 0', () => {
    expect(
      additionalFactorsForWomen({
        isFemale: false,
        previousEnforcementActivity: true,
        assessment: answers('Yes', 'Significant', 'Some'),
      }).points,
    ).toBe(0)
  })

  it('no assessment, no enforcement: 0; enforcement alone: 2', () => {
    expect(
      additionalFactorsForWomen({ isFemale: true, previousEnforcementActivity: false, assessment: null }).points,
    ).toBe(0)
    expect(
      additionalFactorsForWomen({ isFemale: true, previousEnforcementActivity: true, assessment: null }).points,
    ).toBe(2)
  })

  it('impulsivity and temper control count once together', () => {
    const f = (a: ReturnType<typeof answers>) =>
      additionalFactorsForWomen({ isFemale: true, previousEnforcementActivity: false, assessment: a }).points
    expect(f(answers(null, 'Significant', 'Some'))).toBe(2)
    expect(f(answers(null, 'Some', null))).toBe(2)
    expect(f(answers(null, null, 'Significant'))).toBe(2)
    expect(f(answers(null, 'None', 'None'))).toBe(0)
    expect(f(answers('No', null, null))).toBe(0)
    expect(f(answers('Yes', 'Some', null))).toBe(4)
  })

  it('maximum 6 with every factor', () => {
    const r = additionalFactorsForWomen({
      isFemale: true,
      previousEnforcementActivity: true,
      assessment: answers('Yes', 'Some', 'Significant'),
    })
    expect(r).toEqual({
      points: 6,
      parentalResponsibilities: true,
      selfControl: true,
      previousEnforcementActivity: true,
    })
  })
})
