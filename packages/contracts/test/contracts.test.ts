import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  CALENDAR_DATE_RANGE_MESSAGE,
  calendarDateSchema,
  isPublishedEventType,
  isUpstreamEventType,
  PUBLISHED_EVENT_TYPES,
  PUBLISHED_EVENTS,
  parsePublishedEvent,
  parseUpstreamEvent,
  TIER_MISSING_INPUTS,
  UPSTREAM_EVENT_TYPES,
  UPSTREAM_EVENTS,
} from '../src'

type Json = Record<string, unknown>

const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')

function fixture(eventType: string): Json {
  return JSON.parse(readFileSync(join(fixturesDir, `${eventType}.v1.json`), 'utf8')) as Json
}

/** A deep copy of the fixture with `edit` applied. */
function edited(eventType: string, edit: (event: Json) => void): Json {
  const event = structuredClone(fixture(eventType))
  edit(event)
  return event
}

function obj(value: unknown): Json {
  if (typeof value !== 'object' || value === null) throw new Error('not an object')
  return value as Json
}
const info = (event: Json) => obj(event['additionalInformation'])
const snapshot = (event: Json) => obj(info(event)['snapshot'])
const identifiers = (event: Json) => obj(event['personReference'])['identifiers'] as Json[]

/** The dotted paths of the issues a schema reports for `value` (fails the test when the value is accepted). */
function issuePaths(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value)
  if (result.success) throw new Error('expected the value to be rejected')
  return result.error.issues.map(issue => issue.path.join('.'))
}

function issues(schema: z.ZodType, value: unknown): Array<{ path: string; message: string }> {
  const result = schema.safeParse(value)
  if (result.success) throw new Error('expected the value to be rejected')
  return result.error.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }))
}

const received = UPSTREAM_EVENTS['prisoner-offender-search.prisoner.received'].schema
const assessment = UPSTREAM_EVENTS['assessment.summary.produced'].schema

describe('fixtures', () => {
  const files = readdirSync(fixturesDir).filter(name => name.endsWith('.v1.json'))

  it('there is exactly one fixture per upstream and published event type', () => {
    const types = files.map(name => name.replace(/\.v1\.json$/, '')).sort()
    expect(types).toEqual([...UPSTREAM_EVENT_TYPES, ...PUBLISHED_EVENT_TYPES].sort())
  })

  it.each(UPSTREAM_EVENT_TYPES)('upstream %s parses, with its source', eventType => {
    const event = fixture(eventType)
    expect(event['eventType']).toBe(eventType)
    const result = parseUpstreamEvent(event)
    expect(result).toMatchObject({ ok: true, source: UPSTREAM_EVENTS[eventType].source, event: { eventType } })
  })

  it.each(UPSTREAM_EVENT_TYPES)('upstream %s is accepted thin (without a snapshot)', eventType => {
    const thin = edited(eventType, event => {
      delete info(event)['snapshot']
    })
    expect(UPSTREAM_EVENTS[eventType].schema.safeParse(thin).success).toBe(true)
  })

  it.each(PUBLISHED_EVENT_TYPES)('published %s parses', eventType => {
    const event = fixture(eventType)
    expect(event['eventType']).toBe(eventType)
    expect(PUBLISHED_EVENTS[eventType].schema.parse(event)).toMatchObject({ eventType, version: 1 })
    expect(parsePublishedEvent(eventType, event).eventType).toBe(eventType)
  })

  it('maps every event type to its EventBridge source', () => {
    expect(UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].source).toBe('hmpps.prison')
    expect(UPSTREAM_EVENTS['person.community.manager.allocated'].source).toBe('hmpps.probation')
    expect(UPSTREAM_EVENTS['parole.review.updated'].source).toBe('hmpps.parole')
    expect(PUBLISHED_EVENTS['tier.calculation.complete'].source).toBe('omic.tiering')
    expect(PUBLISHED_EVENTS['offender-management.allocation.changed'].source).toBe('omic.allocation')
    expect(PUBLISHED_EVENTS['offender-management.handover.changed'].source).toBe('omic.handover')
    expect(PUBLISHED_EVENTS['offender-management.notification.failed'].source).toBe('omic.notifications')
    expect(isUpstreamEventType('parole.review.updated')).toBe(true)
    expect(isUpstreamEventType('tier.calculation.complete')).toBe(false)
    expect(isPublishedEventType('tier.calculation.complete')).toBe(true)
    expect(isPublishedEventType('toString')).toBe(false)
  })
})

