/**
 * The upstream events as the real producers publish them today (upstream.md §1.2/§1.3): thin envelopes, no snapshot.
 * Every one must parse, with its catalogue source, so that none is dead-lettered for being what it really is.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  allocatedComStaffCode,
  type CommunityManagerAllocatedEvent,
  EVENT_CATALOGUE,
  isUpstreamEventType,
  PRISONER_CATEGORIES_CHANGED,
  parseUpstreamEvent,
  type UPSTREAM_EVENTS,
} from '../src'

type Json = Record<string, unknown>

const testDir = dirname(fileURLToPath(import.meta.url))
const realDir = join(testDir, 'fixtures', 'real')

function read(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json
}
const real = (name: string) => read(join(realDir, name))

/** Each real fixture, with the rule it stands for. */
const RULES: Record<string, string> = {
  'prisoner-offender-search.prisoner.received.NEW_ADMISSION.json':
    'prisoner.received for a new admission (Prisoner Search says NEW_ADMISSION, not ADMISSION) is accepted',
  'prisoner-offender-search.prisoner.received.READMISSION.json':
    'prisoner.received for a readmission on the same booking is accepted',
  'prisoner-offender-search.prisoner.received.READMISSION_SWITCH_BOOKING.json':
    'prisoner.received for a readmission that switches booking is accepted',
  'prisoner-offender-search.prisoner.received.TRANSFERRED.json':
    'prisoner.received for a transfer in from another prison is accepted',
  'prisoner-offender-search.prisoner.received.RETURN_FROM_COURT.json':
    'prisoner.received on a return from court is accepted',
  'prisoner-offender-search.prisoner.received.TEMPORARY_ABSENCE_RETURN.json':
    'prisoner.received on a return from temporary absence is accepted',
  'prisoner-offender-search.prisoner.received.POST_MERGE_ADMISSION.json':
    'prisoner.received for an admission after a merge is accepted',
  'prisoner-offender-search.prisoner.updated.STATUS_LOCATION.json':
    'prisoner.updated with [STATUS, LOCATION] is accepted',
  'prisoner-offender-search.prisoner.updated.ALERTS.json':
    'prisoner.updated with [ALERTS] (a change no service acts on) is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.updated.INCENTIVE_LEVEL.json':
    'prisoner.updated with [INCENTIVE_LEVEL] (a change no service acts on) is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.updated.IDENTIFIERS.json':
    'prisoner.updated with [IDENTIFIERS] (a change no service acts on) is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.updated.PHYSICAL_DETAILS.json':
    'prisoner.updated with [PHYSICAL_DETAILS] (a change no service acts on) is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.updated.CONTACT_DETAILS.json':
    'prisoner.updated with [CONTACT_DETAILS] (in the producer, not in its published spec) is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.updated.SENTENCE.json': 'prisoner.updated with [SENTENCE] is accepted',
  'prisoner-offender-search.prisoner.updated.SOMETHING_NEW.json':
    'prisoner.updated with a category Prisoner Search may add later is accepted, not dead-lettered',
  'prisoner-offender-search.prisoner.released.RELEASED.json': 'prisoner.released on release is accepted',
  'prisoner-offender-search.prisoner.released.TRANSFERRED.json':
    'prisoner.released on a transfer out to another prison is accepted',
  'prisoner-offender-search.prisoner.released.TEMPORARY_ABSENCE_RELEASE.json':
    'prisoner.released on a temporary absence is accepted',
  'prisoner-offender-search.prisoner.released.RELEASED_TO_HOSPITAL.json': 'prisoner.released to hospital is accepted',
  'prisoner-offender-search.prisoner.released.SENT_TO_COURT.json': 'prisoner.released to court is accepted',
  'prison-offender-events.prisoner.merged.MERGE.json':
    'prisoner.merged with bookingId, reason MERGE and a top-level publishedAt is accepted',
  'probation-case.registration.added.RHRH.json':
    'registration.added with nDelius date strings and empty level and category codes is accepted',
  'probation-case.registration.added.MAPP.json':
    'registration.added of a MAPPA registration with its level and category codes is accepted',
  'probation-case.registration.updated.MAPP.json':
    'registration.updated (updatedDateAndTime, no registrationDate) is accepted',
  'probation-case.registration.deleted.DASO.json':
    'registration.deleted (registrationId and updatedDateAndTime only) is accepted',
  'probation-case.registration.deregistered.RHRH.json':
    'registration.deregistered (deregistrationId, deregistrationDate) is a known type and is accepted',
  'assessment.summary.produced.COMPLETE.json':
    'assessment.summary.produced with no additionalInformation, only the OASys detailUrl, is accepted',
  'assessment.summary.produced.SAN.json':
    'assessment.summary.produced for a SAN assessment (asssummsan detailUrl) is accepted',
  'person.community.manager.allocated.WORKLOAD.json':
    'person.community.manager.allocated from hmpps-workload (allocationId and detailUrl, no staffCode) is accepted',
  'probation-case.merge.completed.MERGE.json': 'probation-case.merge.completed is accepted',
  'probation-case.unmerge.completed.UNMERGE.json': 'probation-case.unmerge.completed is accepted',
  'probation-case.deleted.gdpr.CRN.json':
    'probation-case.deleted.gdpr with only a CRN and no additionalInformation is accepted',
}

