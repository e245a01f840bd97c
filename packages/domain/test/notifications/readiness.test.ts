import { describe, expect, it } from 'vitest'
import {
  ADDRESS_FIELDS,
  addressFieldOf,
  bulkAllocationsEmail,
  CASE_FACT_FIELDS,
  comAllocatedEmail,
  coworkingRemovedEmail,
  EXPECTED_TIER_INPUTS,
  emailContent,
  expectedOptionalFacts,
  OPTIONAL_CASE_FACT_FIELDS,
  placeholdersOf,
  RECIPIENT_RULES,
  readinessOf,
  readinessWith,
  recipientKey,
  TEMPLATES,
  tierStillExpected,
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

describe('what a complete email may still wait for: its address, and a bounded time for expected optional facts', () => {
  const comFields = TEMPLATES['com-allocated'].fields.map(f => f.name)
  const none = { crn: true, tier: false, probationDetails: false, assessment: false }

  it('expects the tier, RoSH, RSR and OGRS of a probation case until the events that bring them have arrived', () => {
    expect(expectedOptionalFacts(comFields, none)).toEqual(['ogrs_level', 'rosh', 'rsr_level', 'tier'])
    expect(expectedOptionalFacts(comFields, { ...none, tier: true, assessment: true })).toEqual(['rosh'])
    // probation details without a RoSH level say the case has none: nothing more to wait for
    expect(expectedOptionalFacts(comFields, { ...none, probationDetails: true, assessment: true })).toEqual(['tier'])
    expect(
      expectedOptionalFacts(comFields, { crn: true, tier: true, probationDetails: true, assessment: true }),
    ).toEqual([])
  })

  it('still expects the tier while the latest was calculated without inputs that may still come (registrations, assessment, details)', () => {
    const known = { crn: true, tier: true, probationDetails: true, assessment: true }
    for (const input of ['registrations', 'assessment', 'details', 'convictions']) {
      expect(expectedOptionalFacts(comFields, { ...known, tierMissingInputs: [input] })).toEqual(['tier'])
    }
    expect(expectedOptionalFacts(comFields, { ...known, tierMissingInputs: ['registrations', 'assessment'] })).toEqual([
      'tier',
    ])
    expect(EXPECTED_TIER_INPUTS).toEqual(['registrations', 'assessment', 'details', 'convictions'])
  })

  it('expects no more tier once one was calculated with every input, or its event did not say, or lacked only an unknown input', () => {
    const known = { crn: true, tier: true, probationDetails: true, assessment: true }
    expect(expectedOptionalFacts(comFields, { ...known, tierMissingInputs: [] })).toEqual([])
    expect(expectedOptionalFacts(comFields, known)).toEqual([])
    expect(expectedOptionalFacts(comFields, { ...known, tierMissingInputs: ['something-new'] })).toEqual([])
    // without a CRN nothing is expected, whatever the tier lacked
    expect(expectedOptionalFacts(comFields, { ...known, crn: false, tierMissingInputs: ['assessment'] })).toEqual([])
    expect(tierStillExpected(false, undefined)).toBe(true)
    expect(tierStillExpected(true, ['details'])).toBe(true)
    expect(tierStillExpected(true, [])).toBe(false)
  })

  it('expects nothing without a CRN (no probation case: no tier, RoSH or OASys will come), nor fields the email lacks', () => {
    expect(expectedOptionalFacts(comFields, { ...none, crn: false })).toEqual([])
    expect(expectedOptionalFacts(['prisoner_name', 'handover_date'], none)).toEqual([])
  })

  it('waits for them, and for an address, as fields of the reason; an invalid email stays invalid', () => {
    const ready = comAllocatedEmail(com)
    expect(readinessWith(ready, {})).toMatchObject({ state: 'ready' })
    expect(readinessWith(ready, { expecting: ['tier', 'rosh'] })).toEqual({
      state: 'waiting',
      waitingFor: ['rosh', 'tier'],
      violations: [
        { field: 'tier', reason: 'expected' },
        { field: 'rosh', reason: 'expected' },
      ],
    })
    const noName = comAllocatedEmail({ ...com, caseName: null })
    expect(readinessWith(noName, { address: 'com_address' })).toMatchObject({
      state: 'waiting',
      waitingFor: ['case_name', 'com_address'],
    })
    const blank = comAllocatedEmail({ ...com, caseName: ' ' })
    expect(readinessWith(blank, { address: 'com_address', expecting: ['tier'] }).state).toBe('invalid')
  })

  it('waits for the addresses later events supply (the LDU mailbox, a COM, a POM); not for one only its event carries', () => {
    expect(addressFieldOf(RECIPIENT_RULES.lduMailbox)).toBe('ldu_mailbox')
    expect(addressFieldOf(RECIPIENT_RULES.allocatedCom)).toBe('com_address')
    expect(addressFieldOf(RECIPIENT_RULES.primaryPom)).toBe('pom_address')
    for (const rule of [
      RECIPIENT_RULES.actingSpo,
      RECIPIENT_RULES.allocatingOfficer,
      RECIPIENT_RULES.extraRecipient,
      RECIPIENT_RULES.bulkSourcePom,
      RECIPIENT_RULES.bulkTargetPom,
    ]) {
      expect(addressFieldOf(rule)).toBeNull()
    }
    // address fields and optional facts never clash with a template's own fields
    const used = new Set(Object.values(TEMPLATES).flatMap(t => t.fields.map(f => f.name)))
    expect(Object.values(ADDRESS_FIELDS).filter(f => used.has(f))).toEqual([])
    expect(Object.keys(OPTIONAL_CASE_FACT_FIELDS).filter(f => !used.has(f))).toEqual([])
  })

  it('keys the case’s LDU mailbox by its role, so an email keeps its identity when its address is learnt later', () => {
    expect(recipientKey({ kind: 'ldu-mailbox' })).toBe('ldu-mailbox')
  })
})
