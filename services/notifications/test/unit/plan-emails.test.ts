import type { PublishedEventOf } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import type { CaseRecord, StaffRef } from '../../src/model/directory'
import { PortalLinks } from '../../src/model/links'
import type { PlannedEmail } from '../../src/model/planned-email'
import { comExtras, sentenceText } from '../../src/use-cases/case-facts'
import {
  earlyAllocationKind,
  planAllocationChanged,
  planComAllocated,
  planEarlyAllocation,
  planHandoverChanged,
  planReminder,
  prisonNameOf,
} from '../../src/use-cases/plan-emails'
import {
  allocationChanged,
  COM,
  CRN,
  comAllocated,
  handoverChanged,
  LDU,
  NOMS,
  parsed,
  reminderDue,
} from '../support/events'

const links = new PortalLinks('https://portal.example')
const primary: StaffRef = { staffId: '485926', name: 'Anne Lee', email: 'anne.lee@prison.example' }
const coworker: StaffRef = { staffId: '485101', name: 'Bob Ray', email: 'bob.ray@prison.example' }
const record: CaseRecord = {
  nomsNumber: NOMS,
  crn: CRN,
  prisoner: {
    firstName: 'Dami',
    lastName: 'Okafor',
    prisonId: 'LEI',
    status: 'ACTIVE IN',
    legalStatus: 'SENTENCED',
    indeterminate: false,
    conditionalReleaseDate: '2028-03-01',
    paroleEligibilityDate: null,
    tariffDate: null,
    releaseDate: null,
  },
  probation: { crn: CRN, lduCode: LDU.code, lduName: LDU.name, lduEmail: LDU.email, roshLevel: 'HIGH' },
  primaryPom: primary,
}

const summary = (plans: PlannedEmail[]) =>
  plans.map(p => ({ template: p.template, rule: p.rule, to: p.recipient.email, valid: p.content.ok }))

function detail<T extends { detail: unknown }>(event: T): T['detail'] {
  return event.detail
}

