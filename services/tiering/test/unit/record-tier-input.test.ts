import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TierInputEvent } from '../../src/events/subscriptions'
import { TIER_INPUT_PARTS } from '../../src/model/tier-inputs'
import { getCurrentTier } from '../../src/use-cases/read-tiers'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { memoryDeps } from '../support/deps'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  CRN,
  convictionsEnvelope,
  detailsEnvelope,
  handled,
  REGISTRATIONS,
  registrationsEnvelope,
} from '../support/events'

const badPredictors = {
  predictors: {
    allReoffending: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
    combinedSeriousReoffending: { score: 3.21, band: 'HIGH', staticOrDynamic: 'DYNAMIC' },
    directContactSexualReoffending: { score: 0.4, band: 'MEDIUM', staticOrDynamic: null },
  },
}

describe('recordTierInput', () => {
  it('tiers the case again on every snapshot and publishes each calculation with changed and previousTier', async () => {
    // Prepare
    const { deps, cases, publisher } = memoryDeps()

    // Act
    const outcomes = [
      await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:00:00Z'))),
      await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:01:00Z'))),
      await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:02:00Z'))),
      await recordTierInput(deps, handled(detailsEnvelope('2026-11-20T09:03:00Z', 'Male'))),
    ]

    // Assess
    expect(outcomes).toEqual(['awaiting-convictions', 'awaiting-convictions', 'changed', 'unchanged'])
    expect(publisher.published.map(e => [e.info.previousTier, e.info.tier, e.info.changed])).toEqual([
      [null, 'A2', true],
      ['A2', 'A2', false],
    ])
    const stored = await cases.get(CRN)
    expect(stored?.current?.summary.v2.tier).toBe('A2')
    // the details left the result as it was, but filled in a missing part: the current tier is the newer calculation
    expect(stored?.current?.calculationId).toBe(publisher.published[1]?.info.calculationId)
    expect(stored?.current?.missingInputs).toEqual([])
    expect(stored?.outbox).toEqual({})
    expect(cases.calculations.size).toBe(2)
  })

  it('tiers a case once its convictions are known, treating a missing assessment and registrations as none', async () => {
    const { deps, publisher } = memoryDeps('v3')

    expect(await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z')))).toBe('changed')

    // no assessment: v2 change level 2; no OGRS4 predictors: v3 MISSING
    expect(publisher.published[0]?.info).toMatchObject({ version: 3, tier: 'MISSING', previousTier: null })
  })

  it('ignores a snapshot older than the stored one', async () => {
    const { deps, cases, publisher } = memoryDeps()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z')))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:00Z')))

    const outcome = await recordTierInput(
      deps,
      handled(registrationsEnvelope('2026-11-20T09:59:59+00:00', [{ code: 'RVHR', date: '2026-01-01' }])),
    )

    expect(outcome).toBe('stale')
    expect((await cases.get(CRN))?.parts.registrations?.value.registrations).toHaveLength(4)
    expect(publisher.published).toHaveLength(2)
  })

  it('handles the same event once, even when redelivered', async () => {
    const { deps, cases, publisher } = memoryDeps()
    const event = handled(convictionsEnvelope('2026-11-20T10:00:00Z'))

    await recordTierInput(deps, event)
    const again = await recordTierInput(deps, event)

    expect(again).toBe('duplicate')
    expect(cases.calculations.size).toBe(1)
    expect(publisher.published).toHaveLength(1)
  })

  it('records and counts a thin event without recalculating', async () => {
    const { deps, cases, publisher } = memoryDeps()

    const outcome = await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:00Z', null)))

    expect(outcome).toBe('thin')
    expect((await cases.get(CRN))?.thinEvents).toBe(1)
    expect(cases.thinCounts.get('probation-case.registration.added')).toBe(1)
    expect(cases.calculations.size).toBe(0)
    expect(publisher.published).toEqual([])
  })

  it('keeps the event of a committed calculation until the bus takes it, and sends it on the retry', async () => {
    const { deps, cases, publisher, log } = memoryDeps()
    const event = handled(convictionsEnvelope('2026-11-20T10:00:00Z'))
    publisher.failNext = 1

    // the calculation is committed: the failed publish is logged and the event waits in the outbox (for the drain)
    expect(await recordTierInput(deps, event)).toBe('changed')
    expect(Object.keys((await cases.get(CRN))?.outbox ?? {})).toHaveLength(1)
    expect(log.warnings.map(w => [w.message, w.data.eventTypes])).toEqual([
      ['publishing committed events failed; left in the outbox for the drain', ['tier.calculation.complete']],
    ])

    const retry = await recordTierInput(deps, event)

    expect(retry).toBe('duplicate')
    expect(publisher.published.map(e => [e.info.tier, e.info.changed])).toEqual([['D2', true]])
    expect((await cases.get(CRN))?.outbox).toEqual({})
    expect(cases.calculations.size).toBe(1)
  })

  it('tries again when the case changes between its read and its write, and ends on the newest inputs', async () => {
    const { deps, cases } = memoryDeps()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z')))
    let interfered = false
    cases.beforeCommit = () => {
      if (interfered) return
      interfered = true
      const c = cases.cases.get(CRN)
      if (c) cases.cases.set(CRN, { ...c, inputsVersion: c.inputsVersion + 1 })
    }

    const outcome = await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z')))

    expect(outcome).toBe('changed')
    expect((await cases.get(CRN))?.inputsVersion).toBe(3)
  })

  it('stores a snapshot the rules reject, dead-letters its event with the field, and keeps the last good tier', async () => {
    const { deps, cases, rejected, publisher } = memoryDeps()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z')))
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:00:00Z')))
    const bad = handled(assessmentEnvelope('2026-11-20T10:00:00Z', assessmentSnapshot(badPredictors)))

    const outcome = await recordTierInput(deps, bad)
    const later = await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T11:00:00Z')))

    expect(outcome).toBe('rejected')
    expect(later).toBe('not-calculated')
    expect(rejected.rejected).toEqual([
      expect.objectContaining({
        id: bad.id,
        detailType: 'assessment.summary.produced',
        errors: [
          {
            field: 'detail.additionalInformation.snapshot.predictors.directContactSexualReoffending.score',
            reason: expect.stringContaining('0.60'),
          },
        ],
      }),
    ])
    const stored = await cases.get(CRN)
    expect(stored?.calculationError?.field).toBe('predictors.dcSrp.score')
    expect(stored?.current?.summary.v2.tier).toBe('C2')
    expect(publisher.published).toHaveLength(2)

    // a corrected assessment tiers the case again and clears the error
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T12:00:00Z')))
    expect((await cases.get(CRN))?.calculationError).toBeNull()
    expect((await cases.get(CRN))?.current?.summary.v2.tier).toBe('A2')
  })

  it('applies registration deletions as the full list they leave', async () => {
    const { deps, publisher } = memoryDeps()
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:00:00Z')))
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:01Z')))
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:00:02Z')))

    const withoutMappa = REGISTRATIONS.filter(r => r.code !== 'MAPP')
    await recordTierInput(
      deps,
      handled(registrationsEnvelope('2026-11-20T10:00:00Z', withoutMappa, CRN, 'probation-case.registration.deleted')),
    )

    expect(publisher.published.at(-1)?.info).toMatchObject({ previousTier: 'A2', tier: 'B2', changed: true })
  })

  it('final state: the same set of tier input events in any order, with duplicates, leaves the same inputs and tier', async () => {
    const withoutMappa = REGISTRATIONS.filter(r => r.code !== 'MAPP')
    const events: TierInputEvent[] = [
      handled(registrationsEnvelope('2026-11-20T09:00:00Z'), 'e-registrations-1'),
      handled(
        registrationsEnvelope('2026-11-20T09:05:00Z', withoutMappa, CRN, 'probation-case.registration.deleted'),
        'e-registrations-2',
      ),
      handled(registrationsEnvelope('2026-11-20T09:06:00Z', null), 'e-registrations-thin'),
      handled(assessmentEnvelope('2026-11-20T09:01:00Z'), 'e-assessment'),
      handled(convictionsEnvelope('2026-11-20T09:02:00Z'), 'e-convictions'),
      // two details snapshots true at the same instant (one written with another offset): the event id decides
      handled(detailsEnvelope('2026-11-20T09:03:00Z', 'Female'), 'e-details-a'),
      handled(detailsEnvelope('2026-11-20T10:03:00+01:00', 'Male'), 'e-details-b'),
    ]

    async function finalState(sequence: readonly TierInputEvent[]) {
      const { deps, cases } = memoryDeps()
      for (const event of sequence) await recordTierInput(deps, event)
      const record = await cases.get(CRN)
      const tier = await getCurrentTier(cases, CRN, 'v2')
      if (!tier.found) throw new Error(tier.reason)
      const { calculationId: _id, calculatedAt: _at, ...current } = record?.current ?? {}
      return {
        parts: TIER_INPUT_PARTS.map(part => record?.parts[part] ?? null),
        current,
        view: { tier: tier.value.tier, v3: tier.value.v3.tier, inputs: tier.value.inputs },
        calculationError: record?.calculationError ?? null,
      }
    }

    const expected = await finalState(events)
    expect(expected.parts.map(p => p?.eventId)).toEqual([
      'e-registrations-2',
      'e-assessment',
      'e-convictions',
      'e-details-b',
    ])
    expect(expected.view).toMatchObject({ tier: 'B2', inputs: { missing: [] } })

    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        fc.array(fc.tuple(fc.nat(events.length - 1), fc.nat(events.length)), { maxLength: 5 }),
        async (order, duplicates) => {
          const sequence = [...order]
          for (const [which, at] of duplicates) sequence.splice(at, 0, events[which] as TierInputEvent)
          expect(await finalState(sequence)).toEqual(expected)
        },
      ),
      { numRuns: 150 },
    )
  })
})
