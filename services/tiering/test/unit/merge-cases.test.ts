import { describe, expect, it } from 'vitest'
import { mergeCases } from '../../src/use-cases/merge-cases'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { memoryDeps } from '../support/deps'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  convictionsEnvelope,
  handled,
  mergeEnvelope,
  REGISTRATIONS,
  registrationsEnvelope,
} from '../support/events'

const SOURCE = 'X200002'
const TARGET = 'X100001'

describe('mergeCases', () => {
  it('moves every part onto the target where the source is newer, re-tiers the target and moves the history', async () => {
    // Prepare: the source has the newer assessment and registrations, the target the newer convictions
    const { deps, cases, publisher } = memoryDeps()
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', undefined, SOURCE)))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:01Z', REGISTRATIONS, SOURCE)))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-19T10:00:00Z', [], TARGET)))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:02Z', undefined, TARGET)))
    const sourceCalculations = [...cases.calculations.values()].filter(c => c.crn === SOURCE).length

    // Act
    const merge = handled(mergeEnvelope('2026-11-21T09:00:00Z', SOURCE, TARGET))
    const outcome = await mergeCases(deps, merge)

    // Assess
    expect(outcome).toBe('merged')
    const target = await cases.get(TARGET)
    expect(target?.parts.assessment?.eventType).toBe('assessment.summary.produced')
    expect(target?.parts.registrations?.value.registrations).toHaveLength(4)
    expect(target?.parts.convictions).toBeDefined()
    expect(target?.mergedFrom).toEqual([SOURCE])
    expect(target?.current?.summary.v2.tier).toBe('A2')
    const source = await cases.get(SOURCE)
    expect(source).toMatchObject({ mergedInto: TARGET, parts: {}, current: null })
    const calculations = [...cases.calculations.values()]
    expect(calculations.filter(c => c.crn === SOURCE)).toEqual([])
    expect(calculations.filter(c => c.movedFromCrn === SOURCE)).toHaveLength(sourceCalculations)
    const last = publisher.published.at(-1)
    expect(last?.info).toMatchObject({ crn: TARGET, tier: 'A2', changed: true })
    const mergeCalculation = calculations.find(c => c.calculationId === last?.info.calculationId)
    expect(mergeCalculation?.trigger).toEqual({
      kind: 'merge',
      eventType: 'probation-case.merge.completed',
      eventId: merge.id,
      sourceCrn: SOURCE,
    })
  })

  it('sends later events for the merged CRN to the case it was merged into, still order-safe', async () => {
    const { deps, cases } = memoryDeps()
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:00Z', REGISTRATIONS, TARGET)))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:00Z', undefined, TARGET)))
    await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', SOURCE, TARGET)))

    const stale = await recordTierInput(deps, handled(registrationsEnvelope('2026-11-19T10:00:00Z', [], SOURCE)))
    const fresh = await recordTierInput(
      deps,
      handled(assessmentEnvelope('2026-11-22T10:00:00Z', assessmentSnapshot({ ogrsScore: 5 }), SOURCE)),
    )

    expect(stale).toBe('stale')
    expect(fresh).toBe('changed') // A2 (no assessment: change 2) → A1 (needs 4 + OGRS 0)
    expect((await cases.get(TARGET))?.parts.assessment).toBeDefined()
    expect((await cases.get(SOURCE))?.parts).toEqual({})
  })

  it('does nothing more when the same merge arrives again', async () => {
    const { deps, cases } = memoryDeps()
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', undefined, SOURCE)))
    const merge = mergeEnvelope('2026-11-21T09:00:00Z', SOURCE, TARGET)
    await mergeCases(deps, handled(merge))
    const calculations = cases.calculations.size

    expect(await mergeCases(deps, handled(merge))).toBe('already-merged')
    expect(cases.calculations.size).toBe(calculations)
    expect(await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', TARGET, TARGET)))).toBe('ignored')
  })
})
