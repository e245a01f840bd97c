import { UPSTREAM_EVENTS } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { newJob } from '../../src/model/recalculation-job'
import { deleteCase } from '../../src/use-cases/delete-case'
import { mergeCases } from '../../src/use-cases/merge-cases'
import { getCurrentTier, getTierHistory } from '../../src/use-cases/read-tiers'
import { recalculatePage } from '../../src/use-cases/recalculate-all'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { memoryDeps } from '../support/deps'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  CRN,
  convictionsEnvelope,
  deletionEnvelope,
  handled,
  mergeEnvelope,
  registrationsEnvelope,
} from '../support/events'

async function tiered() {
  const memory = memoryDeps()
  const { deps } = memory
  await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T09:00:00Z')))
  await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:01:00Z')))
  await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T09:02:00Z')))
  return memory
}

describe('probation-case.deleted.gdpr contract', () => {
  const schema = UPSTREAM_EVENTS['probation-case.deleted.gdpr'].schema

  it('is a probation event identified by its CRN', () => {
    expect(UPSTREAM_EVENTS['probation-case.deleted.gdpr'].source).toBe('hmpps.probation')
    expect(schema.parse(deletionEnvelope('2026-11-24T08:00:00Z')).additionalInformation).toEqual({})
    const noCrn = schema.safeParse({
      ...deletionEnvelope('2026-11-24T08:00:00Z'),
      personReference: { identifiers: [] },
    })
    expect(noCrn.success ? [] : noCrn.error.issues.map(i => [i.path.join('.'), i.message])).toEqual([
      ['personReference.identifiers', 'must include a CRN identifier'],
    ])
  })
})

describe('deleteCase', () => {
  it('leaves a tombstone without personal data, deletes every calculation and dead letter, publishes nothing', async () => {
    // Prepare: a tiered case with two calculations, one rejected event in the dead letters, an unpublished event
    const { deps, cases, publisher, rejected, clock } = await tiered()
    rejected.rejected.push({ id: 'r1', source: 'hmpps.probation', detailType: 't', detail: { crn: CRN }, errors: [] })
    rejected.rejected.push({
      id: 'r2',
      source: 'hmpps.probation',
      detailType: 't',
      detail: { crn: 'X999999' },
      errors: [],
    })
    const before = cases.cases.get(CRN)
    if (!before) throw new Error('no case')
    cases.cases.set(CRN, { ...before, outbox: { pending: { occurredAt: 'x', info: {} as never } } })
    const published = publisher.published.length
    clock.advance(60_000)

    // Act
    const event = handled(deletionEnvelope('2026-11-24T08:00:00Z'))
    const result = await deleteCase(deps, event)

    // Assess
    expect(result).toEqual({ outcome: 'deleted', calculationsDeleted: 2, deadLettersDeleted: 1 })
    expect(cases.cases.get(CRN)).toEqual({
      crn: CRN,
      inputsVersion: before.inputsVersion + 1,
      parts: {},
      current: null,
      outbox: {},
      mergedInto: null,
      mergedFrom: [],
      calculationError: null,
      thinEvents: 0,
      deleted: { at: '2026-11-23T10:01:00.000Z', occurredAt: '2026-11-24T08:00:00Z', eventId: event.id },
    })
    expect([...cases.calculations.keys()].filter(k => k.startsWith(CRN))).toEqual([])
    expect(rejected.rejected.map(r => r.id)).toEqual(['r2'])
    expect(publisher.published).toHaveLength(published)
    expect(await getCurrentTier(cases, CRN, 'v2')).toEqual({
      found: false,
      reason: `Case ${CRN} was deleted (erasure): no tier is kept`,
    })
    expect(await getTierHistory(cases, CRN, { limit: 10 })).toMatchObject({ found: false })
  })

  it('never brings the case back: older, newer and thin events for the CRN are ignored', async () => {
    const { deps, cases, publisher } = await tiered()
    await deleteCase(deps, handled(deletionEnvelope('2026-11-24T08:00:00Z')))
    const published = publisher.published.length

    const outcomes = [
      await recordTierInput(deps, handled(assessmentEnvelope('2026-11-23T08:00:00Z', assessmentSnapshot()))),
      await recordTierInput(deps, handled(convictionsEnvelope('2026-11-25T08:00:00Z'))),
      await recordTierInput(deps, handled(registrationsEnvelope('2026-11-25T08:00:00Z', null))),
    ]

    expect(outcomes).toEqual(['deleted', 'deleted', 'deleted'])
    expect(cases.cases.get(CRN)).toMatchObject({ parts: {}, current: null, thinEvents: 0 })
    expect(cases.calculations.size).toBe(0)
    expect(publisher.published).toHaveLength(published)
  })

  it('erases a CRN it has never seen, so that its delayed events cannot create it', async () => {
    const { deps, cases } = memoryDeps()
    expect((await deleteCase(deps, handled(deletionEnvelope('2026-11-24T08:00:00Z')))).outcome).toBe('deleted')
    expect(await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T08:00:00Z')))).toBe('deleted')
    expect(cases.cases.get(CRN)?.parts).toEqual({})
  })

  it('finishes a deletion the second time, and leaves an erased case out of merges and recalculations', async () => {
    const { deps, cases } = await tiered()
    const event = handled(deletionEnvelope('2026-11-24T08:00:00Z'))
    await deleteCase(deps, event)
    // a calculation left behind (the first attempt crashed after the tombstone)
    const straggler = [...(await tiered()).cases.calculations.values()][0]
    if (!straggler) throw new Error('no calculation')
    cases.calculations.set(`${CRN}#${straggler.calculationId}`, straggler)

    expect(await deleteCase(deps, event)).toMatchObject({ outcome: 'already-deleted', calculationsDeleted: 1 })
    expect(await mergeCases(deps, handled(mergeEnvelope('2026-11-25T08:00:00Z', 'X200002', CRN)))).toBe('deleted')
    expect(await mergeCases(deps, handled(mergeEnvelope('2026-11-25T08:00:00Z', CRN, 'X200002')))).toBe('deleted')
    expect(cases.cases.get('X200002')).toBeUndefined()
    const job = newJob({
      jobId: 'j',
      trigger: 'api',
      requestedBy: null,
      now: '2026-11-25T08:00:00Z',
      today: '2026-11-25',
      version: 'v2',
      totalSegments: 1,
      estimatedCases: null,
    })
    const listed = await cases.listCases({ segment: 0, totalSegments: 1, cursor: null, limit: 10 })
    expect(listed.cases).toEqual([])
    expect(await recalculatePage(deps, job, listed.cases, { read: 0, write: 0 })).toMatchObject({ scanned: 0 })
  })

  it('does not merge a case into one that was erased meanwhile, and keeps the erased CRN erased', async () => {
    const { deps, cases } = await tiered()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T09:00:00Z', undefined, 'X200002')))
    await mergeCases(deps, handled(mergeEnvelope('2026-11-21T09:00:00Z', 'X200002', CRN)))
    await deleteCase(deps, handled(deletionEnvelope('2026-11-24T08:00:00Z')))

    // an event for the CRN merged into the erased one follows the pointer and finds the tombstone
    expect(await recordTierInput(deps, handled(assessmentEnvelope('2026-11-25T09:00:00Z', undefined, 'X200002')))).toBe(
      'deleted',
    )
    expect(cases.calculations.size).toBe(0)
  })
})
