import { tierCalculationCompleteInfoSchema, UPSTREAM_EVENTS } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { digestOf } from '../../src/model/digest'
import { type CalculationPlan, type PlanRequest, planCalculation } from '../../src/model/plan-calculation'
import type { CurrentTier } from '../../src/model/records'
import { toTierInput } from '../../src/model/tier-inputs'
import { CRN, detailsEnvelope, REGISTRATIONS } from '../support/events'
import { caseParts } from '../support/parts'

const ID_2 = '00000000-0000-7000-8000-000000000002'

const request = (overrides: Partial<PlanRequest> = {}): PlanRequest => ({
  crn: CRN,
  parts: caseParts(),
  previous: null,
  today: '2026-11-23',
  now: '2026-11-23T10:00:00.000Z',
  calculationId: '00000000-0000-7000-8000-000000000001',
  trigger: { kind: 'event', eventType: 'assessment.summary.produced', eventId: 'e1' },
  version: 'v2',
  ...overrides,
})

function ok(plan: CalculationPlan) {
  if (!plan.ok) throw new Error(`expected a calculation, got ${plan.error.field}: ${plan.error.reason}`)
  return plan
}

const currentOf = (plan: CalculationPlan): CurrentTier => {
  const current = ok(plan).current
  if (current === null) throw new Error('expected a new current tier')
  return current
}