describe('allocation emails', () => {
  it('tells both POMs when a co-worker is added, and the primary POM when they are removed', () => {
    const added = allocationChanged('2026-11-23T10:00:00Z', { staffCode: 485101, role: 'coworking' })
    if (added.detailType !== 'offender-management.allocation.changed') throw new Error()
    const plans = planAllocationChanged(
      added.detail,
      { record, outcome: 'applied', previous: null, current: coworker, primaryPom: primary },
      links,
    )
    expect(summary(plans)).toEqual([
      { template: 'coworking-allocated-primary', rule: 'primary-pom', to: primary.email, valid: true },
      { template: 'coworking-allocated-coworker', rule: 'coworking-pom', to: coworker.email, valid: true },
    ])
    const removed = detail(allocationChanged('2026-11-24T10:00:00Z', { staffCode: null, role: 'coworking' }))
    expect(
      summary(
        planAllocationChanged(
          removed as never,
          { record, outcome: 'applied', previous: coworker, current: null, primaryPom: primary },
          links,
        ),
      ),
    ).toEqual([{ template: 'coworking-removed', rule: 'primary-pom', to: primary.email, valid: true }])
  })

  it('tells the former POM when the prisoner is released or transferred, not on other deallocations', () => {
    const facts = { record, outcome: 'applied' as const, previous: primary, current: null, primaryPom: null }
    const released = detail(
      allocationChanged('2026-11-23T10:00:00Z', { staffCode: null, eventTrigger: 'offender_released' }),
    )
    expect(summary(planAllocationChanged(released as never, facts, links))).toEqual([
      { template: 'offender-deallocated', rule: 'previous-primary-pom', to: primary.email, valid: true },
    ])
    const manual = detail(allocationChanged('2026-11-23T10:00:00Z', { staffCode: null, eventTrigger: 'manual_change' }))
    expect(planAllocationChanged(manual as never, facts, links)).toEqual([])
  })

  it('sends no per-case emails for a bulk reallocation, and none for a stale event', () => {
    const facts = { record, outcome: 'applied' as const, previous: coworker, current: primary, primaryPom: primary }
    const bulk = detail(
      allocationChanged('2026-11-23T10:00:00Z', { staffCode: 485926, eventTrigger: 'bulk_reallocation' }),
    )
    expect(planAllocationChanged(bulk as never, facts, links)).toEqual([])
    const user = detail(allocationChanged('2026-11-23T10:00:00Z', { staffCode: 485926 }))
    expect(planAllocationChanged(user as never, { ...facts, outcome: 'stale' }, links)).toEqual([])
  })

  it('shows the SPO’s note on a new allocation and a reallocation (#1) as "Additional information"', () => {
    const noteOf = (plans: PlannedEmail[]) =>
      plans.map(p => [p.template, p.content.ok ? p.content.value.personalisation.note : 'invalid'])
    const allocated = allocationChanged('2026-11-23T10:00:00Z', {
      staffCode: 485926,
      note: 'Dami starts the Thinking Skills course on Monday',
    })
    if (allocated.detailType !== 'offender-management.allocation.changed') throw new Error()
    const facts = { record, outcome: 'applied' as const, previous: null, current: primary, primaryPom: primary }
    expect(noteOf(planAllocationChanged(allocated.detail, facts, links))).toEqual([
      ['new-allocation', 'Additional information: Dami starts the Thinking Skills course on Monday'],
    ])
    // a reallocation: the new POM reads the note; the previous POM's email has no note field
    const reallocated = allocationChanged('2026-11-24T10:00:00Z', {
      staffCode: 485926,
      previousStaffCode: 485101,
      note: 'Keep the Friday visits',
    })
    if (reallocated.detailType !== 'offender-management.allocation.changed') throw new Error()
    const plans = planAllocationChanged(reallocated.detail, { ...facts, previous: coworker }, links)
    expect(noteOf(plans)).toEqual([
      ['new-allocation', 'Additional information: Keep the Friday visits'],
      ['reallocation-previous-pom', undefined],
    ])
    // without a note (or from an older producer) the line is blank
    const plain = allocationChanged('2026-11-25T10:00:00Z', { staffCode: 485926, note: null })
    if (plain.detailType !== 'offender-management.allocation.changed') throw new Error()
    expect(noteOf(planAllocationChanged(plain.detail, facts, links))).toEqual([['new-allocation', '']])
  })

  it('shows the SPO’s note to both POMs when a co-worker is added (#3)', () => {
    const added = allocationChanged('2026-11-23T10:00:00Z', {
      staffCode: 485101,
      role: 'coworking',
      note: 'Bob leads on the resettlement plan',
    })
    if (added.detailType !== 'offender-management.allocation.changed') throw new Error()
    const plans = planAllocationChanged(
      added.detail,
      { record, outcome: 'applied', previous: null, current: coworker, primaryPom: primary },
      links,
    )
    expect(plans.map(p => [p.template, p.content.ok && p.content.value.personalisation.note])).toEqual([
      ['coworking-allocated-primary', 'Additional information: Bob leads on the resettlement plan'],
      ['coworking-allocated-coworker', 'Additional information: Bob leads on the resettlement plan'],
    ])
  })

  it('keys each allocation email by role, POM and event time (a replay has the same key)', () => {
    const user = detail(allocationChanged('2026-11-23T10:00:00Z', { staffCode: 485926 }))
    const [plan] = planAllocationChanged(
      user as never,
      { record, outcome: 'applied', previous: null, current: primary, primaryPom: primary },
      links,
    )
    expect(plan?.episode).toBe('primary:485926@2026-11-23T10:00:00Z')
    expect(plan?.caseRef).toEqual({ nomsNumber: NOMS, crn: CRN, prisonId: 'LEI' })
  })
})

