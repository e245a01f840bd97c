import { paroleReviewSnapshotSchema } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { hasAdditionalFutureIsp, paroleFacts } from '../../src/model/case-input'
import { prisoner } from '../support/builders'

const review = (r: Record<string, unknown>) => paroleReviewSnapshotSchema.parse(r)

describe('parole facts from the parole reviews', () => {
  it('takes the THD of the latest review of this sentence, even if incomplete', () => {
    const facts = paroleFacts(
      [
        review({ reviewId: 1, targetHearingDate: '2027-01-01', hearingOutcome: 'Not released' }),
        review({ reviewId: 2, targetHearingDate: '2028-03-01' }),
        review({ reviewId: 3, targetHearingDate: '2019-01-01', hearingOutcome: 'Release' }),
      ],
      '2020-01-01',
    )
    expect(facts.targetHearingDate).toBe('2028-03-01')
    // the last completed review of this sentence refused release; the 2019 one belongs to an earlier sentence
    expect(facts.lastParoleOutcome).toBe('not_release')
  })

  it('reads "Release …" as release; Not Applicable without a received date is not completed', () => {
    expect(
      paroleFacts([review({ reviewId: 'a', targetHearingDate: '2027-01-01', hearingOutcome: 'Release [*]' })], null)
        .lastParoleOutcome,
    ).toBe('release')
    expect(
      paroleFacts([review({ reviewId: 'a', targetHearingDate: '2027-01-01', hearingOutcome: 'Not Applicable' })], null)
        .lastParoleOutcome,
    ).toBeNull()
    expect(
      paroleFacts(
        [
          review({
            reviewId: 'a',
            targetHearingDate: '2027-01-01',
            hearingOutcome: 'Not Applicable',
            hearingOutcomeReceivedDate: '2027-01-05',
          }),
        ],
        null,
      ).lastParoleOutcome,
    ).toBe('not_release')
  })

  it('ignores reviews with neither a THD nor a custody report due date', () => {
    const facts = paroleFacts([review({ reviewId: 9, hearingOutcome: 'Not released' })], null)
    expect(facts).toMatchObject({ targetHearingDate: null, lastParoleOutcome: null })
  })
})

describe('additional future ISP from the sentences', () => {
  it('groups terms by court case; two ISP cases, the later starting after the first → true', () => {
    const p = prisoner({
      sentences: [
        { caseId: 1, sentenceType: 'LIFE', startDate: '2010-01-01', isIndeterminate: true },
        { caseId: 1, sentenceType: 'SEC250', startDate: '2010-01-01', isIndeterminate: false },
        { caseId: 2, sentenceType: 'IPP', startDate: '2015-05-05', isIndeterminate: true },
      ],
    })
    expect(hasAdditionalFutureIsp(p)).toBe(true)
  })

  it('one ISP case with several terms → false', () => {
    const p = prisoner({
      sentences: [
        { caseId: 'A', sentenceType: 'LIFE', startDate: '2010-01-01', isIndeterminate: true },
        { caseId: 'A', sentenceType: 'LIFE', startDate: '2012-01-01', isIndeterminate: true },
      ],
    })
    expect(hasAdditionalFutureIsp(p)).toBe(false)
  })
})
