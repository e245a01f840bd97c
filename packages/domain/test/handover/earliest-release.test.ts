import { describe, expect, it } from 'vitest'
import { type EarliestReleaseInput, earliestReleaseForHandover } from '../../src/handover'

const none: EarliestReleaseInput = {
  isIndeterminate: false,
  tariffDate: null,
  targetHearingDate: null,
  paroleEligibilityDate: null,
  conditionalReleaseDate: null,
  automaticReleaseDate: null,
  conditionalReleaseOverrideDate: null,
  automaticReleaseOverrideDate: null,
}
const isp = (o: Partial<EarliestReleaseInput>): EarliestReleaseInput => ({ ...none, isIndeterminate: true, ...o })
const det = (o: Partial<EarliestReleaseInput>): EarliestReleaseInput => ({ ...none, ...o })
const TODAY = '2026-01-15'

describe('earliest release date for handover (handover.md §b)', () => {
  it('ISP: TED when after today', () => {
    const r = earliestReleaseForHandover(isp({ tariffDate: '2026-02-05', targetHearingDate: '2026-01-29' }), TODAY)
    expect(r).toMatchObject({ date: '2026-02-05', type: 'TED', reason: 'isp_future_tariff' })
  })

  it('ISP: else THD when after today', () => {
    const r = earliestReleaseForHandover(isp({ tariffDate: '2026-01-01', targetHearingDate: '2026-01-29' }), TODAY)
    expect(r).toMatchObject({ date: '2026-01-29', type: 'THD', reason: 'isp_future_target_hearing' })
  })

  it('ISP: TED on today is not after today', () => {
    const r = earliestReleaseForHandover(isp({ tariffDate: TODAY, targetHearingDate: '2026-01-16' }), TODAY)
    expect(r).toMatchObject({ date: '2026-01-16', type: 'THD' })
  })

  it('ISP: else the one of TED/THD nearest to today, tie → TED', () => {
    expect(
      earliestReleaseForHandover(isp({ tariffDate: '2026-01-01', targetHearingDate: '2026-01-14' }), TODAY),
    ).toMatchObject({
      date: '2026-01-14',
      type: 'THD',
      reason: 'isp_nearest_to_today',
    })
    expect(
      earliestReleaseForHandover(isp({ tariffDate: '2026-01-01', targetHearingDate: '2026-01-01' }), TODAY),
    ).toMatchObject({
      type: 'TED',
    })
    expect(earliestReleaseForHandover(isp({ targetHearingDate: '2025-01-01' }), TODAY)).toMatchObject({
      date: '2025-01-01',
      type: 'THD',
    })
  })

  it('ISP: PED, CRD and ARD are ignored', () => {
    const r = earliestReleaseForHandover(
      isp({
        paroleEligibilityDate: '2026-02-01',
        conditionalReleaseDate: '2026-02-01',
        automaticReleaseDate: '2026-02-01',
      }),
      TODAY,
    )
    expect(r).toMatchObject({ date: null, type: null, reason: 'no_release_date' })
  })

  it('ISP needs today', () => {
    expect(() => earliestReleaseForHandover(isp({ tariffDate: '2026-02-05' }), null)).toThrow(RangeError)
  })

  it('determinate: PED when present, past or future, whatever the other dates', () => {
    const r = earliestReleaseForHandover(
      det({ paroleEligibilityDate: '2023-02-28', conditionalReleaseDate: '2022-01-01', tariffDate: '2021-01-01' }),
      null,
    )
    expect(r).toMatchObject({ date: '2023-02-28', type: 'PED', reason: 'determinate_parole_eligibility' })
  })

  it('determinate: else the earlier of ARD and CRD, tie → ARD', () => {
    expect(
      earliestReleaseForHandover(
        det({ automaticReleaseDate: '2023-02-28', conditionalReleaseDate: '2023-02-28' }),
        null,
      ),
    ).toMatchObject({
      date: '2023-02-28',
      type: 'ARD',
    })
    expect(
      earliestReleaseForHandover(
        det({ automaticReleaseDate: '2023-03-01', conditionalReleaseDate: '2023-02-28' }),
        null,
      ),
    ).toMatchObject({
      date: '2023-02-28',
      type: 'CRD',
      reason: 'determinate_earlier_of_ard_crd',
    })
  })

  it('determinate: TED and THD are ignored', () => {
    const r = earliestReleaseForHandover(det({ tariffDate: '2023-01-01', targetHearingDate: '2023-01-01' }), null)
    expect(r).toMatchObject({ date: null, type: null })
  })

  it('override dates replace CRD and ARD and keep their label', () => {
    const ard = earliestReleaseForHandover(
      det({ automaticReleaseDate: '2019-02-03', automaticReleaseOverrideDate: '2019-05-03' }),
      null,
    )
    expect(ard).toMatchObject({ date: '2019-05-03', type: 'ARD' })
    expect(ard.trace[0]?.explanation).toContain('ARD override 2019-05-03')
    const crd = earliestReleaseForHandover(
      det({
        conditionalReleaseDate: '2019-02-03',
        conditionalReleaseOverrideDate: '2019-05-03',
        automaticReleaseDate: '2019-04-01',
      }),
      null,
    )
    expect(crd).toMatchObject({ date: '2019-04-01', type: 'ARD' })
  })
})