describe('override emails', () => {
  it('tells the LDU and the primary POM when an override is removed; nothing for calculations', () => {
    const removed = detail(handoverChanged('2026-11-23T10:00:00Z', { source: 'override', reason: 'determinate' }))
    const plans = planHandoverChanged(removed as never, {
      record,
      outcome: 'applied',
      previous: undefined,
      primaryPom: primary,
    })
    expect(summary(plans)).toEqual([
      { template: 'responsibility-override-removed', rule: 'ldu-mailbox', to: LDU.email, valid: true },
      { template: 'responsibility-override-removed', rule: 'primary-pom', to: primary.email, valid: true },
    ])
    const calculated = detail(handoverChanged('2026-11-23T10:00:00Z', {}))
    expect(
      planHandoverChanged(calculated as never, {
        record,
        outcome: 'applied',
        previous: undefined,
        primaryPom: primary,
      }),
    ).toEqual([])
  })

  const spo = { staffId: 'SPO-4411', name: 'Rhiannon Vale', email: 'rhiannon.vale@prison.example' }
  const facts = { record, outcome: 'applied' as const, previous: undefined, primaryPom: primary }

  it('sends the acting SPO their own copy of an override, with the same episode as the LDU’s', () => {
    const set = detail(
      handoverChanged('2026-11-23T10:00:00Z', {
        source: 'override',
        responsibility: 'Community',
        reason: 'prisoner_has_been_recalled',
        overriddenBy: spo,
      }),
    )
    const plans = planHandoverChanged(set as never, facts)
    expect(summary(plans)).toEqual([
      { template: 'responsibility-override', rule: 'ldu-mailbox', to: LDU.email, valid: true },
      { template: 'responsibility-override', rule: 'acting-spo', to: spo.email, valid: true },
    ])
    expect(plans[1]?.recipient).toEqual({ kind: 'staff', staffId: spo.staffId, email: spo.email })
    expect(plans[1]?.episode).toBe(plans[0]?.episode)
    expect(plans[1]?.content).toEqual(plans[0]?.content)
    // the prison is named, not coded
    expect(plans[0]?.content.ok && plans[0].content.value.personalisation.prison_name).toBe('HMP Leeds')
  })

  it('copies the SPO on a removal too; by address alone without a staff id; never twice to one person', () => {
    const removal = (overriddenBy: unknown) =>
      planHandoverChanged(
        detail(
          handoverChanged('2026-11-24T10:00:00Z', { source: 'override', reason: 'determinate', overriddenBy }),
        ) as never,
        facts,
      )
    expect(summary(removal(spo)).map(p => [p.rule, p.to])).toEqual([
      ['ldu-mailbox', LDU.email],
      ['primary-pom', primary.email],
      ['acting-spo', spo.email],
    ])
    const byAddress = removal({ staffId: null, name: null, email: spo.email })
    expect(byAddress.at(-1)?.recipient).toEqual({ kind: 'mailbox', email: spo.email })
    // no address, no copy; an SPO who is also the primary POM (by id or address) or the LDU mailbox gets one email
    expect(removal({ ...spo, email: null }).map(p => p.rule)).toEqual(['ldu-mailbox', 'primary-pom'])
    expect(removal({ ...spo, staffId: primary.staffId }).map(p => p.rule)).toEqual(['ldu-mailbox', 'primary-pom'])
    expect(removal({ ...spo, email: primary.email?.toUpperCase() }).map(p => p.rule)).toEqual([
      'ldu-mailbox',
      'primary-pom',
    ])
    expect(removal({ staffId: null, name: null, email: LDU.email }).map(p => p.rule)).toEqual([
      'ldu-mailbox',
      'primary-pom',
    ])
    // events from before the field existed, and null, send what they always sent
    expect(removal(undefined).map(p => p.rule)).toEqual(['ldu-mailbox', 'primary-pom'])
    expect(removal(null).map(p => p.rule)).toEqual(['ldu-mailbox', 'primary-pom'])
  })
})

