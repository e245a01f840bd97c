import { describe, expect, it } from 'vitest'
import { ANCHOR_HANDOVER_OPTIONS, handoverCase } from '../../src/handover'
import { aCase, anIsp } from './fixtures'

const TODAY = '2026-01-15'

describe('handover case — special cases, first match wins (handover.md §c.1)', () => {
  it('1. ISP with an additional future ISP: CustodyOnly, no dates', () => {
    const r = handoverCase(anIsp({ tariffDate: '2027-01-01', hasAdditionalFutureIsp: true, isRecall: true }), TODAY)
    expect(r).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverDate: null,
      handoverStartDate: null,
      reason: 'additional_isp',
    })
  })

  it('2. recalled ISP, THD more than 12 months away, MAPPA unknown/0/1: CustodyWithCom', () => {
    for (const mappaLevel of [null, 0, 1] as const) {
      const r = handoverCase(anIsp({ isRecall: true, targetHearingDate: '2027-03-01', mappaLevel }), TODAY)
      expect(r).toMatchObject({ responsibility: 'CustodyWithCom', reason: 'recall_thd_over_12_months' })
    }
  })

  it('3. ISP, THD more than 12 months away, parole not release, MAPPA 2/3: Community', () => {
    for (const mappaLevel of [2, 3] as const) {
      const r = handoverCase(
        anIsp({ targetHearingDate: '2027-03-01', lastParoleOutcome: 'not_release', mappaLevel }),
        TODAY,
      )
      expect(r).toMatchObject({ responsibility: 'Community', handoverDate: null, reason: 'parole_mappa_2_3' })
    }
  })

  it('3. a recalled ISP with MAPPA 2 falls through rule 2 to rule 3', () => {
    const r = handoverCase(
      anIsp({ isRecall: true, targetHearingDate: '2027-06-01', lastParoleOutcome: 'not_release', mappaLevel: 2 }),
      TODAY,
    )
    expect(r.reason).toBe('parole_mappa_2_3')
  })

  it('4. ISP, THD more than 12 months away, parole not release: CustodyWithCom', () => {
    const r = handoverCase(anIsp({ targetHearingDate: '2027-03-01', lastParoleOutcome: 'not_release' }), TODAY)
    expect(r).toMatchObject({ responsibility: 'CustodyWithCom', reason: 'thd_over_12_months' })
  })

  it('"THD more than 12 months away" is strictly after today + 12 months', () => {
    const atLimit = handoverCase(
      anIsp({ targetHearingDate: '2027-01-15', lastParoleOutcome: 'not_release', mappaLevel: 1 }),
      TODAY,
    )
    expect(atLimit.reason).toBe('indeterminate')
    const dayAfter = handoverCase(
      anIsp({ targetHearingDate: '2027-01-16', lastParoleOutcome: 'not_release', mappaLevel: 1 }),
      TODAY,
    )
    expect(dayAfter.reason).toBe('thd_over_12_months')
  })

  it('no completed parole review: a far THD does not stop the general rules', () => {
    const r = handoverCase(anIsp({ targetHearingDate: '2030-01-01' }), TODAY)
    expect(r).toMatchObject({ reason: 'indeterminate', handoverDate: '2029-01-01', responsibility: 'CustodyOnly' })
  })

  it('5. recalled (any sentence type): Community, no dates', () => {
    expect(handoverCase(aCase({ isRecall: true, conditionalReleaseDate: '2027-01-01' }), TODAY)).toMatchObject({
      responsibility: 'Community',
      handoverDate: null,
      reason: 'recall_case',
    })
    const ispRecall = anIsp({
      isRecall: true,
      targetHearingDate: '2027-06-01',
      lastParoleOutcome: 'release',
      mappaLevel: 2,
    })
    expect(handoverCase(ispRecall, TODAY).reason).toBe('recall_case')
  })

  it('6. immigration case (DET): Community, no dates', () => {
    expect(
      handoverCase(aCase({ imprisonmentStatus: 'DET', conditionalReleaseDate: '2027-01-01' }), TODAY),
    ).toMatchObject({
      responsibility: 'Community',
      reason: 'immigration_case',
    })
  })

  it('7. no earliest release date: CustodyOnly, release_date_unknown', () => {
    expect(handoverCase(aCase({ tariffDate: '2030-01-01' }), TODAY)).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverDate: null,
      reason: 'release_date_unknown',
    })
    expect(handoverCase(anIsp(), TODAY).reason).toBe('release_date_unknown')
  })
})

