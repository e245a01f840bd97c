import { UPSTREAM_EVENTS } from '@omic/contracts'
import type { StoredPart, TierInputParts } from '../../src/model/tier-inputs'
import {
  assessmentEnvelope,
  assessmentSnapshot,
  convictionsEnvelope,
  REGISTRATIONS,
  registrationsEnvelope,
} from './events'

const at = '2026-11-20T10:00:00Z'
const stored = <T>(value: T, eventId = 'e'): StoredPart<T> => ({ value, occurredAt: at, eventId, eventType: 't' })

function snapshot(type: keyof typeof UPSTREAM_EVENTS, envelope: unknown): never {
  const parsed = UPSTREAM_EVENTS[type].schema.parse(envelope) as { additionalInformation: { snapshot?: unknown } }
  return parsed.additionalInformation.snapshot as never
}

/** The parts of the test case (A2 / C), each overridable. */
export function caseParts(
  overrides: { registrations?: typeof REGISTRATIONS; assessment?: Record<string, unknown> } = {},
): TierInputParts {
  return {
    registrations: stored(
      snapshot(
        'probation-case.registration.added',
        registrationsEnvelope(at, overrides.registrations ?? REGISTRATIONS),
      ),
    ),
    assessment: stored(
      snapshot('assessment.summary.produced', assessmentEnvelope(at, assessmentSnapshot(overrides.assessment))),
    ),
    convictions: stored(snapshot('probation-case.convictions.changed', convictionsEnvelope(at))),
  }
}
