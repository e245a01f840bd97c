import { describe, expect, it } from 'vitest'
import { type OpenConditionsInput, openConditions, prisonEstate } from '../../src/handover'

const closed: OpenConditionsInput = {
  prisonId: 'LEI',
  inWomensPrison: false,
  isOpenPrison: false,
  prisonArrivalDate: '2024-01-01',
  category: null,
  probationService: 'England',
}
const at = (prisonId: string, o: Partial<OpenConditionsInput> = {}) =>
  openConditions({ ...closed, prisonId, ...prisonEstate(prisonId), ...o })

describe('prison estate', () => {
  it("knows the women's prisons and the men's open estate", () => {
    expect(prisonEstate('ESI')).toEqual({ inWomensPrison: true, isOpenPrison: false })
    expect(prisonEstate('HDI')).toEqual({ inWomensPrison: false, isOpenPrison: true })
    expect(prisonEstate('UPI')).toEqual({ inWomensPrison: false, isOpenPrison: true })
    expect(prisonEstate('LEI')).toEqual({ inWomensPrison: false, isOpenPrison: false })
  })
})

describe('ISP open-conditions start date rules (handover.md §c.3)', () => {
  it("men's open estate from 2021-03-31: open-prison rules apply", () => {
    expect(at('HDI', { prisonArrivalDate: '2021-03-31' })).toMatchObject({
      inOpenConditions: true,
      openPrisonRulesApply: true,
      reason: 'mens_open_estate',
    })
  })

  it("men's open prison arrival before 2021-03-31: open conditions, but the rules do not apply", () => {
    const r = at('HDI', { prisonArrivalDate: '2021-03-30' })
    expect(r).toMatchObject({ inOpenConditions: true, openPrisonRulesApply: false, reason: 'not_open' })
    expect(r.trace[0]?.explanation).toContain('before 2021-03-31')
  })

  it("women's prison in category T: open, no date condition", () => {
    expect(at('ESI', { category: 'T', prisonArrivalDate: '2015-01-01' })).toMatchObject({
      inOpenConditions: true,
      openPrisonRulesApply: true,
      reason: 'womens_category_t',
    })
    expect(at('ESI', { category: 'R' })).toMatchObject({ inOpenConditions: false, openPrisonRulesApply: false })
  })

  it('HMP Prescoed (UPI) Welsh pilot: Welsh arrivals from 2020-10-19', () => {
    expect(at('UPI', { prisonArrivalDate: '2020-10-19', probationService: 'Wales' })).toMatchObject({
      openPrisonRulesApply: true,
      reason: 'prescoed_pilot',
    })
    expect(at('UPI', { prisonArrivalDate: '2020-10-18', probationService: 'Wales' }).openPrisonRulesApply).toBe(false)
    expect(at('UPI', { prisonArrivalDate: '2020-11-01', probationService: 'England' }).openPrisonRulesApply).toBe(false)
    expect(at('UPI', { prisonArrivalDate: '2021-04-01', probationService: 'England' }).reason).toBe('mens_open_estate')
  })

  it('a closed prison is not open conditions', () => {
    expect(at('LEI')).toMatchObject({ inOpenConditions: false, openPrisonRulesApply: false, reason: 'not_open' })
  })
})
