import { describe, expect, it } from 'vitest'
import { additionalInformation, type CaseRecord, caseStatus, earliestRelease, emptyCase } from '../../src/model'
import { RULES } from '../fakes/deps'
import { prisonerSnapshot } from '../fakes/events'

const TODAY = '2026-11-24'

function prisoner(over: Record<string, unknown> = {}, record: Partial<CaseRecord> = {}): CaseRecord {
  return {
    ...emptyCase('A1234BC'),
    prisoner: { value: prisonerSnapshot('A1234BC', 'LEI', over) as never, at: '2026-11-20T09:00:00Z' },
    prisonId: 'LEI',
    arrivedOn: '2026-11-20',
    prisonHistory: ['LEI'],
    ...record,
  }
}
const tiered = (tier: string, record: Partial<CaseRecord> = {}, over: Record<string, unknown> = {}) =>
  prisoner(over, {
    crn: 'X123456',
    tierV3: { value: { tier, calculationId: 'c' }, at: '2026-11-20T10:00:00Z' },
    ...record,
  })

describe('what a case’s facts mean for allocation', () => {
  it('puts a case with a CRN and a tier on the unallocated list, with the recommended POM type', () => {
    const s = caseStatus(tiered('A'), TODAY, RULES)
    expect(s).toMatchObject({ bucket: 'UNALLOCATED', tier: 'A', pomResponsible: true, responsibilityKnown: false })
    expect(s.recommendation).toMatchObject({ pomType: 'PROBATION', reason: 'tier_based' })
  })

  it('lists a case without a tier or CRN as missing information, saying what is missing', () => {
    expect(caseStatus(prisoner(), TODAY, RULES)).toMatchObject({
      bucket: 'MISSING_INFO',
      missing: ['probation record (CRN)', 'tier'],
    })
    // the RoSH strategy needs the RoSH level too
    expect(caseStatus(tiered('B'), TODAY, { ...RULES, strategy: 'rosh' })).toMatchObject({
      bucket: 'MISSING_INFO',
      missing: ['RoSH level'],
    })
  })

  it('reads the POM tier from v3 first, else the first letter of the v2 tier', () => {
    const v2only = prisoner({}, { tierV2: { value: { tier: 'C2', calculationId: 'c' }, at: 'x' } })
    expect(caseStatus(v2only, TODAY, RULES)).toMatchObject({ tier: 'C', wmtTier: 'C2' })
    const missing = tiered('MISSING', { tierV2: { value: { tier: 'B1', calculationId: 'c' }, at: 'x' } })
    expect(caseStatus(missing, TODAY, RULES).tier).toBe('B')
  })

  it('does not list people outside OMiC policy or not in a prison', () => {
    expect(caseStatus(tiered('A', {}, { legalStatus: 'REMAND' }), TODAY, RULES)).toMatchObject({
      bucket: null,
      policyReason: 'legal_status_not_allowed',
    })
    expect(caseStatus(tiered('A', {}, { dateOfBirth: '2010-01-01' }), TODAY, RULES).policyReason).toBe('under_18')
    expect(caseStatus(tiered('A', { prisonId: 'OUT' }), TODAY, RULES)).toMatchObject({ bucket: null, inPrison: false })
  })

  it('treats the POM as supporting once the COM is responsible', () => {
    const s = caseStatus(
      tiered('A', {
        handover: {
          value: {
            responsibility: 'Community',
            handoverStartDate: null,
            handoverDate: null,
            reason: 'determinate_short',
          },
          at: 'x',
        },
      }),
      TODAY,
      RULES,
    )
    expect(s).toMatchObject({ pomResponsible: false, responsibilityKnown: true })
    expect(s.recommendation).toMatchObject({ pomType: 'PRISON', reason: 'supporting_role' })
  })

  it('counts waiting from arrival, a later sentence start, or a later deallocation', () => {
    expect(caseStatus(tiered('A'), TODAY, RULES).waitingSince).toBe('2026-11-20')
    expect(caseStatus(tiered('A', {}, { sentenceStartDate: '2026-11-22' }), TODAY, RULES).waitingSince).toBe(
      '2026-11-22',
    )
    const deallocated = tiered('A', {
      allocation: { primary: null, coworking: null, lastDeallocatedAt: '2026-11-23T16:30:00Z', previousPrimary: null },
    })
    expect(caseStatus(deallocated, TODAY, RULES).waitingSince).toBe('2026-11-23')
  })

  it('says where the person has been before, and who their previous POM here was', () => {
    expect(additionalInformation(tiered('A'))).toEqual(['New to custody'])
    expect(additionalInformation(tiered('A', { prisonHistory: ['MDI', 'LEI'] }))).toEqual(['New to this prison'])
    expect(additionalInformation(tiered('A', { prisonHistory: ['LEI', 'MDI', 'LEI'] }, { recall: true }))).toEqual([
      'Recall',
      'Returning to this prison',
    ])
    const prev = {
      staffId: 1,
      name: 'Jane Doe',
      email: null,
      grade: 'PO' as const,
      prisonId: 'LEI',
      allocatedAt: 'x',
      allocatedBy: null,
      until: 'y',
    }
    expect(
      additionalInformation(
        tiered('A', { allocation: { primary: null, coworking: null, lastDeallocatedAt: 'y', previousPrimary: prev } }),
      ),
    ).toEqual(['Previously allocated to Jane Doe'])
  })

  it('shows the earliest release date and its type', () => {
    expect(earliestRelease(tiered('A', {}, { paroleEligibilityDate: '2027-06-01' }))).toEqual({
      type: 'PED',
      date: '2027-06-01',
    })
    expect(earliestRelease(tiered('A'))).toEqual({ type: 'CRD', date: '2029-03-01' })
  })
})