/** The path of every `YYYY-MM-DD` string in a fixture. */
function datePaths(value: unknown, path: (string | number)[] = []): Array<(string | number)[]> {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? [path] : []
  if (Array.isArray(value)) return value.flatMap((item, i) => datePaths(item, [...path, i]))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => datePaths(item, [...path, key]))
  }
  return []
}

function setAt(event: Json, path: readonly (string | number)[], value: string): void {
  let at: unknown = event
  for (const key of path.slice(0, -1)) at = (at as Record<string | number, unknown>)[key]
  ;(at as Record<string | number, unknown>)[path.at(-1) as string | number] = value
}

describe('calendar dates must be between 1900-01-01 and 2200-12-31', () => {
  const schemaOf = (eventType: string): z.ZodType =>
    isUpstreamEventType(eventType)
      ? UPSTREAM_EVENTS[eventType].schema
      : PUBLISHED_EVENTS[eventType as (typeof PUBLISHED_EVENT_TYPES)[number]].schema
  const withDates = [...UPSTREAM_EVENT_TYPES, ...PUBLISHED_EVENT_TYPES]
    .map(eventType => ({ eventType, paths: datePaths(fixture(eventType)) }))
    .filter(({ paths }) => paths.length > 0)

  it('accepts the first and the last day of the range, and null where a date may be missing', () => {
    expect(calendarDateSchema.parse('1900-01-01')).toBe('1900-01-01')
    expect(calendarDateSchema.parse('2200-12-31')).toBe('2200-12-31')
    expect(calendarDateSchema.parse('2000-02-29')).toBe('2000-02-29')
    const edges = edited('prisoner-offender-search.prisoner.received', e => {
      snapshot(e)['dateOfBirth'] = '1900-01-01'
      snapshot(e)['sentenceExpiryDate'] = '2200-12-31'
      snapshot(e)['licenceExpiryDate'] = null
    })
    expect(received.safeParse(edges).success).toBe(true)
  })

  it('rejects a date before 1900-01-01 or after 2200-12-31 with the reason, and only that reason', () => {
    for (const date of ['1899-12-31', '0001-01-01', '2201-01-01', '2999-12-31', '9999-12-31']) {
      expect(issues(calendarDateSchema, date)).toEqual([{ path: '', message: CALENDAR_DATE_RANGE_MESSAGE }])
    }
    expect(CALENDAR_DATE_RANGE_MESSAGE).toBe('must be between 1900-01-01 and 2200-12-31')
    // an impossible date says so, not also that it is out of range
    expect(issues(calendarDateSchema, '2999-02-30')).toEqual([
      { path: '', message: 'must be a real calendar date YYYY-MM-DD' },
    ])
    expect(issues(calendarDateSchema, '31/12/2999')).toEqual([
      { path: '', message: 'must be a real calendar date YYYY-MM-DD' },
    ])
  })

  it('covers the date of birth and every other date field of the upstream and published fixtures', () => {
    const all = withDates.flatMap(({ eventType, paths }) => paths.map(path => `${eventType}:${path.join('.')}`))
    expect(all).toEqual(
      expect.arrayContaining([
        'prisoner-offender-search.prisoner.received:additionalInformation.snapshot.dateOfBirth',
        'probation-case.registration.added:additionalInformation.snapshot.registrations.0.date',
        'offender-management.handover.changed:additionalInformation.handoverDate',
        'offender-management.com.allocation-requested:additionalInformation.neededBy',
      ]),
    )
  })

  it.each(withDates)(
    '$eventType: each date outside the range is rejected, naming its field',
    ({ eventType, paths }) => {
      for (const path of paths) {
        for (const date of ['1899-12-31', '2201-01-01']) {
          const event = edited(eventType, e => setAt(e, path, date))
          expect(issues(schemaOf(eventType), event), `${path.join('.')} = ${date}`).toEqual([
            { path: path.join('.'), message: CALENDAR_DATE_RANGE_MESSAGE },
          ])
        }
      }
    },
  )
})

