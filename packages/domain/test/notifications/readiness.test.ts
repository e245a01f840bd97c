import { describe, expect, it } from 'vitest'
import {
  bulkAllocationsEmail,
  CASE_FACT_FIELDS,
  comAllocatedEmail,
  coworkingRemovedEmail,
  emailContent,
  placeholdersOf,
  readinessOf,
  TEMPLATES,
  upcomingHandoverWindowEmail,
  waitingReason,
} from '../../src/notifications'

const com = {
  officerName: 'Priya Hollings',
  caseName: 'Dami Okafor',
  crn: 'X482913',
  tier: 'B',
  roshLevel: 'HIGH',
  rsrScore: 7.2,
  ogrsScore: 81,
  sentence: null,
  notes: null,
  allocatingOfficerName: null,
}

describe('an email waits for case facts, and only for them', () => {
  it('is ready when every field has a value', () => {
    const readiness = readinessOf(comAllocatedEmail(com))
    expect(readiness.state).toBe('ready')
  })

  it('waits when what is missing is a fact about the case a later event brings (the fields, sorted, once each)', () => {
    expect(readinessOf(comAllocatedEmail({ ...com, caseName: null, officerName: null }))).toEqual({
      state: 'waiting',
      waitingFor: ['case_name', 'officer_name'],
      violations: [
        { field: 'officer_name', reason: 'is required' },
        { field: 'case_name', reason: 'is required' },
      ],
    })
    const removed = coworkingRemovedEmail({
      primaryPomName: null,
      coworkingPomName: null,
      prisoner: { nomsNumber: 'G4821KT', name: null },
      url: 'https://portal.example/x',
    })
    expect(readinessOf(removed)).toMatchObject({
      state: 'waiting',
      waitingFor: ['coworking_pom_name', 'pom_name', 'prisoner_name'],
    })
  })

  it('is invalid for good when a value no case event supplies is missing, even if case facts are missing too', () => {
    // the reminder event itself carries the handover date: a later event about the case cannot supply it
    const reminder = upcomingHandoverWindowEmail({
      prisoner: { nomsNumber: 'G4821KT', name: null },
      prisonerFirstName: null,
      releaseDate: null,
      handoverKind: 'standard',
      handoverDate: null,
    })
    const readiness = readinessOf(reminder)
    expect(readiness.state).toBe('invalid')
    if (readiness.state !== 'invalid') return
    expect(readiness.violations.map(v => v.field).sort()).toEqual([
      'handover_date',
      'prisoner_first_name',
      'prisoner_name',
    ])
    // a digest without its cases
    const digest = bulkAllocationsEmail({
      direction: 'created',
      pomName: 'Anne Lee',
      otherPomName: 'Bob Ray',
      cases: [],
      message: null,
      url: 'https://portal.example/x',
    })
    expect(readinessOf(digest).state).toBe('invalid')
  })

  it('is invalid for good when a value is malformed: blank, a bad flag, or a field the template does not have', () => {
    expect(readinessOf(comAllocatedEmail({ ...com, caseName: '  ' })).state).toBe('invalid')
    expect(readinessOf(comAllocatedEmail({ ...com, crn: '' })).state).toBe('invalid')
    const complete = comAllocatedEmail(com)
    if (!complete.ok) throw new Error('test values')
    const values = { ...complete.value.personalisation, case_name: null, colour: 'blue' }
    expect(readinessOf(emailContent('com-allocated', values)).state).toBe('invalid')
  })

  it('names a parked email’s reason by the fields it waits for, never their values', () => {
    expect(waitingReason(['case_name', 'crn'])).toBe('waiting-for:case_name,crn')
  })

  it('lists as case facts only fields some template has', () => {
    const used = new Set(Object.values(TEMPLATES).flatMap(t => [...t.fields.map(f => f.name), ...placeholdersOf(t)]))
    expect(Object.keys(CASE_FACT_FIELDS).filter(f => !used.has(f))).toEqual([])
  })
})