const files = readdirSync(realDir)
  .filter(name => name.endsWith('.json'))
  .sort()

describe('real HMPPS events, as published today, are accepted', () => {
  it('every real fixture has a rule, and every rule a fixture', () => {
    expect(files).toEqual(Object.keys(RULES).sort())
  })

  it('each fixture is named <eventType>.<variant>.json after its own eventType, and is thin', () => {
    for (const name of files) {
      const event = real(name)
      expect(name.startsWith(`${String(event['eventType'])}.`), name).toBe(true)
      expect(name.split('.').length, name).toBeGreaterThan(String(event['eventType']).split('.').length + 1)
      expect((event['additionalInformation'] as Json | undefined)?.['snapshot'], name).toBeUndefined()
    }
  })

  it.each(files.map(name => ({ name, rule: RULES[name] ?? name })))('$rule ($name)', ({ name }) => {
    const event = real(name)
    const eventType = event['eventType']
    expect(isUpstreamEventType(eventType)).toBe(true)
    const result = parseUpstreamEvent(event)
    if (!result.ok) {
      const detail =
        result.reason === 'invalid'
          ? result.error.issues.map(issue => `${issue.path.join('.')}: ${issue.message}`).join('; ')
          : result.reason
      expect.fail(`${name} was refused: ${detail}`)
    }
    expect(result.source).toBe(EVENT_CATALOGUE[eventType as keyof typeof UPSTREAM_EVENTS].source)
    expect(result.event.eventType).toBe(eventType)
  })

  it('every Prisoner Search reason and DiffCategory has a real fixture', () => {
    const reasons = (type: string) =>
      files
        .filter(name => name.startsWith(`${type}.`))
        .map(name => (real(name)['additionalInformation'] as Json)['reason'])
    expect(reasons('prisoner-offender-search.prisoner.received').sort()).toEqual(
      [
        'NEW_ADMISSION',
        'READMISSION',
        'READMISSION_SWITCH_BOOKING',
        'TRANSFERRED',
        'RETURN_FROM_COURT',
        'TEMPORARY_ABSENCE_RETURN',
        'POST_MERGE_ADMISSION',
      ].sort(),
    )
    expect(reasons('prisoner-offender-search.prisoner.released').sort()).toEqual(
      ['RELEASED', 'TRANSFERRED', 'TEMPORARY_ABSENCE_RELEASE', 'RELEASED_TO_HOSPITAL', 'SENT_TO_COURT'].sort(),
    )
    const categories = files
      .filter(name => name.startsWith('prisoner-offender-search.prisoner.updated.'))
      .flatMap(name => (real(name)['additionalInformation'] as Json)['categoriesChanged'] as string[])
    const unknown = categories.filter(c => !(PRISONER_CATEGORIES_CHANGED as readonly string[]).includes(c))
    expect(unknown).toEqual(['SOMETHING_NEW'])
  })

  it('keeps the producers’ extra keys as they are (nDelius date strings are not read as dates)', () => {
    const result = parseUpstreamEvent(real('probation-case.registration.added.RHRH.json'))
    expect(result).toMatchObject({
      ok: true,
      event: {
        additionalInformation: {
          registerTypeCode: 'RHRH',
          registrationDate: 'Fri Jun 14 00:00:00 BST 2024',
          registrationLevelCode: '',
        },
      },
    })
    const merged = parseUpstreamEvent(real('prison-offender-events.prisoner.merged.MERGE.json'))
    expect(merged).toMatchObject({ ok: true, event: { additionalInformation: { bookingId: '1204587' } } })
  })
})

describe('allocatedComStaffCode', () => {
  const allocated = (event: Json): CommunityManagerAllocatedEvent => {
    const result = parseUpstreamEvent(event)
    if (!result.ok || result.event.eventType !== 'person.community.manager.allocated') {
      throw new Error('expected a parsed person.community.manager.allocated')
    }
    return result.event
  }

  it('is null for the thin hmpps-workload event (the allocation is at detailUrl; nothing to apply yet)', () => {
    expect(allocatedComStaffCode(allocated(real('person.community.manager.allocated.WORKLOAD.json')))).toBeNull()
  })

  it('is the staff code for the project’s own event', () => {
    const own = read(join(testDir, 'fixtures', 'person.community.manager.allocated.v1.json'))
    expect(allocatedComStaffCode(allocated(own))).toBe('N54A017')
  })
})
