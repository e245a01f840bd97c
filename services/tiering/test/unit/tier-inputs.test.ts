import { UPSTREAM_EVENTS } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { type StoredPart, snapshotFieldOf, toTierInput } from '../../src/model/tier-inputs'
import { assessmentEnvelope, convictionsEnvelope, detailsEnvelope, registrationsEnvelope } from '../support/events'

const at = '2026-11-20T10:00:00Z'
const stored = <T>(value: T): StoredPart<T> => ({ value, occurredAt: at, eventId: 'e1', eventType: 't' })
const snapshotOf = <T extends keyof typeof UPSTREAM_EVENTS>(type: T, envelope: unknown) =>
  (UPSTREAM_EVENTS[type].schema.parse(envelope) as { additionalInformation: { snapshot?: unknown } })
    .additionalInformation.snapshot as never

describe('toTierInput', () => {
  it('maps the four snapshots to the domain input, field by field', () => {
    // Prepare
    const parts = {
      registrations: stored(snapshotOf('probation-case.registration.added', registrationsEnvelope(at))),
      assessment: stored(
        snapshotOf(
          'assessment.summary.produced',
          assessmentEnvelope(at, {
            ...assessmentEnvelopeSnapshot(),
            sanIndicator: true,
            womensFactors: { parentalResponsibilities: 'Yes', impulsivity: 'Some', temperControl: null },
            predictors: {
              allReoffending: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'STATIC' },
              combinedSeriousReoffending: null,
              directContactSexualReoffending: { score: 1.5, band: 'Medium', staticOrDynamic: 'DYNAMIC' },
            },
            everCommittedSexualOffence: true,
          }),
        ),
      ),
      convictions: stored(
        snapshotOf(
          'probation-case.convictions.changed',
          convictionsEnvelope(at, {
            convictions: [{ terminationDate: null, sentenceTypeCode: 'SP', requirements: [] }],
            hasActiveEvent: true,
            latestReleaseDate: '2025-03-01',
            previousEnforcementActivity: true,
          }),
        ),
      ),
      details: stored(snapshotOf('probation-case.details.changed', detailsEnvelope(at, 'Female'))),
    }

    // Act
    const { input, missing } = toTierInput(parts)

    // Assess
    expect(missing).toEqual([])
    expect(input.gender).toBe('Female')
    expect(input.rsrScore).toBe(4.73)
    expect(input.ogrsScore).toBe(61)
    expect(input.registrations.map(r => r.code)).toEqual(['MAPP', 'RHRH', 'ADVP', 'RMDO'])
    expect(input.registrations[1]).toEqual({ code: 'RHRH', level: null, category: null, date: '2026-09-03' })
    expect(input.convictions).toEqual([{ terminationDate: null, sentenceTypeCode: 'SP', requirements: [] }])
    expect(input.previousEnforcementActivity).toBe(true)
    expect(input.hasActiveEvent).toBe(true)
    expect(input.latestReleaseDate).toBe('2025-03-01')
    expect(input.assessment).toMatchObject({
      sanIndicator: true,
      parentalResponsibilities: 'Yes',
      impulsivity: 'Some',
      temperControl: null,
    })
    expect(input.assessment?.sections.accommodation).toMatchObject({ noFixedAbodeOrTransient: 'Yes' })
    expect(input.predictors).toEqual({
      arp: { score: 61.4, band: 'MEDIUM', staticOrDynamic: 'STATIC' },
      csrp: null,
      dcSrp: { score: 1.5, band: 'MEDIUM' },
    })
    expect(input.everCommittedSexualOffence).toBe(true)
  })

  it('counts parts not received yet as none, and names them', () => {
    const { input, missing } = toTierInput({})

    expect(missing).toEqual(['registrations', 'assessment', 'convictions', 'details'])
    expect(input).toEqual({
      gender: null,
      rsrScore: null,
      ogrsScore: null,
      registrations: [],
      convictions: [],
      previousEnforcementActivity: false,
      hasActiveEvent: false,
      latestReleaseDate: null,
      assessment: null,
      predictors: null,
      everCommittedSexualOffence: false,
    })
  })

  it('keeps an assessment without OGRS4 predictors as needs only (v3 MISSING)', () => {
    const snapshot = snapshotOf(
      'assessment.summary.produced',
      assessmentEnvelope(at, { ...assessmentEnvelopeSnapshot(), predictors: null }),
    )
    const { input } = toTierInput({ assessment: stored(snapshot) })
    expect(input.predictors).toBeNull()
    expect(input.assessment).not.toBeNull()
  })
})

describe('snapshotFieldOf', () => {
  it('traces a failing predictor field back to the assessment snapshot', () => {
    expect(snapshotFieldOf('predictors.dcSrp.score')).toEqual({
      part: 'assessment',
      path: 'predictors.directContactSexualReoffending.score',
    })
    expect(snapshotFieldOf('predictors.arp.score')?.path).toBe('predictors.allReoffending.score')
    expect(snapshotFieldOf('rsrScore')).toBeNull()
  })
})

function assessmentEnvelopeSnapshot(): Record<string, unknown> {
  return (assessmentEnvelope(at).additionalInformation as { snapshot: Record<string, unknown> }).snapshot
}
