import { describe, expect, it } from 'vitest'
import { ANCHOR_HANDOVER_OPTIONS, DEFAULT_HANDOVER_OPTIONS, handoverCase } from '../../src/handover'
import { aCase, anIsp } from './fixtures'

const TODAY = '2026-01-15'
/** A determinate parole case: PED passed, parole refused, next hearing 2027-06-01, CRD 2028-06-01. */
const refused = aCase({
  sentenceStartDate: '2020-01-01',
  paroleEligibilityDate: '2025-06-01',
  conditionalReleaseDate: '2028-06-01',
  targetHearingDate: '2027-06-01',
  lastParoleOutcome: 'not_release',
})

describe('our extension: determinate parole refusal returns the case to custody until the next review (seed 000)', () => {
  it('is on by default in the service', () => {
    expect(DEFAULT_HANDOVER_OPTIONS.determinateParoleRefusalExtension).toBe(true)
    expect(ANCHOR_HANDOVER_OPTIONS.determinateParoleRefusalExtension).toBe(false)
  })

  it('anchor: ERD stays the past PED, so the COM stays responsible', () => {
    const r = handoverCase(refused, TODAY, ANCHOR_HANDOVER_OPTIONS)
    expect(r).toMatchObject({
      responsibility: 'Community',
      handoverDate: '2024-06-01',
      reason: 'determinate_parole',
      earliestRelease: { date: '2025-06-01', type: 'PED' },
    })
  })

  it('extension: ERD = next target hearing date when earlier than CRD/ARD, back to the POM', () => {
    const r = handoverCase(refused, TODAY)
    expect(r).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverDate: '2026-06-01',
      handoverStartDate: '2026-06-01',
      reason: 'determinate_parole',
      earliestRelease: { date: '2027-06-01', type: 'THD' },
    })
    const step = r.trace.find(s => s.rule === 'handover.earliestRelease.determinateParoleRefusal')
    expect(step?.explanation).toContain('our extension')
    expect(step?.explanation).toContain('THD 2027-06-01')
  })

  it('extension: CRD/ARD when earlier than the next hearing (override dates applied)', () => {
    const r = handoverCase(
      { ...refused, automaticReleaseDate: '2027-01-01', automaticReleaseOverrideDate: '2027-03-01' },
      TODAY,
    )
    expect(r.earliestRelease).toEqual({ date: '2027-03-01', type: 'ARD' })
    expect(r.handoverDate).toBe('2026-03-01')
  })

  it('extension: a target hearing date on or before today is not the next review', () => {
    const r = handoverCase({ ...refused, targetHearingDate: TODAY }, TODAY)
    expect(r.earliestRelease).toEqual({ date: '2028-06-01', type: 'CRD' })
    expect(r).toMatchObject({ handoverDate: '2027-06-01', responsibility: 'CustodyOnly' })
  })

  it('extension: nothing to use (no future hearing, no CRD/ARD) keeps the PED', () => {
    const r = handoverCase({ ...refused, conditionalReleaseDate: null, targetHearingDate: null }, TODAY)
    expect(r.earliestRelease).toEqual({ date: '2025-06-01', type: 'PED' })
    expect(r.trace.some(s => s.rule === 'handover.earliestRelease.determinateParoleRefusal.notApplied')).toBe(true)
  })

  it('does not touch a released-on-parole outcome, an ISP, or a recall', () => {
    const release = { ...refused, lastParoleOutcome: 'release' as const }
    expect(handoverCase(release, TODAY).earliestRelease).toEqual({ date: '2025-06-01', type: 'PED' })
    const isp = anIsp({ tariffDate: '2025-06-01', targetHearingDate: '2026-09-01', lastParoleOutcome: 'not_release' })
    expect(handoverCase(isp, TODAY)).toEqual(handoverCase(isp, TODAY, ANCHOR_HANDOVER_OPTIONS))
    expect(handoverCase({ ...refused, isRecall: true }, TODAY).reason).toBe('recall_case')
  })
})