describe('upstream events: normalisation', () => {
  it('absent snapshot dates and lists read as null / empty', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      const s = snapshot(e)
      delete s['paroleEligibilityDate']
      delete s['sentences']
      delete s['category']
    })
    const parsed = received.parse(event)
    expect(parsed.additionalInformation.snapshot?.paroleEligibilityDate).toBeNull()
    expect(parsed.additionalInformation.snapshot?.sentences).toEqual([])
    expect(parsed.additionalInformation.snapshot?.category).toBeNull()
  })

  it('numeric NOMIS case ids and assessment ids become strings', () => {
    const updated = UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].schema.parse(
      fixture('prisoner-offender-search.prisoner.updated'),
    )
    expect(updated.additionalInformation.snapshot?.sentences[0]?.caseId).toBe('904411')
    const event = edited('assessment.summary.produced', e => {
      info(e)['assessmentId'] = 10083457
      snapshot(e)['assessmentId'] = 10083457
    })
    expect(assessment.parse(event).additionalInformation.snapshot?.assessmentId).toBe('10083457')
  })

  it('ARNS band labels are normalised (Not Applicable → NOT_APPLICABLE)', () => {
    const parsed = assessment.parse(fixture('assessment.summary.produced'))
    expect(parsed.additionalInformation.snapshot?.predictors?.directContactSexualReoffending?.band).toBe(
      'NOT_APPLICABLE',
    )
    const veryHigh = edited('assessment.summary.produced', e => {
      obj(obj(snapshot(e)['predictors'])['allReoffending'])['band'] = 'Very High'
    })
    expect(assessment.parse(veryHigh).additionalInformation.snapshot?.predictors?.allReoffending?.band).toBe(
      'VERY_HIGH',
    )
  })

  it('keeps extra additionalInformation keys (real events carry more) but drops unknown snapshot keys', () => {
    const parsed = UPSTREAM_EVENTS['prison-offender-events.prisoner.merged'].schema.parse(
      fixture('prison-offender-events.prisoner.merged'),
    )
    expect(parsed.additionalInformation['reason']).toBe('MERGE')
    const event = edited('probation-case.details.changed', e => {
      snapshot(e)['favouriteColour'] = 'green'
    })
    const details = UPSTREAM_EVENTS['probation-case.details.changed'].schema.parse(event)
    expect(details.additionalInformation.snapshot).not.toHaveProperty('favouriteColour')
  })

  it('a details-changed event without additionalInformation is accepted', () => {
    const event = edited('probation-case.details.changed', e => {
      delete e['additionalInformation']
    })
    expect(UPSTREAM_EVENTS['probation-case.details.changed'].schema.parse(event).additionalInformation).toEqual({})
  })

  it('leap days are real dates, other 29ths of February are not', () => {
    const leap = edited('prisoner-offender-search.prisoner.received', e => {
      snapshot(e)['conditionalReleaseDate'] = '2028-02-29'
    })
    expect(received.safeParse(leap).success).toBe(true)
    const notLeap = edited('prisoner-offender-search.prisoner.received', e => {
      snapshot(e)['conditionalReleaseDate'] = '2027-02-29'
    })
    expect(issuePaths(received, notLeap)).toEqual(['additionalInformation.snapshot.conditionalReleaseDate'])
  })
})