describe('reminders', () => {
  const plan = (info: Record<string, unknown>, pom: StaffRef | null = primary) =>
    planReminder(detail(reminderDue('2026-11-23T03:00:00Z', info)) as never, { record, pom, lduName: LDU.name }, links)

  it('routes each reminder to the POM or the LDU mailbox', () => {
    expect(plan({ reminder: 'handover-date-reached', comName: 'Priya Hollings' }).map(p => p.template)).toEqual([
      'handover-date',
    ])
    expect(summary(plan({ reminder: 'open-prison-supporting-com' }))).toEqual([
      { template: 'open-prison-supporting-com-needed', rule: 'ldu-mailbox', to: LDU.email, valid: true },
    ])
    const review = plan({ reminder: 'early-allocation-window-entered' })
    expect(review[0]?.content.ok && review[0].content.value.personalisation.start_page_link).toBe(
      'https://portal.example/prisons/LEI/prisoners/G4821KT/early-allocations/new',
    )
  })

  it('has no POM email when no POM is allocated; the LDU email says so', () => {
    expect(plan({ reminder: 'com-allocation-overdue', pomStaffCode: null }, null)).toEqual([])
    const [urgent] = plan({ reminder: 'urgent-pipeline', pomStaffCode: null }, null)
    expect(urgent?.content.ok && urgent.content.value.personalisation.pom_name).toBe(
      'This offender does not have an allocated POM',
    )
  })

  it('falls back to the prisoner’s release dates and the directory’s LDU mailbox', () => {
    const [overdue] = plan({ reminder: 'com-allocation-overdue', earliestReleaseDate: null, lduEmail: null })
    expect(overdue?.content.ok && overdue.content.value.personalisation.release_date).toBe('1 March 2028')
    expect(overdue?.content.ok && overdue.content.value.personalisation.has_ldu_email).toBe('yes')
  })
})