describe('handover case — general rules and responsibility (handover.md §c.2–§c.4)', () => {
  it('determinate: ERD − 8 months − 14 days, CustodyOnly until then', () => {
    const r = handoverCase(aCase({ conditionalReleaseDate: '2026-12-31' }), TODAY)
    expect(r).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverDate: '2026-04-16',
      handoverStartDate: '2026-04-16',
      reason: 'determinate',
      earliestRelease: { date: '2026-12-31', type: 'CRD' },
    })
  })

  it('determinate short: Community immediately', () => {
    const r = handoverCase(aCase({ sentenceStartDate: '2025-12-01', conditionalReleaseDate: '2026-08-01' }), TODAY)
    expect(r).toMatchObject({ responsibility: 'Community', handoverDate: null, reason: 'determinate_short' })
  })

  it('early allocation beats the short-sentence rule', () => {
    const r = handoverCase(
      aCase({ sentenceStartDate: '2025-09-01', conditionalReleaseDate: '2026-06-01', earlyAllocationActive: true }),
      TODAY,
    )
    expect(r).toMatchObject({ responsibility: 'Community', handoverDate: '2025-03-01', reason: 'early_allocation' })
  })

  it('determinate parole: PED − 12 months', () => {
    const r = handoverCase(aCase({ paroleEligibilityDate: '2027-06-01', conditionalReleaseDate: '2028-06-01' }), TODAY)
    expect(r).toMatchObject({ handoverDate: '2026-06-01', reason: 'determinate_parole', responsibility: 'CustodyOnly' })
  })

  it("ISP in a women's prison, category T: start = category-active date, POM with COM supporting", () => {
    const r = handoverCase(
      anIsp({
        tariffDate: '2027-06-30',
        prisonId: 'ESI',
        inWomensPrison: true,
        category: 'T',
        categoryActiveSinceDate: '2025-12-01',
        prisonArrivalDate: '2024-05-01',
      }),
      TODAY,
    )
    expect(r).toMatchObject({
      responsibility: 'CustodyWithCom',
      handoverDate: '2026-06-30',
      handoverStartDate: '2025-12-01',
      reason: 'indeterminate_open',
      inOpenConditions: true,
      openPrisonRulesApply: true,
    })
  })

  it("ISP in a men's open prison before 2021-03-31: open label, no early start (anchor quirk, kept)", () => {
    const r = handoverCase(
      anIsp({ tariffDate: '2027-06-30', prisonId: 'HDI', isOpenPrison: true, prisonArrivalDate: '2021-03-01' }),
      TODAY,
    )
    expect(r).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverStartDate: '2026-06-30',
      reason: 'indeterminate_open',
      openPrisonRulesApply: false,
    })
  })

  it('the trace names the ERD, the open-conditions check, the date rule and the responsibility', () => {
    const r = handoverCase(aCase({ conditionalReleaseDate: '2026-12-31' }), TODAY)
    const rules = r.trace.map(s => s.rule)
    expect(rules[0]).toBe('handover.earliestRelease.determinate_earlier_of_ard_crd')
    expect(rules).toContain('handover.openConditions.not_open')
    expect(rules).toContain('handover.dates.determinate')
    expect(rules.at(-1)).toBe('handover.responsibility.before_start_date')
    expect(r.trace.map(s => s.explanation).join('\n')).toContain('2026-04-16')
  })

  it('special cases explain which rule decided', () => {
    const r = handoverCase(aCase({ isRecall: true }), TODAY)
    expect(r.trace).toHaveLength(1)
    expect(r.trace[0]).toMatchObject({ rule: 'handover.case.recall_case' })
    expect(r.trace[0]?.explanation).toBe('recalled: Community, no handover dates')
  })

  it('anchor options and default options agree when the extension does not apply', () => {
    const input = anIsp({ tariffDate: '2027-06-30' })
    const { trace: _a, ...withDefault } = handoverCase(input, TODAY)
    const { trace: _b, ...withAnchor } = handoverCase(input, TODAY, ANCHOR_HANDOVER_OPTIONS)
    expect(withDefault).toEqual(withAnchor)
  })
})