describe('upstream events: rejections name the field', () => {
  it('rejects a malformed NOMS number', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      obj(identifiers(e)[0])['value'] = 'A12345B'
    })
    expect(issues(received, event)).toContainEqual({
      path: 'personReference.identifiers.0.value',
      message: 'must be a NOMS number like A1234BC',
    })
  })

  it('rejects a malformed CRN', () => {
    const schema = UPSTREAM_EVENTS['probation-case.registration.added'].schema
    const event = edited('probation-case.registration.added', e => {
      obj(identifiers(e)[0])['value'] = 'X12345'
    })
    expect(issuePaths(schema, event)).toEqual(['personReference.identifiers.0.value'])
  })

  it('rejects an unknown identifier type', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      obj(identifiers(e)[0])['type'] = 'PNC'
    })
    expect(issuePaths(received, event)).toContain('personReference.identifiers.0.type')
  })

  it('requires the identifier the event is about', () => {
    const prison = edited('prisoner-offender-search.prisoner.received', e => {
      obj(e['personReference'])['identifiers'] = [{ type: 'CRN', value: 'X482913' }]
    })
    expect(issues(received, prison)).toContainEqual({
      path: 'personReference.identifiers',
      message: 'must include a NOMS identifier',
    })
    const probation = edited('assessment.summary.produced', e => {
      delete e['personReference']
    })
    expect(issuePaths(assessment, probation)).toEqual(['personReference'])
  })

  it('rejects conflicting identifiers of one type', () => {
    const event = edited('probation-case.convictions.changed', e => {
      identifiers(e).push({ type: 'CRN', value: 'X000001' })
    })
    const schema = UPSTREAM_EVENTS['probation-case.convictions.changed'].schema
    expect(issues(schema, event)).toContainEqual({
      path: 'personReference.identifiers',
      message: 'has conflicting CRN identifiers',
    })
  })

  it('rejects a snapshot about someone else', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      snapshot(e)['nomsNumber'] = 'A1111AA'
    })
    expect(issuePaths(received, event)).toEqual(['additionalInformation.snapshot.nomsNumber'])
    const details = edited('probation-case.details.changed', e => {
      snapshot(e)['crn'] = 'X000001'
    })
    expect(issuePaths(UPSTREAM_EVENTS['probation-case.details.changed'].schema, details)).toEqual([
      'additionalInformation.snapshot.crn',
    ])
  })

  it('rejects impossible calendar dates wherever they appear', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      const s = snapshot(e)
      s['sentenceStartDate'] = '2026-13-01'
      s['releaseDate'] = '2029-04-31'
      s['dateOfBirth'] = '17/04/1991'
      obj((s['sentences'] as Json[])[0])['startDate'] = '2026-02-30'
    })
    expect(issuePaths(received, event).sort()).toEqual([
      'additionalInformation.snapshot.dateOfBirth',
      'additionalInformation.snapshot.releaseDate',
      'additionalInformation.snapshot.sentenceStartDate',
      'additionalInformation.snapshot.sentences.0.startDate',
    ])
    const parole = edited('parole.review.updated', e => {
      snapshot(e)['targetHearingDate'] = '2027-02-31'
    })
    expect(issuePaths(UPSTREAM_EVENTS['parole.review.updated'].schema, parole)).toEqual([
      'additionalInformation.snapshot.targetHearingDate',
    ])
    const registration = edited('probation-case.registration.added', e => {
      obj((snapshot(e)['registrations'] as Json[])[1])['date'] = '2026-09-31'
    })
    expect(issuePaths(UPSTREAM_EVENTS['probation-case.registration.added'].schema, registration)).toEqual([
      'additionalInformation.snapshot.registrations.1.date',
    ])
  })

  it('rejects an occurredAt without an offset', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      e['occurredAt'] = '2026-11-23T09:12:44'
    })
    expect(issuePaths(received, event)).toEqual(['occurredAt'])
  })

  it('rejects missing required fields', () => {
    const event = edited('prisoner-offender-search.prisoner.received', e => {
      delete e['occurredAt']
      delete info(e)['reason']
      delete snapshot(e)['nomsNumber']
      delete snapshot(e)['legalStatus']
    })
    expect(issuePaths(received, event).sort()).toEqual([
      'additionalInformation.reason',
      'additionalInformation.snapshot.legalStatus',
      'additionalInformation.snapshot.nomsNumber',
      'occurredAt',
    ])
    const merge = edited('probation-case.merge.completed', e => {
      delete info(e)['sourceCRN']
    })
    expect(issuePaths(UPSTREAM_EVENTS['probation-case.merge.completed'].schema, merge)).toEqual([
      'additionalInformation.sourceCRN',
    ])
    // staffCode is optional (hmpps-workload's event has none) but, when given, must be a code
    const manager = edited('person.community.manager.allocated', e => {
      delete info(e)['snapshot']
      info(e)['staffCode'] = ''
    })
    expect(issuePaths(UPSTREAM_EVENTS['person.community.manager.allocated'].schema, manager)).toEqual([
      'additionalInformation.staffCode',
    ])
  })

  it('rejects values outside the enums', () => {
    const reason = edited('prisoner-offender-search.prisoner.received', e => {
      info(e)['reason'] = 'ESCAPED'
      snapshot(e)['legalStatus'] = 'ON_HOLIDAY'
    })
    expect(issuePaths(received, reason).sort()).toEqual([
      'additionalInformation.reason',
      'additionalInformation.snapshot.legalStatus',
    ])
    // categoriesChanged takes any non-empty name (Prisoner Search adds categories): only an empty one is refused
    const categories = edited('prisoner-offender-search.prisoner.updated', e => {
      info(e)['categoriesChanged'] = ['SENTENCE', '']
    })
    expect(issuePaths(UPSTREAM_EVENTS['prisoner-offender-search.prisoner.updated'].schema, categories)).toEqual([
      'additionalInformation.categoriesChanged.1',
    ])
    const released = edited('prisoner-offender-search.prisoner.released', e => {
      info(e)['reason'] = 'ADMISSION'
    })
    expect(issuePaths(UPSTREAM_EVENTS['prisoner-offender-search.prisoner.released'].schema, released)).toEqual([
      'additionalInformation.reason',
    ])
    const grade = edited('person.community.manager.allocated', e => {
      snapshot(e)['grade'] = 'Chief'
    })
    expect(issuePaths(UPSTREAM_EVENTS['person.community.manager.allocated'].schema, grade)).toEqual([
      'additionalInformation.snapshot.grade',
    ])
    const details = edited('probation-case.details.changed', e => {
      snapshot(e)['mappaLevel'] = 4
      snapshot(e)['probationService'] = 'Scotland'
    })
    expect(issuePaths(UPSTREAM_EVENTS['probation-case.details.changed'].schema, details).sort()).toEqual([
      'additionalInformation.snapshot.mappaLevel',
      'additionalInformation.snapshot.probationService',
    ])
  })

  it('rejects an unrecognised section answer and an unknown predictor band', () => {
    const event = edited('assessment.summary.produced', e => {
      obj(obj(snapshot(e)['sections'])['drugMisuse'])['everInjectedDrugs'] = 'Sometimes'
      obj(snapshot(e)['womensFactors'])['impulsivity'] = 'Loads'
      obj(obj(snapshot(e)['predictors'])['combinedSeriousReoffending'])['band'] = 'Extreme'
    })
    expect(issues(assessment, event)).toEqual([
      {
        path: 'additionalInformation.snapshot.sections.drugMisuse.everInjectedDrugs',
        message: 'Section Answer not recognised',
      },
      { path: 'additionalInformation.snapshot.womensFactors.impulsivity', message: 'Section Answer not recognised' },
      {
        path: 'additionalInformation.snapshot.predictors.combinedSeriousReoffending.band',
        message: expect.any(String),
      },
    ])
  })

  it('rejects a snapshot whose id disagrees with additionalInformation', () => {
    const event = edited('assessment.summary.produced', e => {
      snapshot(e)['assessmentId'] = '999'
    })
    expect(issuePaths(assessment, event)).toEqual(['additionalInformation.snapshot.assessmentId'])
    const merged = edited('prison-offender-events.prisoner.merged', e => {
      info(e)['removedNomsNumber'] = 'G4521UV'
    })
    expect(issuePaths(UPSTREAM_EVENTS['prison-offender-events.prisoner.merged'].schema, merged)).toEqual([
      'additionalInformation.removedNomsNumber',
    ])
  })

  it('reports an unknown eventType as unknown, not invalid', () => {
    expect(parseUpstreamEvent({ ...fixture('parole.review.updated'), eventType: 'prison.visit.booked' })).toEqual({
      ok: false,
      reason: 'unknown-event-type',
      eventType: 'prison.visit.booked',
    })
    expect(parseUpstreamEvent('not an event')).toEqual({
      ok: false,
      reason: 'unknown-event-type',
      eventType: undefined,
    })
    const invalid = parseUpstreamEvent(edited('parole.review.updated', e => delete e['version']))
    expect(invalid).toMatchObject({ ok: false, reason: 'invalid', eventType: 'parole.review.updated' })
  })

  it('rejects an envelope carrying another eventType', () => {
    const event = { ...fixture('prisoner-offender-search.prisoner.updated') }
    expect(issuePaths(received, event)).toContain('eventType')
  })
})