describe('early allocation and COM allocation', () => {
  it('tells the LDU mailbox when a case becomes eligible, with the assessment link', () => {
    const event = (eligibilityStatus: boolean) => ({
      eventType: 'community-early-allocation-eligibility.status.changed' as const,
      version: 1 as const,
      occurredAt: '2026-11-23T10:00:00Z',
      personReference: { identifiers: [{ type: 'NOMS' as const, value: NOMS }] },
      additionalInformation: { nomsNumber: NOMS, eligibilityStatus },
    })
    const [auto] = planEarlyAllocation(event(true), { record }, links)
    expect(auto?.template).toBe('auto-early-allocation')
    expect(auto?.content.ok && auto.content.value.personalisation).toMatchObject({
      pom_name: 'Anne Lee',
      link_to_document: 'https://portal.example/prisons/LEI/prisoners/G4821KT/early-allocations',
    })
    expect(planEarlyAllocation(event(false), { record }, links)).toEqual([])
  })

  it('asks the LDU for a community decision on a discretionary assessment, once per assessment', () => {
    const event = (info: Record<string, unknown>, occurredAt = '2026-11-23T10:00:00Z') =>
      detail(
        parsed('omic.handover', 'community-early-allocation-eligibility.status.changed', {
          eventType: 'community-early-allocation-eligibility.status.changed',
          version: 1,
          occurredAt,
          personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
          additionalInformation: { nomsNumber: NOMS, ...info },
        }),
      ) as PublishedEventOf<'community-early-allocation-eligibility.status.changed'>
    const pending = event({ eligibilityStatus: false, assessmentOutcome: 'discretionary', assessmentId: 'EA-7' })
    const [decision] = planEarlyAllocation(pending, { record }, links)
    expect(decision?.template).toBe('community-early-allocation')
    expect(decision?.rule).toBe('ldu-mailbox')
    expect(decision?.recipient.email).toBe(LDU.email)
    expect(decision?.episode).toBe('discretionary:EA-7')
    expect(decision?.content.ok && decision.content.value.personalisation).toMatchObject({
      prisoner_name: 'Dami Okafor',
      pom_name: 'Anne Lee',
      pom_email_address: primary.email,
      prison_name: 'HMP Leeds',
      link_to_document: 'https://portal.example/prisons/LEI/prisoners/G4821KT/early-allocations',
    })
    // the same assessment published again is the same episode (the dedupe key stops it)
    const again = planEarlyAllocation(
      event(
        { eligibilityStatus: false, assessmentOutcome: 'discretionary', assessmentId: 'EA-7' },
        '2026-11-24T10:00:00Z',
      ),
      { record },
      links,
    )
    expect(again[0]?.episode).toBe('discretionary:EA-7')
    const [eligible] = planEarlyAllocation(
      event({ eligibilityStatus: true, assessmentOutcome: 'eligible', assessmentId: 'EA-8' }),
      { record },
      links,
    )
    expect([eligible?.template, eligible?.episode]).toEqual(['auto-early-allocation', 'eligible:EA-8'])
    // without an assessment id, one per event as before
    const [legacy] = planEarlyAllocation(event({ eligibilityStatus: true }), { record }, links)
    expect([legacy?.template, legacy?.episode]).toEqual(['auto-early-allocation', 'eligible@2026-11-23T10:00:00Z'])
  })

  it('chooses the early-allocation template from the assessment outcome, as before when there is none', () => {
    const kind = (eligibilityStatus: boolean, assessmentOutcome?: 'eligible' | 'discretionary' | 'ineligible' | null) =>
      earlyAllocationKind({
        nomsNumber: NOMS,
        eligibilityStatus,
        ...(assessmentOutcome !== undefined ? { assessmentOutcome } : {}),
      })
    expect(kind(true)).toBe('automatic')
    expect(kind(false)).toBeNull()
    expect(kind(true, 'eligible')).toBe('automatic')
    expect(kind(false, 'eligible')).toBeNull()
    expect(kind(false, 'discretionary')).toBe('discretionary')
    // the community said yes: the case is active, and the LDU that decided is not asked again
    expect(kind(true, 'discretionary')).toBeNull()
    expect(kind(false, 'ineligible')).toBeNull()
    expect(kind(true, 'ineligible')).toBeNull()
    expect(kind(false, null)).toBeNull()
  })

  it('names prisons from the table, falling back to the code', () => {
    expect(prisonNameOf('MDI')).toBe('HMP Moorland')
    expect(prisonNameOf('esi')).toBe('HMP East Sutton Park')
    expect(prisonNameOf('ZZI')).toBe('ZZI')
    expect(prisonNameOf(null)).toBe('Unknown')
  })

  it('reads the allocation service’s COM allocation extras in exactly the shape it publishes', () => {
    const event = comAllocated(
      '2026-11-22T13:20:00Z',
      COM,
      {
        staffCode: COM.staffCode,
        snapshot: { ...COM, grade: 'PO', teamCode: 'N54T01', pduCode: 'N54LEEDS' },
        allocationId: 'b6b1f2a4-6f0e-4d5e-9a43-1c1d3c0e8f11',
        allocatingStaffId: 'spo-sub-1',
        allocatingOfficer: { staffCode: 'N54S001', name: 'Sam Lowe', email: 'sam.lowe@probation.example' },
        allocationJustificationNotes: 'Lives near the Leeds office.',
        previousStaffCode: null,
        emailTo: ['team-inbox@probation.example'],
        sendEmailCopyToAllocatingOfficer: true,
      },
      'omic.allocation',
    )
    if (event.detailType !== 'person.community.manager.allocated') throw new Error(event.detailType)
    const extras = comExtras(event.detail.additionalInformation)
    expect(extras).toEqual({
      allocatingOfficer: { staffId: 'N54S001', name: 'Sam Lowe', email: 'sam.lowe@probation.example' },
      sendCopyToAllocatingOfficer: true,
      emailTo: ['team-inbox@probation.example'],
      notes: 'Lives near the Leeds office.',
    })
    const plans = planComAllocated(event.detail, CRN, {
      com: { staffId: COM.staffCode, name: COM.name, email: COM.email },
      record,
      outcome: 'applied',
      previous: null,
      extras,
      sentence: sentenceText(record.prisoner),
    })
    expect(summary(plans).map(p => [p.rule, p.to])).toEqual([
      ['allocated-com', COM.email],
      ['allocating-officer', 'sam.lowe@probation.example'],
      ['extra-recipient', 'team-inbox@probation.example'],
    ])
    expect(plans[0]?.content.ok && plans[0].content.value.personalisation).toMatchObject({
      allocating_officer_name: 'Sam Lowe',
      notes: 'Lives near the Leeds office.',
    })
    // a sensitive allocation carries no notes
    const sensitive = comExtras({ ...event.detail.additionalInformation, allocationJustificationNotes: null })
    expect(sensitive.notes).toBeNull()
  })

  it('copies the allocating officer and extra recipients once each, ignoring malformed extras', () => {
    const extras = comExtras({
      allocatingOfficer: { staffCode: 'N54S001', name: 'Sam Lowe', email: 'sam.lowe@probation.example' },
      sendEmailCopyToAllocatingOfficer: true,
      emailTo: ['TEAM@probation.example', 'team@probation.example', COM.email],
    })
    const com = { staffId: COM.staffCode, name: COM.name, email: COM.email }
    const plans = planComAllocated(detail(comAllocated('2026-11-22T13:20:00Z')) as never, CRN, {
      com,
      record,
      outcome: 'applied',
      previous: null,
      extras,
      sentence: sentenceText(record.prisoner),
    })
    expect(summary(plans).map(p => [p.rule, p.to])).toEqual([
      ['allocated-com', COM.email],
      ['allocating-officer', 'sam.lowe@probation.example'],
      ['extra-recipient', 'TEAM@probation.example'],
    ])
    expect(plans[0]?.content.ok && plans[0].content.value.personalisation.sentence).toBe(
      'Determinate custodial sentence, conditional release 1 March 2028',
    )
    expect(comExtras({ emailTo: 'not-a-list', sendEmailCopyToAllocatingOfficer: 'yes' })).toEqual({
      allocatingOfficer: null,
      sendCopyToAllocatingOfficer: false,
      emailTo: [],
      notes: null,
    })
  })
})

