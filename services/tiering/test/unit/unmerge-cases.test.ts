import { UPSTREAM_EVENTS } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { deleteCase } from '../../src/use-cases/delete-case'
import { mergeCases } from '../../src/use-cases/merge-cases'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { unmergeCases } from '../../src/use-cases/unmerge-cases'
import { memoryDeps } from '../support/deps'
import {
  assessmentEnvelope,
  convictionsEnvelope,
  deletionEnvelope,
  handled,
  mergeEnvelope,
  REGISTRATIONS,
  registrationsEnvelope,
  unmergeEnvelope,
} from '../support/events'

const SOURCE = 'X200002'
const TARGET = 'X100001'

/** The source brings the newer assessment and registrations; the target keeps its convictions. */
async function merged() {
  const memory = memoryDeps()
  const { deps } = memory
  await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', undefined, SOURCE)))
  await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:01Z', REGISTRATIONS, SOURCE)))
  await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:01Z', undefined, SOURCE)))
  await recordTierInput(deps, handled(registrationsEnvelope('2026-11-19T10:00:00Z', [], TARGET)))
  await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:02Z', undefined, TARGET)))
  await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', SOURCE, TARGET)))
  return memory
}

describe('probation-case.unmerge.completed contract', () => {
  it('names the reactivated and the unmerged CRN, which must differ', () => {
    const schema = UPSTREAM_EVENTS['probation-case.unmerge.completed'].schema
    expect(schema.safeParse(unmergeEnvelope('2026-11-22T09:00:00Z', SOURCE, TARGET)).success).toBe(true)
    const same = schema.safeParse(unmergeEnvelope('2026-11-22T09:00:00Z', TARGET, TARGET))
    expect(same.success ? [] : same.error.issues.map(i => [i.path.join('.'), i.message])).toEqual([
      ['additionalInformation.reactivatedCRN', 'must differ from unmergedCRN'],
    ])
  })
})

describe('unmergeCases', () => {
  it('gives the reactivated CRN back its parts and history, and tiers both again', async () => {
    // Prepare
    const { deps, cases, publisher } = await merged()
    const target = await cases.get(TARGET)
    expect(target?.parts.registrations?.fromCrn).toBe(SOURCE)
    expect(target?.parts.convictions?.fromCrn).toBeUndefined()
    const moved = [...cases.calculations.values()].filter(c => c.movedFromCrn === SOURCE).length
    expect(moved).toBeGreaterThan(0)
    const published = publisher.published.length

    // Act
    const event = handled(unmergeEnvelope('2026-11-22T09:00:00Z', SOURCE, TARGET))
    const outcome = await unmergeCases(deps, event)

    // Assess
    expect(outcome).toBe('unmerged')
    const source = await cases.get(SOURCE)
    expect(source?.mergedInto).toBeNull()
    expect(Object.keys(source?.parts ?? {}).sort()).toEqual(['assessment', 'registrations'])
    expect(source?.parts.registrations?.fromCrn).toBeUndefined()
    // the source's convictions were older than the target's, so the merge did not take them: it awaits its own
    expect(source?.current).toBeNull()
    const after = await cases.get(TARGET)
    expect(Object.keys(after?.parts ?? {})).toEqual(['convictions'])
    expect(after?.mergedFrom).toEqual([])
    expect(after?.current?.summary.v2.tier).toBe('D2') // no registrations, no assessment any more
    const calculations = [...cases.calculations.values()]
    expect(calculations.filter(c => c.movedFromCrn === SOURCE)).toEqual([])
    expect(calculations.filter(c => c.crn === SOURCE)).toHaveLength(moved)
    expect(publisher.published.slice(published).map(e => [e.info.crn, e.info.tier, e.info.previousTier])).toEqual([
      [TARGET, 'D2', 'A2'],
    ])
    const unmergeCalculation = calculations.find(c => c.trigger.kind === 'unmerge')
    expect(unmergeCalculation?.trigger).toEqual({
      kind: 'unmerge',
      eventType: 'probation-case.unmerge.completed',
      eventId: event.id,
      sourceCrn: SOURCE,
    })
  })

  it('tiers the reactivated case when its convictions come back, and clears a tier the unmerged one lost', async () => {
    const { deps, cases } = memoryDeps()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:00Z', undefined, SOURCE)))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:00Z', REGISTRATIONS, TARGET)))
    await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', SOURCE, TARGET)))
    expect((await cases.get(TARGET))?.current?.summary.v2.tier).toBe('A2')

    expect(await unmergeCases(deps, handled(unmergeEnvelope('2026-11-22T09:00:00Z', SOURCE, TARGET)))).toBe('unmerged')

    expect((await cases.get(SOURCE))?.current?.summary.v2.tier).toBe('D2')
    const target = await cases.get(TARGET)
    expect(target?.current).toBeNull() // its only convictions were the other person's
    expect(Object.keys(target?.parts ?? {})).toEqual(['registrations'])
  })

  it('does nothing more when the unmerge arrives again, and nothing for an erased case', async () => {
    const { deps, cases } = await merged()
    const unmerge = unmergeEnvelope('2026-11-22T09:00:00Z', SOURCE, TARGET)
    await unmergeCases(deps, handled(unmerge))
    const calculations = cases.calculations.size
    const version = (await cases.get(TARGET))?.inputsVersion

    expect(await unmergeCases(deps, handled(unmerge))).toBe('not-merged')
    expect(cases.calculations.size).toBe(calculations)
    expect((await cases.get(TARGET))?.inputsVersion).toBe(version)

    await deleteCase(deps, handled(deletionEnvelope('2026-11-23T09:00:00Z', SOURCE)))
    expect(await unmergeCases(deps, handled(unmerge))).toBe('deleted')
  })
})
