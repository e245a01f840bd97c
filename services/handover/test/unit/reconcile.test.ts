import { describe, expect, it } from 'vitest'
import { assertPublishable } from '../../src/model/events'
import { type CalculationSource, type ReconcileOutcome, reconcile } from '../../src/model/reconcile'
import type { CaseRecord, DomainEvent } from '../../src/model/records'
import { AT, aCase, CRN, prisoner, probation } from '../support/builders'

// SSD 2025-01-10, CRD 2027-12-31 → determinate: handover 2027-04-16 (CRD − 8 months − 14 days)
const HANDOVER = '2027-04-16'

function calc(record: CaseRecord, today: string, source: CalculationSource = 'calculation'): ReconcileOutcome {
  const outcome = reconcile(record, { today, now: `${today}T03:00:00Z`, source, trigger: 'test' })
  assertPublishable(outcome.events)
  return outcome
}

/** Recalculates day after day like the store would: each result is the next input, one version up. */
function chain(record: CaseRecord, days: string[], source: CalculationSource = 'sweep') {
  let current = record
  const all: ReconcileOutcome[] = []
  for (const day of days) {
    const o = calc(current, day, source)
    current = { ...o.record, version: current.version + 1 }
    all.push(o)
  }
  return { record: current, outcomes: all }
}

const types = (events: DomainEvent[]) =>
  events.map(e =>
    e.eventType === 'offender-management.handover.reminder-due'
      ? `reminder:${String(e.additionalInformation.reminder)}`
      : e.eventType,
  )

const withProbation = (more: Partial<CaseRecord> = {}) =>
  aCase(prisoner(), { probation: { snapshot: probation(), at: AT }, crn: CRN, ...more })
const withCom = (more: Partial<CaseRecord> = {}) =>
  withProbation({
    com: { staffCode: 'N54A123', name: 'Casey Com', email: 'casey.com@probation.example', at: AT },
    ...more,
  })

describe('reconcile: the first calculation', () => {
  it('calculates, publishes handover.changed (calculation), keeps a history entry and schedules the sweep', () => {
    const o = calc(withProbation(), '2026-01-15')
    const c = o.record.calculation
    expect(c).toMatchObject({
      status: 'calculated',
      responsibility: 'CustodyOnly',
      handoverDate: HANDOVER,
      handoverStartDate: HANDOVER,
      reason: 'determinate',
      earliestRelease: { date: '2027-12-31', type: 'CRD' },
      handoverType: 'enhanced',
      list: 'none',
    })
    expect(c?.trace.map(t => t.rule)).toContain('handover.dates.determinate')
    expect(o.events).toEqual([
      expect.objectContaining({
        eventType: 'offender-management.handover.changed',
        identifiers: { noms: 'A1234BC', crn: CRN },
        additionalInformation: {
          nomsNumber: 'A1234BC',
          responsibility: 'CustodyOnly',
          handoverDate: HANDOVER,
          handoverStartDate: HANDOVER,
          reason: 'determinate',
          source: 'calculation',
        },
      }),
    ])
    expect(o.history).toMatchObject({ version: 1, changes: ['first_calculation'], source: 'calculation' })
    // the next thing that happens by itself: the upcoming window opens 56 days before the handover
    expect(o.record.nextDueDate).toBe('2027-02-19')
    expect(o.record.episode).toMatchObject({ id: 'E1-2025-01-10', seq: 1 })
  })

  it('publishes nothing when a recalculation changes nothing, but still records the calculation', () => {
    const first = chain(withProbation(), ['2026-01-15'], 'calculation').record
    const again = calc(first, '2026-01-16')
    expect(again.events).toEqual([])
    expect(again.history).toMatchObject({ version: 2, changes: [] })
  })

  it('records a prisoner outside OMiC policy with the reason, and publishes and schedules nothing', () => {
    const o = calc(aCase(prisoner({ legalStatus: 'REMAND' })), '2026-01-15')
    expect(o.record.calculation).toMatchObject({
      status: 'out_of_policy',
      reason: 'legal_status_not_allowed',
      responsibility: null,
      list: 'none',
    })
    expect(o.events).toEqual([])
    expect(o.record.nextDueDate).toBeNull()
  })

  it('an under-18 is due again on the 18th birthday (a 29 February birthday on 1 March)', () => {
    expect(calc(aCase(prisoner({ dateOfBirth: '2009-06-30' })), '2026-01-15').record.nextDueDate).toBe('2027-06-30')
    expect(calc(aCase(prisoner({ dateOfBirth: '2008-02-29' })), '2026-01-15').record.nextDueDate).toBe('2026-03-01')
  })

  it('keeps facts that arrive before the prisoner without calculating', () => {
    const o = calc({ ...withProbation(), prisoner: null }, '2026-01-15')
    expect(o.history).toBeNull()
    expect(o.record.calculation).toBeNull()
  })
})