describe('published events: rejections name the field', () => {
  const tier = PUBLISHED_EVENTS['tier.calculation.complete'].schema
  const allocation = PUBLISHED_EVENTS['offender-management.allocation.changed'].schema
  const handover = PUBLISHED_EVENTS['offender-management.handover.changed'].schema

  it('tier labels must match the calculation version', () => {
    const v2 = edited('tier.calculation.complete', e => {
      Object.assign(info(e), { version: 2, tier: 'B2S', previousTier: null })
      delete info(e)['provisional']
    })
    expect(tier.safeParse(v2).success).toBe(true)
    const v3WithV2Label = edited('tier.calculation.complete', e => {
      info(e)['tier'] = 'B2'
    })
    expect(issuePaths(tier, v3WithV2Label)).toEqual(['additionalInformation.tier'])
    const historicPrevious = edited('tier.calculation.complete', e => {
      info(e)['previousTier'] = 'C1'
    })
    expect(tier.safeParse(historicPrevious).success).toBe(true)
    const v4 = edited('tier.calculation.complete', e => {
      info(e)['version'] = 4
    })
    expect(issuePaths(tier, v4)).toEqual(['additionalInformation.version'])
  })

  it('tier.calculation.complete: missingInputs is optional (absent on older events) and lists tiering’s part names', () => {
    expect(tier.safeParse(fixture('tier.calculation.complete')).success).toBe(true)
    const older = edited('tier.calculation.complete', e => {
      delete info(e)['missingInputs']
    })
    expect(tier.safeParse(older).success).toBe(true)
    const complete = edited('tier.calculation.complete', e => {
      info(e)['missingInputs'] = []
    })
    expect(tier.safeParse(complete).success).toBe(true)
    const all = edited('tier.calculation.complete', e => {
      info(e)['missingInputs'] = [...TIER_MISSING_INPUTS]
    })
    expect(tier.safeParse(all).success).toBe(true)
    const v2 = edited('tier.calculation.complete', e => {
      Object.assign(info(e), { version: 2, tier: 'D2', previousTier: null, missingInputs: ['registrations'] })
      delete info(e)['provisional']
    })
    expect(tier.safeParse(v2).success).toBe(true)
    const unknown = edited('tier.calculation.complete', e => {
      info(e)['missingInputs'] = ['assessment', 'rosh']
    })
    expect(issuePaths(tier, unknown)).toEqual(['additionalInformation.missingInputs.1'])
    expect(TIER_MISSING_INPUTS).toEqual(['registrations', 'assessment', 'convictions', 'details'])
  })

  it('requires a UUID calculationId and the CRN of the envelope', () => {
    const event = edited('tier.calculation.complete', e => {
      info(e)['calculationId'] = '42'
      info(e)['crn'] = 'X000001'
    })
    expect(issuePaths(tier, event).sort()).toEqual(['additionalInformation.calculationId', 'additionalInformation.crn'])
  })

  it('allocation.changed: staffCode null on removal; role and trigger are enums', () => {
    const removed = edited('offender-management.allocation.changed', e => {
      Object.assign(info(e), { staffCode: null, role: 'coworking', eventTrigger: 'offender_released' })
    })
    expect(allocation.safeParse(removed).success).toBe(true)
    const bad = edited('offender-management.allocation.changed', e => {
      Object.assign(info(e), { role: 'deputy', eventTrigger: 'whim', nomsNumber: 'G4521U' })
      delete info(e)['prisonId']
    })
    expect(issuePaths(allocation, bad).sort()).toEqual([
      'additionalInformation.eventTrigger',
      'additionalInformation.nomsNumber',
      'additionalInformation.prisonId',
      'additionalInformation.role',
    ])
  })

  it('handover.changed: dates are real dates or null, and the envelope version is 1', () => {
    const none = edited('offender-management.handover.changed', e => {
      Object.assign(info(e), { handoverDate: null, handoverStartDate: null, reason: 'recall_case' })
    })
    expect(handover.safeParse(none).success).toBe(true)
    const bad = edited('offender-management.handover.changed', e => {
      e['version'] = 2
      Object.assign(info(e), { handoverDate: '2028-09-31', source: 'guess' })
    })
    expect(issuePaths(handover, bad).sort()).toEqual([
      'additionalInformation.handoverDate',
      'additionalInformation.source',
      'version',
    ])
  })

  it('com.allocation-requested: CRN must agree with the envelope; neededBy is required', () => {
    const schema = PUBLISHED_EVENTS['offender-management.com.allocation-requested'].schema
    const otherCrn = edited('offender-management.com.allocation-requested', e => {
      info(e)['crn'] = 'X000001'
    })
    expect(issuePaths(schema, otherCrn)).toEqual(['additionalInformation.crn'])
    const noDate = edited('offender-management.com.allocation-requested', e => {
      delete info(e)['neededBy']
    })
    expect(issuePaths(schema, noDate)).toEqual(['additionalInformation.neededBy'])
  })

  it('early allocation and notifications require their fields', () => {
    const ea = edited('community-early-allocation-eligibility.status.changed', e => {
      info(e)['eligibilityStatus'] = 'yes'
    })
    expect(issuePaths(PUBLISHED_EVENTS['community-early-allocation-eligibility.status.changed'].schema, ea)).toEqual([
      'additionalInformation.eligibilityStatus',
    ])
    const sent = edited('offender-management.notification.sent', e => {
      delete info(e)['reference']
    })
    expect(issuePaths(PUBLISHED_EVENTS['offender-management.notification.sent'].schema, sent)).toEqual([
      'additionalInformation.reference',
    ])
    expect(() =>
      parsePublishedEvent(
        'offender-management.notification.failed',
        edited('offender-management.notification.failed', e => {
          info(e)['failure'] = 'lost-in-post'
        }),
      ),
    ).toThrow(/additionalInformation/)
  })
})
