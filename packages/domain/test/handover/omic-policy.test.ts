import { describe, expect, it } from 'vitest'
import { type OmicPolicyInput, omicPolicy } from '../../src/handover'

const TODAY = '2026-01-15'
const adult: OmicPolicyInput = {
  dateOfBirth: '1990-05-01',
  legalStatus: 'SENTENCED',
  imprisonmentStatus: 'SENT03',
  sentenceStartDate: '2025-01-01',
  releaseDate: '2027-01-01',
  paroleEligibilityDate: null,
  homeDetentionCurfewEligibilityDate: null,
  tariffDate: null,
  isIndeterminate: false,
}

describe('OMiC policy gate (handover.md §a)', () => {
  it('a sentenced adult is in policy', () => {
    const r = omicPolicy(adult, TODAY)
    expect(r).toMatchObject({ inPolicy: true, reason: 'in_policy' })
    expect(r.trace.map(s => s.rule)).toEqual([
      'omic.policy.legalStatus',
      'omic.policy.criminalSentence',
      'omic.policy.age',
      'omic.policy.sentencedOrImmigration',
    ])
  })

  it('legal status must be SENTENCED, INDETERMINATE_SENTENCE, RECALL or IMMIGRATION_DETAINEE', () => {
    for (const legalStatus of ['SENTENCED', 'INDETERMINATE_SENTENCE', 'RECALL', 'IMMIGRATION_DETAINEE']) {
      expect(omicPolicy({ ...adult, legalStatus }, TODAY).inPolicy).toBe(true)
    }
    for (const legalStatus of ['REMAND', 'CIVIL_PRISONER', 'UNKNOWN', 'CONVICTED_UNSENTENCED']) {
      expect(omicPolicy({ ...adult, legalStatus }, TODAY)).toMatchObject({
        inPolicy: false,
        reason: 'legal_status_not_allowed',
      })
    }
  })

  it('civil sentences, including fine-default custody, are outside policy', () => {
    for (const status of [
      'A/FINE',
      'A_FINE',
      'A_CFINE',
      'CIVIL',
      'CIVIL_CON',
      'CIVIL_DT',
      'CIV_RMD',
      'YOC_CONT',
      'YO_CFINE',
    ]) {
      expect(omicPolicy({ ...adult, imprisonmentStatus: status }, TODAY)).toMatchObject({
        inPolicy: false,
        reason: 'civil_sentence',
      })
    }
  })

  it('a missing imprisonment status is an unknown criminal sentence', () => {
    const r = omicPolicy({ ...adult, imprisonmentStatus: null }, TODAY)
    expect(r.inPolicy).toBe(true)
    expect(r.trace[1]?.explanation).toContain('UNK_SENT')
  })

  it('aged 18 or over: the 18th birthday counts', () => {
    expect(omicPolicy({ ...adult, dateOfBirth: '2008-01-15' }, TODAY).inPolicy).toBe(true)
    expect(omicPolicy({ ...adult, dateOfBirth: '2008-01-16' }, TODAY)).toMatchObject({
      inPolicy: false,
      reason: 'under_18',
    })
  })

  it('sentenced = start date and a release, parole, HDC or tariff date, or indeterminate', () => {
    const bare = { ...adult, releaseDate: null }
    expect(omicPolicy(bare, TODAY)).toMatchObject({ inPolicy: false, reason: 'not_sentenced' })
    expect(omicPolicy({ ...bare, paroleEligibilityDate: '2026-06-01' }, TODAY).inPolicy).toBe(true)
    expect(omicPolicy({ ...bare, homeDetentionCurfewEligibilityDate: '2026-06-01' }, TODAY).inPolicy).toBe(true)
    expect(omicPolicy({ ...bare, tariffDate: '2030-06-01' }, TODAY).inPolicy).toBe(true)
    expect(omicPolicy({ ...bare, isIndeterminate: true }, TODAY).inPolicy).toBe(true)
    expect(omicPolicy({ ...adult, sentenceStartDate: null }, TODAY).inPolicy).toBe(false)
  })

  it('an immigration detainee (DET) is in policy even with no sentence', () => {
    const r = omicPolicy(
      {
        ...adult,
        legalStatus: 'IMMIGRATION_DETAINEE',
        imprisonmentStatus: 'DET',
        sentenceStartDate: null,
        releaseDate: null,
      },
      TODAY,
    )
    expect(r).toMatchObject({ inPolicy: true, reason: 'in_policy' })
  })
})