describe('reconcile: time passes (the sweep)', () => {
  it('flips to Community on the handover date and publishes the responsibility-only change (quirk j.5)', () => {
    const { outcomes, record } = chain(withCom(), ['2026-01-15', '2027-02-19', HANDOVER])
    expect(types(outcomes[2]?.events ?? [])).toContain('offender-management.handover.changed')
    expect(outcomes[2]?.events[0]?.additionalInformation).toMatchObject({
      responsibility: 'Community',
      handoverDate: HANDOVER,
      reason: 'determinate',
      source: 'sweep',
    })
    expect(record.calculation?.list).toBe('in-progress')
  })

  it('sends the upcoming-window reminder once, even when the first look is after its day (catch-up)', () => {
    const { outcomes } = chain(withProbation(), ['2026-01-15', '2027-03-01', '2027-03-02'])
    expect(types(outcomes[1]?.events ?? [])).toEqual([
      'reminder:upcoming-window',
      'offender-management.com.allocation-requested',
    ])
    const reminder = outcomes[1]?.events[0]?.additionalInformation
    expect(reminder).toMatchObject({
      dueDate: '2027-02-19',
      handoverDate: HANDOVER,
      episodeId: 'E1-2025-01-10',
      prisonId: 'LEI',
      lduCode: 'N54LDS1',
      lduEmail: 'leeds-ldu@probation.example.gov.uk',
      comEmail: null,
      pomStaffCode: null,
    })
    expect(outcomes[1]?.events[1]?.additionalInformation).toMatchObject({ neededBy: HANDOVER, pduCode: 'N54LEEDS' })
    expect(outcomes[1]?.markers.map(m => m.key)).toEqual(['upcoming-window', 'com-allocation-requested'])
    expect(outcomes[1]?.record.calculation?.list).toBe('upcoming')
    expect(outcomes[2]?.events).toEqual([])
  })

  it('without a COM: urgent pipeline 7 days after the start, COM allocation overdue 14 days after the handover', () => {
    const { outcomes } = chain(withProbation(), ['2026-01-15', '2027-02-19', HANDOVER, '2027-04-23', '2027-04-30'])
    expect(types(outcomes[3]?.events ?? [])).toEqual(['reminder:urgent-pipeline'])
    expect(types(outcomes[4]?.events ?? [])).toEqual(['reminder:com-allocation-overdue'])
    expect(outcomes[4]?.record.calculation).toMatchObject({ comAllocationOverdue: true, daysOverdue: 14 })
  })

  it('a missed fortnight sends only what is still open: the overdue reminder, not the urgent pipeline', () => {
    const { outcomes } = chain(withProbation(), ['2026-01-15', '2027-02-19', '2027-05-03'])
    expect(types(outcomes[2]?.events ?? [])).toEqual([
      'offender-management.handover.changed',
      'reminder:com-allocation-overdue',
    ])
  })

  it('with a COM: the handover-date reminder on the handover date and no overdue reminder', () => {
    const { outcomes } = chain(withCom(), ['2026-01-15', '2027-02-19', HANDOVER, '2027-04-30'])
    expect(types(outcomes[2]?.events ?? [])).toEqual([
      'offender-management.handover.changed',
      'reminder:handover-date-reached',
    ])
    expect(outcomes[2]?.events[1]?.additionalInformation).toMatchObject({
      comEmail: 'casey.com@probation.example',
      comName: 'Casey Com',
    })
    expect(outcomes[3]?.events).toEqual([])
  })

  it('schedules the next due day after each look, never today or earlier', () => {
    const { outcomes } = chain(withProbation(), ['2026-01-15', '2027-02-19', HANDOVER, '2027-04-18'])
    expect(outcomes.map(o => o.record.nextDueDate)).toEqual(['2027-02-19', HANDOVER, '2027-04-18', '2027-04-23'])
  })
})

