import { describe, expect, it } from 'vitest'
import { applyCom, applyPrisoner, applyProbation, mergeRecords } from '../../src/model/apply-event'
import { emptyCase } from '../../src/model/records'
import { aCase, prisoner, probation } from '../support/builders'

describe('applying facts', () => {
  it('never lets an older snapshot overwrite a newer one (by occurredAt)', () => {
    const record = aCase(prisoner({ prisonId: 'MDI' }), {}, '2026-02-01T10:00:00Z')
    expect(applyPrisoner(record, prisoner({ prisonId: 'LEI' }), '2026-01-31T10:00:00+00:00')).toBe('stale')
    expect(record.prisoner?.snapshot.prisonId).toBe('MDI')
    // the same instant in another offset is not older
    expect(applyPrisoner(record, prisoner({ prisonId: 'LEI' }), '2026-02-01T11:00:00+01:00')).toBe('applied')
    expect(applyPrisoner(record, undefined, '2026-03-01T00:00:00Z')).toBe('thin')
  })

  it('keeps the previous enhanced-resourcing value when nDelius sends a blank one', () => {
    const record = emptyCase('A1234BC', '2026-01-01T00:00:00Z')
    applyProbation(record, probation({ enhancedResourcing: false }), '2026-01-01T00:00:00Z')
    applyProbation(record, probation({ enhancedResourcing: null, lduCode: 'N54LDS2' }), '2026-01-02T00:00:00Z')
    expect(record.probation?.snapshot).toMatchObject({ enhancedResourcing: false, lduCode: 'N54LDS2' })
    expect(record.crn).toBe('X123456')
  })
})

describe('merging two prisoner records', () => {
  it('keeps the newest of each part, unites reviews and assessments, and records where it came from', () => {
    const removed = aCase(prisoner({ nomsNumber: 'B2222BB', prisonId: 'MDI' }), {}, '2026-03-01T00:00:00Z')
    applyCom(removed, { staffCode: 'N54A1', name: 'Casey', email: null }, '2026-03-02T00:00:00Z')
    removed.paroleReviews = {
      r1: {
        review: {
          reviewId: 'r1',
          targetHearingDate: '2027-01-01',
          custodyReportDue: null,
          hearingOutcome: null,
          hearingOutcomeReceivedDate: null,
          reviewStatus: null,
        },
        at: '2026-01-01T00:00:00Z',
      },
    }
    const kept = aCase(prisoner({ prisonId: 'LEI' }), {}, '2026-02-01T00:00:00Z')
    const merged = mergeRecords(kept, removed)
    expect(merged.nomsNumber).toBe('A1234BC')
    expect(merged.prisoner?.snapshot).toMatchObject({ prisonId: 'MDI', nomsNumber: 'A1234BC' })
    expect(merged.com?.staffCode).toBe('N54A1')
    expect(Object.keys(merged.paroleReviews)).toEqual(['r1'])
    expect(merged.mergedFrom).toEqual(['B2222BB'])
  })
})