describe('the case in a COM allocation’s dedupe key', () => {
  it('is the one the event names (its NOMS number, else its CRN), whatever the directory has linked since', () => {
    const facts = {
      com: { staffId: COM.staffCode, name: COM.name, email: COM.email },
      record: { nomsNumber: NOMS, crn: CRN },
      outcome: 'applied' as const,
      previous: null,
      extras: { allocatingOfficer: null, sendCopyToAllocatingOfficer: false, emailTo: [], notes: null },
      sentence: null,
    }
    const named = comAllocated('2026-11-22T13:20:00Z')
    const crnOnly = comAllocated('2026-11-22T13:20:00Z', COM, {}, 'hmpps.probation', { crn: CRN, noms: null })
    if (named.detailType !== 'person.community.manager.allocated') throw new Error(named.detailType)
    if (crnOnly.detailType !== 'person.community.manager.allocated') throw new Error(crnOnly.detailType)
    expect(planComAllocated(named.detail, CRN, facts).map(p => p.caseKey)).toEqual([NOMS])
    // the directory knows the prisoner now, but the event did not name them: keyed as when it was first seen
    const [plan] = planComAllocated(crnOnly.detail, CRN, facts)
    expect(plan).toMatchObject({ caseKey: CRN, caseRef: { nomsNumber: NOMS, crn: CRN } })
  })
})