describe('planCalculation', () => {
  it('calculates both models, stores inputs with their digest, and calls a first calculation a change', () => {
    const plan = ok(planCalculation(request()))

    expect(plan.calculation).toMatchObject({
      calculationId: '00000000-0000-7000-8000-000000000001',
      crn: CRN,
      version: 'v2',
      tier: 'A2',
      previousTier: null,
      changed: true,
      today: '2026-11-23',
      missingInputs: ['details'],
    })
    expect(plan.calculation.result.v3.tier).toBe('C')
    expect(plan.calculation.inputsDigest).toBe(digestOf(toTierInput(caseParts()).input))
    expect(plan.calculation.result.v2.trace.at(-1)?.explanation).toBe('Protect level A, change level 2: tier A2')
    expect(plan.current?.summary).toEqual({
      v2: { tier: 'A2', protectLevel: 'A', changeLevel: 2, unsupervised: false, protectPoints: 172, changePoints: 10 },
      v3: { tier: 'C', provisional: false },
      rosh: 'HIGH',
    })
    expect(plan.changed).toBe(true)
    expect(tierCalculationCompleteInfoSchema.parse(plan.event.info)).toEqual({
      crn: CRN,
      calculationId: '00000000-0000-7000-8000-000000000001',
      changed: true,
      version: 2,
      tier: 'A2',
      previousTier: null,
      missingInputs: ['details'],
    })
  })

  it('writes no new current tier when the result is the same, and says the tier did not change', () => {
    const previous = currentOf(planCalculation(request()))

    const again = ok(planCalculation(request({ previous, calculationId: '00000000-0000-7000-8000-000000000002' })))

    expect(again.current).toBeNull()
    expect(again.changed).toBe(false)
    expect(again.calculation.previousTier).toBe('A2')
    expect(again.event.info).toMatchObject({ changed: false, tier: 'A2', previousTier: 'A2' })
  })

  it('tier inputs are refreshed even when the tier is unchanged: a new input with the same result moves the current tier', () => {
    const previous = currentOf(planCalculation(request()))
    const withDetails = {
      ...caseParts(),
      details: {
        value: { crn: CRN, gender: 'Male' },
        occurredAt: '2026-11-23T09:00:00Z',
        eventId: 'd',
        eventType: 't',
      },
    } as PlanRequest['parts']
    const emptyRegistrations = {
      ...caseParts({ registrations: [] }),
      registrations: undefined,
    } as PlanRequest['parts']

    const details = ok(planCalculation(request({ previous, parts: withDetails, calculationId: ID_2 })))
    // an absent part and an empty one are the same input (same digest) but not the same missing parts
    const base = currentOf(planCalculation(request({ parts: emptyRegistrations })))
    const listed = ok(planCalculation(request({ previous: base, parts: caseParts({ registrations: [] }) })))

    expect(details.calculation.resultDigest).toBe(previous.resultDigest)
    expect(details.changed).toBe(false)
    expect(details.current).toMatchObject({
      calculationId: ID_2,
      missingInputs: [],
      resultDigest: previous.resultDigest,
    })
    expect(details.current?.inputsDigest).not.toBe(previous.inputsDigest)
    expect(listed.current?.inputsDigest).toBe(base.inputsDigest)
    expect(listed.current?.missingInputs).toEqual(['details'])
  })

  it('replaces a current tier stored without its missing parts (written before they were kept)', () => {
    const { missingInputs: _dropped, ...legacy } = currentOf(planCalculation(request()))

    const again = ok(planCalculation(request({ previous: legacy, calculationId: ID_2 })))

    expect(again.current).toMatchObject({ calculationId: ID_2, missingInputs: ['details'] })
  })

  it('replaces the current tier when the points change, but `changed` follows the configured version', () => {
    const previous = currentOf(planCalculation(request()))
    const veryHigh = caseParts({ registrations: [{ code: 'RVHR', date: '2026-11-20' }, ...REGISTRATIONS] })

    const v2 = ok(planCalculation(request({ previous, parts: veryHigh })))
    const v3 = ok(planCalculation(request({ previous, parts: veryHigh, version: 'v3' })))

    // RoSH very high: v2 stays A2 (more points), v3 rises from C to A (MAPPA with very high RoSH)
    expect(v2.current?.summary.v2.protectPoints).toBe(302)
    expect(v2.changed).toBe(false)
    expect(v2.event.info).toMatchObject({ version: 2, tier: 'A2', previousTier: 'A2', changed: false })
    expect(v3.changed).toBe(true)
    expect(v3.event.info).toEqual({
      crn: CRN,
      calculationId: '00000000-0000-7000-8000-000000000001',
      changed: true,
      version: 3,
      tier: 'A',
      previousTier: 'C',
      provisional: false,
      missingInputs: ['details'],
    })
  })

  it('counts a v3 provisional flag that flips as a change of the v3 tier', () => {
    const previous = currentOf(planCalculation(request({ version: 'v3' })))
    const staticArp = caseParts({
      assessment: {
        predictors: {
          allReoffending: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'STATIC' },
          combinedSeriousReoffending: { score: 3.21, band: 'HIGH', staticOrDynamic: 'DYNAMIC' },
          directContactSexualReoffending: null,
        },
      },
    })

    const plan = ok(planCalculation(request({ previous, parts: staticArp, version: 'v3' })))

    expect(plan.event.info).toMatchObject({ tier: 'C', previousTier: 'C', provisional: true, changed: true })
  })

  it('tiering publishes the missing inputs: every calculation names the parts it was made without, empty once it has them all', () => {
    const { assessment: _assessment, ...withoutAssessment } = caseParts()
    const details = UPSTREAM_EVENTS['probation-case.details.changed'].schema.parse(
      detailsEnvelope('2026-11-21T10:00:00Z', 'Male'),
    ).additionalInformation.snapshot
    if (details === undefined) throw new Error('expected a details snapshot')
    const complete = {
      ...caseParts(),
      details: {
        value: details,
        occurredAt: '2026-11-21T10:00:00Z',
        eventId: 'd1',
        eventType: 'probation-case.details.changed',
      },
    }

    const partial = ok(planCalculation(request({ parts: withoutAssessment, version: 'v3' })))
    const first = currentOf(partial)
    const whole = ok(planCalculation(request({ parts: complete, previous: first, calculationId: ID_2, version: 'v3' })))
    const unchanged = ok(planCalculation(request({ parts: complete, previous: currentOf(whole), version: 'v3' })))
    const v2 = ok(planCalculation(request({ parts: withoutAssessment })))

    expect(tierCalculationCompleteInfoSchema.parse(partial.event.info)).toMatchObject({
      missingInputs: ['assessment', 'details'],
    })
    expect(partial.calculation.missingInputs).toEqual(['assessment', 'details'])
    expect(tierCalculationCompleteInfoSchema.parse(whole.event.info)).toMatchObject({ missingInputs: [] })
    // published on every calculation, changed or not
    expect(unchanged.current).toBeNull()
    expect(unchanged.event.info).toMatchObject({ changed: false, missingInputs: [] })
    expect(v2.event.info).toMatchObject({ version: 2, missingInputs: ['assessment', 'details'] })
  })

  it('returns the rule violation instead of a calculation when the predictors disagree', () => {
    const bad = caseParts({
      assessment: {
        predictors: {
          allReoffending: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
          combinedSeriousReoffending: { score: 3.21, band: 'HIGH', staticOrDynamic: 'DYNAMIC' },
          directContactSexualReoffending: { score: 0.4, band: 'MEDIUM', staticOrDynamic: null },
        },
      },
    })

    const plan = planCalculation(request({ parts: bad }))

    expect(plan.ok).toBe(false)
    if (!plan.ok) {
      expect(plan.error.field).toBe('predictors.dcSrp.score')
      expect(plan.error.reason).toContain('0.60')
    }
  })
})