describe('reconcile: special cases', () => {
  it('a short sentence: COM needed now, the LDU is chased at most every 2 days until a COM is allocated', () => {
    const short = withProbation({ prisoner: { snapshot: prisoner({ conditionalReleaseDate: '2025-09-01' }), at: AT } })
    const { outcomes, record } = chain(short, ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04'], 'calculation')
    expect(outcomes[0]?.record.calculation).toMatchObject({ reason: 'determinate_short', responsibility: 'Community' })
    expect(types(outcomes[0]?.events ?? [])).toEqual([
      'offender-management.handover.changed',
      'reminder:short-sentence-com-chase',
      'offender-management.com.allocation-requested',
    ])
    expect(outcomes[0]?.events[1]?.additionalInformation).toMatchObject({ handoverDate: null, dueDate: '2025-03-01' })
    expect(outcomes[0]?.markers[0]).toMatchObject({
      key: 'short-sentence-com-chase',
      repeatableOnOrBefore: '2025-02-27',
    })
    expect(outcomes[1]?.events).toEqual([])
    expect(types(outcomes[2]?.events ?? [])).toEqual(['reminder:short-sentence-com-chase'])
    expect(record.nextDueDate).toBe('2025-03-05')
    const allocated = calc({ ...record, com: { staffCode: 'N54A1', name: null, email: null, at: AT } }, '2025-03-05')
    expect(allocated.events).toEqual([])
    expect(allocated.record.nextDueDate).toBeNull()
  })

  it('an ISP in an open prison: CustodyWithCom from the arrival, its own list, and a supporting COM requested', () => {
    const isp = prisoner({
      indeterminateSentence: true,
      legalStatus: 'INDETERMINATE_SENTENCE',
      imprisonmentStatus: 'LIFE',
      tariffDate: '2028-06-30',
      conditionalReleaseDate: null,
      releaseDate: null,
      prisonId: 'HDI',
      prisonArrivalDate: '2026-03-01',
    })
    const o = calc(withProbation({ prisoner: { snapshot: isp, at: AT } }), '2026-03-10')
    expect(o.record.calculation).toMatchObject({
      reason: 'indeterminate_open',
      responsibility: 'CustodyWithCom',
      handoverStartDate: '2026-03-01',
      handoverDate: '2027-06-30',
      list: 'custody-with-com',
    })
    expect(types(o.events)).toEqual([
      'offender-management.handover.changed',
      'reminder:urgent-pipeline',
      'reminder:open-prison-supporting-com',
      'offender-management.com.allocation-requested',
    ])
  })

  it('a prisoner released: no lists, no reminders, not due; back in custody on a new sentence: a new episode', () => {
    const first = chain(withProbation(), ['2027-03-01'], 'calculation').record
    expect(first.sent['upcoming-window']).toBeDefined()
    const released = calc(
      { ...first, custody: { status: 'released', at: AT, prisonId: 'LEI', releaseReason: 'RELEASED' } },
      '2027-03-05',
    )
    expect(released.record.calculation).toMatchObject({ status: 'released', list: 'none' })
    expect(released.record.nextDueDate).toBeNull()
    expect(released.events).toEqual([])
    const back = calc(
      {
        ...released.record,
        version: 2,
        prisoner: {
          snapshot: prisoner({ sentenceStartDate: '2027-02-01', conditionalReleaseDate: '2029-03-10' }),
          at: AT,
        },
        custody: { status: 'in_custody', at: AT, prisonId: 'LEI', releaseReason: null },
      },
      '2028-06-01',
    )
    expect(back.record.episode).toMatchObject({ id: 'E2-2027-02-01', seq: 2 })
    expect(back.history?.happened.map(t => t.rule)).toContain('handover.service.newEpisode')
    expect(types(back.events)).toContain('reminder:upcoming-window')
  })
})

describe('reconcile: override and early allocation', () => {
  it('an override is effective at once and published with source override; removing it is published too', () => {
    const base = chain(withProbation(), ['2026-01-15'], 'calculation').record
    const overridden = calc(
      {
        ...base,
        override: {
          reason: 'other_reason',
          reasonText: 'Community team already engaged',
          message: null,
          by: 'spo-1',
          at: '2026-01-20T10:00:00Z',
          episodeId: base.episode?.id ?? null,
        },
      },
      '2026-01-20',
      'override',
    )
    expect(overridden.record.calculation).toMatchObject({
      responsibility: 'CustodyOnly',
      effective: { responsibility: 'Community', reason: 'other_reason', overridden: true },
      list: 'in-progress',
    })
    expect(overridden.events[0]?.additionalInformation).toMatchObject({
      responsibility: 'Community',
      reason: 'other_reason',
      source: 'override',
    })
    const removed = calc({ ...overridden.record, version: 2, override: null }, '2026-01-21', 'override')
    expect(removed.events[0]?.additionalInformation).toMatchObject({
      responsibility: 'CustodyOnly',
      reason: 'determinate',
      source: 'override',
    })
  })

  it('an eligible assessment inside the window makes early allocation active: eligibility event and ERD − 15 months', () => {
    const base = chain(withProbation(), ['2026-08-01'], 'calculation').record
    const assessed = calc(
      {
        ...base,
        earlyAllocations: [
          {
            id: 'ea-1',
            createdAt: '2026-08-02',
            createdAtInstant: '2026-08-02T10:00:00Z',
            createdBy: 'pom-1',
            updatedAt: '2026-08-02T10:00:00Z',
            oasysRiskAssessmentDate: '2026-07-01',
            answers: {
              convictedUnderTerrorismAct2000: false,
              highProfile: true,
              seriousCrimePreventionOrder: null,
              mappaLevel3: null,
              cppcCase: null,
              extremismSeparation: null,
              dueForReleaseInLessThan24Months: null,
              highRiskOfSeriousHarm: null,
              mappaLevel2: null,
              pathfinderProcess: null,
              otherReason: null,
            },
            outcome: 'eligible',
            createdWithinReferralWindow: true,
            reason: null,
            approved: null,
            communityDecision: null,
            communityDecisionAt: null,
          },
        ],
      },
      '2026-08-02',
    )
    expect(assessed.record.calculation).toMatchObject({
      reason: 'early_allocation',
      handoverDate: '2026-09-30',
      earlyAllocationActive: true,
    })
    expect(types(assessed.events)).toEqual([
      'offender-management.handover.changed',
      'community-early-allocation-eligibility.status.changed',
    ])
    expect(assessed.events[1]?.additionalInformation).toEqual({
      nomsNumber: 'A1234BC',
      eligibilityStatus: true,
      assessmentOutcome: 'eligible',
      assessmentId: 'ea-1',
    })
  })
})

describe('reconcile: the checklist', () => {
  it('is reset when the case moves back to CustodyOnly', () => {
    const inWindow = chain(withCom(), ['2027-03-01'], 'calculation').record
    const ticked = {
      ...inWindow,
      checklist: { ...inWindow.checklist, contactedCom: true, updatedAt: AT, updatedBy: 'pom' },
    }
    const moved = calc(
      { ...ticked, prisoner: { snapshot: prisoner({ conditionalReleaseDate: '2029-12-31' }), at: AT } },
      '2027-03-02',
    )
    expect(moved.record.checklist).toMatchObject({ contactedCom: false, updatedBy: 'system' })
    expect(moved.history?.happened.map(t => t.rule)).toContain('handover.service.checklistReset')
  })
})
