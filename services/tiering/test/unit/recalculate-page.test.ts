import { describe, expect, it } from 'vitest'
import { newJob } from '../../src/model/recalculation-job'
import { recalculatePage } from '../../src/use-cases/recalculate-all'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { memoryDeps } from '../support/deps'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  convictionsEnvelope,
  handled,
  registrationsEnvelope,
} from '../support/events'

const job = newJob({
  jobId: '00000000-0000-7000-8000-0000000000aa',
  trigger: 'schedule',
  requestedBy: null,
  now: '2026-11-23T02:00:00Z',
  today: '2026-11-23',
  version: 'v2',
  totalSegments: 1,
  estimatedCases: null,
})

describe('recalculatePage', () => {
  it('writes nothing for an unchanged result, stores and publishes a changed one, and counts each kind', async () => {
    // Prepare: four cases, tiered by their events
    const { deps, cases, publisher } = memoryDeps()
    for (const crn of ['X000001', 'X000002', 'X000003']) {
      await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:00Z', undefined, crn)))
      await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:01Z', undefined, crn)))
    }
    await recordTierInput(deps, handled(registrationsEnvelope('2026-11-20T10:00:00Z', undefined, 'X000004'))) // no convictions
    // X000002's stored result is from an older rule set; X000003's inputs are rejected by the rules
    const two = cases.cases.get('X000002')
    if (two?.current) cases.cases.set('X000002', { ...two, current: { ...two.current, resultDigest: 'sha256:old' } })
    const three = cases.cases.get('X000003')
    const bad = assessmentSnapshot({
      predictors: {
        allReoffending: { score: 50, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
        combinedSeriousReoffending: { score: 1, band: 'MEDIUM', staticOrDynamic: 'DYNAMIC' },
        directContactSexualReoffending: { score: 0.2, band: 'MEDIUM', staticOrDynamic: null },
      },
    })
    const badParsed = handled(assessmentEnvelope('2026-11-20T10:00:00Z', bad, 'X000003'))
    if (three?.parts.assessment && badParsed.detailType === 'assessment.summary.produced') {
      const value = badParsed.detail.additionalInformation.snapshot
      cases.cases.set('X000003', {
        ...three,
        parts: { ...three.parts, assessment: { ...three.parts.assessment, value: value as never } },
      })
    }
    const all = [...cases.cases.values()]
    const calculationsBefore = cases.calculations.size
    const publishedBefore = publisher.published.length

    // Act
    const counts = await recalculatePage(deps, job, all, { read: 0, write: 0 })

    // Assess
    expect(counts).toMatchObject({
      scanned: 4,
      unchanged: 1,
      changed: 1,
      tierChanged: 0,
      failed: 1,
      awaitingConvictions: 1,
      skipped: 0,
    })
    expect(cases.calculations.size).toBe(calculationsBefore + 1)
    expect(publisher.published.slice(publishedBefore).map(e => [e.info.crn, e.info.changed])).toEqual([
      ['X000002', false],
    ])
    expect(cases.cases.get('X000002')?.current?.resultDigest).not.toBe('sha256:old')
    expect(cases.cases.get('X000003')?.calculationError?.field).toBe('predictors.dcSrp.score')
    const recalculated = [...cases.calculations.values()].at(-1)
    expect(recalculated?.trigger).toEqual({ kind: 'recalculation', jobId: job.jobId })
    expect(recalculated?.today).toBe('2026-11-23')
  })

  it('skips a case an event changed after the scan read it', async () => {
    const { deps, cases, publisher } = memoryDeps()
    await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:00Z')))
    const scanned = [...cases.cases.values()].map(c => ({
      ...c,
      current: c.current && { ...c.current, resultDigest: 'sha256:old' },
    }))
    await recordTierInput(deps, handled(assessmentEnvelope('2026-11-20T10:00:01Z')))
    const published = publisher.published.length

    const counts = await recalculatePage(deps, job, scanned, { read: 0, write: 0 })

    expect(counts).toMatchObject({ scanned: 1, skipped: 1, changed: 0 })
    expect(publisher.published).toHaveLength(published)
  })
})
