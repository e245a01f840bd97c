import { describe, expect, it } from 'vitest'
import type { OffenderManagerChange, ReallocationReason } from '../../src/allocation'
import { continuityPenalty, countTransfers, riskChangeOutcome, validateReallocation } from '../../src/allocation'

const auth = { authorisedBy: 'SPO Jones', authorisedOn: '2025-04-01', recordedReason: 'Specialist knowledge needed' }

describe('reallocation needs an acceptable reason (PC03/2009)', () => {
  it.each([
    ['relationship_incompatible', 'sound_reason'],
    ['om_threatened_or_intimidated', 'sound_reason'],
    ['collusion_or_loss_of_objectivity', 'sound_reason'],
    ['loss_of_momentum', 'sound_reason'],
    ['om_left', 'beyond_provider_control'],
    ['om_absent', 'beyond_provider_control'],
    ['prisoner_transferred', 'beyond_provider_control'],
  ] as [ReallocationReason, string][])('%s is acceptable (%s)', (reason, basis) => {
    const r = validateReallocation({ reason, lineManagerAuthorisation: null })
    expect(r.ok && r.value.basis).toBe(basis)
    expect(r.ok && r.value.trace[0]?.explanation).toMatch(/^The offender manager may change because /)
  })

  it('without a reason, a line-manager authorisation with a recorded reason is acceptable', () => {
    const r = validateReallocation({ reason: null, lineManagerAuthorisation: auth })
    expect(r.ok && r.value).toMatchObject({ basis: 'line_manager_authorised', lineManagerAuthorisation: auth })
  })

  it('a line-manager authorisation must record who, when and why', () => {
    expect(validateReallocation({ reason: null, lineManagerAuthorisation: { ...auth, recordedReason: ' ' } }).ok).toBe(
      false,
    )
    expect(validateReallocation({ reason: null, lineManagerAuthorisation: { ...auth, authorisedBy: '' } }).ok).toBe(
      false,
    )
    expect(
      validateReallocation({ reason: null, lineManagerAuthorisation: { ...auth, authorisedOn: '2025-02-30' } }).ok,
    ).toBe(false)
  })

  it('neither a reason nor an authorisation is rejected', () => {
    const r = validateReallocation({ reason: null, lineManagerAuthorisation: null })
    expect(!r.ok && r.error.field).toBe('reason')
  })

  it('a change of risk is not a reason by itself', () => {
    const r = validateReallocation({ reason: null, lineManagerAuthorisation: null, promptedByRiskChange: true })
    expect(!r.ok && r.error.reason).toMatch(/change of risk level does not by itself move a case/)
  })
})

describe('transfers are counted per person per period', () => {
  const changes: OffenderManagerChange[] = [
    { personId: 'A1111AA', date: '2024-01-10', fromStaffId: null, toStaffId: 'S1' },
    { personId: 'A1111AA', date: '2024-03-01', fromStaffId: 'S1', toStaffId: 'S2' },
    { personId: 'A1111AA', date: '2024-06-30', fromStaffId: 'S2', toStaffId: 'S3' },
    { personId: 'A1111AA', date: '2024-07-01', fromStaffId: 'S3', toStaffId: 'S1' },
    { personId: 'B2222BB', date: '2024-02-01', fromStaffId: 'S9', toStaffId: 'S9' },
    { personId: 'C3333CC', date: '2023-12-31', fromStaffId: 'S4', toStaffId: 'S5' },
  ]

  it('counts only changes between two different OMs inside the period (ends inclusive)', () => {
    const r = countTransfers(changes, { from: '2024-01-01', to: '2024-06-30' })
    expect(r).toEqual({ ok: true, value: { A1111AA: 2, B2222BB: 0, C3333CC: 0 } })
  })

  it('rejects a period that ends before it starts', () => {
    expect(countTransfers(changes, { from: '2024-06-30', to: '2024-01-01' }).ok).toBe(false)
  })
})

describe('continuity penalty for ranking', () => {
  it('prefers the current OM, then a previous OM, then someone new', () => {
    const p = (relationship: 'current' | 'previous' | 'none') =>
      continuityPenalty({ relationship, priorTransfers: 0 }).penalty
    expect([p('current'), p('previous'), p('none')]).toEqual([0, 10, 20])
  })

  it('weighs continuity more for a person already transferred in the period', () => {
    const gap = (priorTransfers: number) =>
      continuityPenalty({ relationship: 'none', priorTransfers }).penalty -
      continuityPenalty({ relationship: 'previous', priorTransfers }).penalty
    expect([gap(0), gap(1), gap(2)]).toEqual([10, 20, 30])
    expect(continuityPenalty({ relationship: 'none', priorTransfers: 1 }).trace[0]?.explanation).toBe(
      'New to this person; the person has already had 1 transfer in this period, so continuity weighs more: penalty 20 × (1 + 1 × 1) = 40.',
    )
  })
})

describe('a change of risk does not by itself move a case (PC03/2009 §7)', () => {
  it('a PSO whose case becomes high risk keeps the day-to-day work under PO oversight', () => {
    const r = riskChangeOutcome({ holderGrade: 'PSO', previousRosh: 'MEDIUM', newRosh: 'HIGH' })
    expect(r).toMatchObject({ caseMoves: false, oversightRequired: true, oversightGrade: 'PO' })
    expect(r.trace.map(s => s.rule)).toEqual(['continuity.riskChange.noMove', 'continuity.riskChange.oversight'])
  })

  it('a PO whose case falls to low risk keeps it', () => {
    const r = riskChangeOutcome({ holderGrade: 'PO', previousRosh: 'VERY_HIGH', newRosh: 'LOW' })
    expect(r).toMatchObject({ caseMoves: false, oversightRequired: false, oversightGrade: null })
    expect(r.trace.at(-1)?.rule).toBe('continuity.riskChange.retain')
  })

  it('a prison-officer POM whose case becomes very high risk needs probation-officer oversight', () => {
    const r = riskChangeOutcome({ holderGrade: 'PRO', previousRosh: 'LOW', newRosh: 'VERY_HIGH' })
    expect(r).toMatchObject({ caseMoves: false, oversightRequired: true, oversightGrade: 'PO' })
  })
})
