/**
 * On DynamoDB Local: who overrode (`overriddenBy`), the assessment behind an eligibility event (email #15's two
 * templates), the anchor-compatible `/api` reads and the handover part of a subject access request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { serviceTables } from '../../../../test/helpers/tables'
import { DynamoCaseStore } from '../../src/adapters/dynamo-case-store'
import type { Actor } from '../../src/model/access'
import { DEFAULT_SERVICE_OPTIONS } from '../../src/model/reconcile'
import type { DomainEvent } from '../../src/model/records'
import { apiHandoverView, apiOffenderView } from '../../src/model/views'
import type { EventSink } from '../../src/ports'
import {
  createEarlyAllocation,
  decideEarlyAllocation,
  overrideResponsibility,
  removeOverride,
  updateChecklist,
  updateEarlyAllocation,
} from '../../src/use-cases/manage-handover'
import { subjectAccess } from '../../src/use-cases/queries'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import type { HandoverDeps } from '../../src/use-cases/update-case'
import { clockOf, crnLinksIn } from '../support/deps'
import { caseEvent, comAllocated, pomAllocated, probationDetails, received } from '../support/events'

class RecordingSink implements EventSink {
  events: DomainEvent[] = []
  async publish(events: readonly DomainEvent[]): Promise<void> {
    this.events.push(...events)
  }
  of(eventType: string): Record<string, unknown>[] {
    return this.events.filter(e => e.eventType === eventType).map(e => e.additionalInformation)
  }
  clear(): void {
    this.events = []
  }
}

const ELIGIBILITY = 'community-early-allocation-eligibility.status.changed'
const HANDOVER_CHANGED = 'offender-management.handover.changed'

let tables: Awaited<ReturnType<typeof serviceTables>>
let sink: RecordingSink
let now: Date
let deps: HandoverDeps

const spo: Actor = {
  subject: 'spo-7',
  staffId: '9007',
  name: 'Morgan Reyes',
  email: 'morgan.reyes@justice.example',
  roles: ['SPO'],
  prisons: ['LEI'],
  pdus: [],
}
const pom: Actor = { subject: 'pom-7', staffId: '485926', roles: ['POM'], prisons: ['LEI'], pdus: [] }

const NO = {
  convictedUnderTerrorismAct2000: false,
  highProfile: false,
  seriousCrimePreventionOrder: false,
  mappaLevel3: false,
  cppcCase: false,
  extremismSeparation: false,
  dueForReleaseInLessThan24Months: null,
  highRiskOfSeriousHarm: false,
  mappaLevel2: false,
  pathfinderProcess: false,
  otherReason: false,
}
const AUTOMATIC = { ...NO, highProfile: true }
const DISCRETIONARY = { ...NO, highRiskOfSeriousHarm: true }

const assess = (answers: typeof NO, discretionary = false) => ({
  oasysRiskAssessmentDate: '2026-07-01',
  answers,
  reason: discretionary ? 'High risk of serious harm on release' : null,
  approved: discretionary ? true : null,
  version: undefined,
})

beforeAll(async () => {
  tables = await serviceTables('handover')
})
afterAll(() => tables?.drop())
beforeEach(() => {
  sink = new RecordingSink()
  now = new Date('2026-08-01T10:00:00Z')
  deps = {
    store: new DynamoCaseStore(tables.client, tables.tableName),
    crnLinks: crnLinksIn(tables.client, tables.tableName),
    events: sink,
    clock: clockOf(() => now),
    options: DEFAULT_SERVICE_OPTIONS,
  }
})

const record = (detail: Record<string, unknown>) => recordCaseEvent(deps, caseEvent(detail))

/** A determinate case (CRD 2027-12-31) with its primary POM: inside the 18-month window from 2026-07-01. */
async function aCase(noms: string, at = '2026-08-01T09:00:00Z'): Promise<void> {
  await record(received(noms, at))
  const later = new Date(Date.parse(at) + 5 * 60_000).toISOString()
  await record(pomAllocated(noms, 485926, later, 'LEI', 'Alex Pomerton'))
  sink.clear()
}

describe('overriddenBy on handover.changed', () => {
  it('names the SPO who set the override and the one who removed it, from their token', async () => {
    await aCase('G1000GG')
    await overrideResponsibility(deps, spo, 'G1000GG', {
      reason: 'prisoner_has_been_recalled',
      reasonText: null,
      message: null,
      version: undefined,
    })
    const remover: Actor = { ...spo, subject: 'spo-8', staffId: '9008', name: 'Jo Brennan', email: 'not-an-email' }
    await removeOverride(deps, remover, 'G1000GG', { reasonText: 'Recall revoked', version: undefined })
    expect(sink.of(HANDOVER_CHANGED)).toEqual([
      expect.objectContaining({
        source: 'override',
        responsibility: 'Community',
        reason: 'prisoner_has_been_recalled',
        overriddenBy: { staffId: '9007', name: 'Morgan Reyes', email: 'morgan.reyes@justice.example' },
      }),
      expect.objectContaining({
        source: 'override',
        responsibility: 'CustodyOnly',
        // a malformed email claim is not published (the contract needs a real address)
        overriddenBy: { staffId: '9008', name: 'Jo Brennan', email: null },
      }),
    ])
  })

  it('is absent from calculated changes', async () => {
    await record(received('G1001GG', '2026-08-01T09:00:00Z'))
    const [changed] = sink.of(HANDOVER_CHANGED)
    expect(changed).toMatchObject({ source: 'calculation' })
    expect(changed).not.toHaveProperty('overriddenBy')
  })
})

describe('the eligibility event and the assessment behind it (email #15)', () => {
  it('an automatic assessment in the window: eligible now, outcome "eligible"', async () => {
    await aCase('G1100GG')
    const created = await createEarlyAllocation(deps, pom, 'G1100GG', assess(AUTOMATIC))
    expect(created.action).toBe('activate_and_notify_ldu')
    expect(sink.of(ELIGIBILITY)).toEqual([
      {
        nomsNumber: 'G1100GG',
        eligibilityStatus: true,
        assessmentOutcome: 'eligible',
        assessmentId: created.assessment.id,
      },
    ])
    expect(created.record).toMatchObject({
      earlyAllocationEligible: true,
      earlyAllocationStatusAt: now.toISOString(),
      calculation: { reason: 'early_allocation' },
    })
  })

  it('a discretionary referral in the window: not eligible yet, outcome "discretionary"; once per referral', async () => {
    await aCase('G1101GG')
    const created = await createEarlyAllocation(deps, pom, 'G1101GG', assess(DISCRETIONARY, true))
    expect(created.action).toBe('request_community_decision')
    expect(sink.of(ELIGIBILITY)).toEqual([
      {
        nomsNumber: 'G1101GG',
        eligibilityStatus: false,
        assessmentOutcome: 'discretionary',
        assessmentId: created.assessment.id,
      },
    ])
    expect(created.record.earlyAllocationEligible).toBe(false)
    sink.clear()
    // re-answering the same referral (still discretionary) does not ask the LDU again
    await updateEarlyAllocation(deps, pom, 'G1101GG', created.assessment.id, {
      ...assess(DISCRETIONARY, true),
      reason: 'High risk of serious harm, reworded',
    })
    expect(sink.of(ELIGIBILITY)).toEqual([])
    // the community accepts: eligible, the same assessment, outcome still "discretionary"
    await decideEarlyAllocation(deps, pom, 'G1101GG', created.assessment.id, {
      communityDecision: true,
      version: undefined,
    })
    expect(sink.of(ELIGIBILITY)).toEqual([
      expect.objectContaining({
        eligibilityStatus: true,
        assessmentOutcome: 'discretionary',
        assessmentId: created.assessment.id,
      }),
    ])
  })

  it('a discretionary referral replacing an active eligible one flips eligibility off and asks the LDU', async () => {
    await aCase('G1102GG')
    await createEarlyAllocation(deps, pom, 'G1102GG', assess(AUTOMATIC))
    sink.clear()
    const second = await createEarlyAllocation(deps, spo, 'G1102GG', assess(DISCRETIONARY, true))
    expect(sink.of(ELIGIBILITY)).toEqual([
      expect.objectContaining({
        eligibilityStatus: false,
        assessmentOutcome: 'discretionary',
        assessmentId: second.assessment.id,
      }),
    ])
    sink.clear()
    // the community declines: already not eligible, nothing flips, nothing to ask
    await decideEarlyAllocation(deps, pom, 'G1102GG', second.assessment.id, {
      communityDecision: false,
      version: undefined,
    })
    expect(sink.of(ELIGIBILITY)).toEqual([])
  })

  it('a new automatic assessment while eligible is published again (a new referral); an ineligible one flips off', async () => {
    await aCase('G1103GG')
    await createEarlyAllocation(deps, pom, 'G1103GG', assess(AUTOMATIC))
    const again = await createEarlyAllocation(deps, pom, 'G1103GG', assess(AUTOMATIC))
    const ineligible = await createEarlyAllocation(deps, pom, 'G1103GG', assess(NO))
    expect(sink.of(ELIGIBILITY).slice(1)).toEqual([
      expect.objectContaining({
        eligibilityStatus: true,
        assessmentOutcome: 'eligible',
        assessmentId: again.assessment.id,
      }),
      expect.objectContaining({
        eligibilityStatus: false,
        assessmentOutcome: 'ineligible',
        assessmentId: ineligible.assessment.id,
      }),
    ])
  })

  it('an assessment outside the 18-month window publishes nothing', async () => {
    now = new Date('2026-01-15T10:00:00Z')
    await aCase('G1104GG', '2026-01-15T09:00:00Z')
    const created = await createEarlyAllocation(deps, pom, 'G1104GG', {
      ...assess(DISCRETIONARY, true),
      oasysRiskAssessmentDate: '2026-01-02',
    })
    expect(created.assessment.createdWithinReferralWindow).toBe(false)
    expect(sink.of(ELIGIBILITY)).toEqual([])
  })
})

describe('the anchor-compatible reads', () => {
  it('/api/handovers: POM fields while the POM is responsible, COM fields once the COM is', async () => {
    await aCase('G1200GG')
    await record(probationDetails('G120000', 'G1200GG', '2026-08-01T09:10:00Z'))
    await record(comAllocated('G120000', 'G1200GG', '2026-08-01T09:20:00Z'))
    const pomView = apiHandoverView((await deps.store.load('G1200GG')) ?? fail())
    expect(pomView).toEqual({
      nomsNumber: 'G1200GG',
      handoverDate: '2027-04-16',
      handoverStartDate: '2027-04-16',
      responsibility: 'POM',
      responsibleComName: null,
      responsibleComEmail: null,
      responsiblePomName: 'Alex Pomerton',
      responsiblePomNomisId: 485926,
    })
    const { record: overridden } = await overrideResponsibility(deps, spo, 'G1200GG', {
      reason: 'community_team_to_work_with_offender',
      reasonText: null,
      message: null,
      version: undefined,
    })
    expect(apiHandoverView(overridden)).toEqual({
      nomsNumber: 'G1200GG',
      handoverDate: '2027-04-16',
      handoverStartDate: '2027-04-16',
      responsibility: 'COM',
      responsibleComName: 'Priya Hollings',
      responsibleComEmail: 'priya.hollings@probation.example',
      responsiblePomName: null,
      responsiblePomNomisId: null,
    })
    expect(apiOffenderView(overridden)).toEqual({
      offender_no: 'G1200GG',
      nomsNumber: 'G1200GG',
      early_allocation_eligibility_status: false,
    })
  })

  it('no calculated handover (outside OMiC policy, or only a POM fact) reads as not found', async () => {
    await record(received('G1201GG', '2026-08-01T09:00:00Z', { dateOfBirth: '2010-01-01' }))
    const young = (await deps.store.load('G1201GG')) ?? fail()
    expect(young.calculation?.status).toBe('out_of_policy')
    expect(apiHandoverView(young)).toBeNull()
    expect(apiOffenderView(young)).toBeNull()
    await record(pomAllocated('G1202GG', 485926, '2026-08-01T09:00:00Z'))
    const pomOnly = (await deps.store.load('G1202GG')) ?? fail()
    expect(apiHandoverView(pomOnly)).toBeNull()
  })
})

describe('the handover part of a subject access request', () => {
  it('returns what is held, text for codes, and nothing that identifies staff or the CRN', async () => {
    await aCase('G1300GG')
    await record(probationDetails('G130000', 'G1300GG', '2026-08-01T09:10:00Z'))
    await record(comAllocated('G130000', 'G1300GG', '2026-08-01T09:20:00Z'))
    now = new Date('2026-08-02T10:00:00Z')
    await createEarlyAllocation(deps, pom, 'G1300GG', assess(AUTOMATIC))
    now = new Date('2026-08-03T10:00:00Z')
    await overrideResponsibility(deps, spo, 'G1300GG', {
      reason: 'other_reason',
      reasonText: 'Agreed at the case conference',
      message: 'Please pick this up, Priya',
      version: undefined,
    })
    now = new Date('2027-03-01T10:00:00Z')
    await updateChecklist(deps, pom, 'G1300GG', { contactedCom: true }, undefined)

    const content = (await subjectAccess(deps, 'G1300GG', null)) ?? fail()
    expect(content.nomsNumber).toBe('G1300GG')
    expect(content.calculatedHandoverDate.map(c => [c.calculatedOn, c.responsibility, c.reason])).toEqual([
      ['2026-08-01', 'POM responsible', 'Determinate sentence more than 10 months'],
      ['2026-08-02', 'POM responsible', 'Early allocation'],
      ['2026-08-03', 'COM responsible', 'Override: other reason'],
      // the calculation moved on past the (early allocation) handover date; the override still decides
      ['2027-03-01', 'COM responsible', 'Override: other reason'],
    ])
    expect(content.earlyAllocations).toEqual([
      expect.objectContaining({ outcome: 'Eligible', oasysRiskAssessmentDate: '2026-07-01' }),
    ])
    expect(content.calculatedEarlyAllocationStatus).toEqual({ eligible: true, updatedAt: '2026-08-02T10:00:00.000Z' })
    expect(content.responsibility).toEqual({
      value: 'Probation',
      reason: 'Other reason',
      reasonText: 'Agreed at the case conference',
      createdAt: '2026-08-03T10:00:00.000Z',
    })
    expect(content.handoverProgressChecklist).toMatchObject({ contactedCom: true, reviewedOasys: false })
    const body = JSON.stringify(content)
    for (const staff of ['pom-7', 'spo-7', '9007', '485926', 'Alex Pomerton', 'Morgan', 'Priya', 'G130000']) {
      expect(body).not.toContain(staff)
    }
  })

  it('filters by date: the last state before the window and those inside; events only inside', async () => {
    const window = { from: '2026-08-02', to: '2026-08-02' }
    const inside = (await subjectAccess(deps, 'G1300GG', window)) ?? fail()
    expect(inside.calculatedHandoverDate.map(c => c.calculatedOn)).toEqual(['2026-08-01', '2026-08-02'])
    expect(inside.earlyAllocations).toHaveLength(1)
    expect(inside.responsibility).toBeNull()
    expect(inside.handoverProgressChecklist).toBeNull()
    const later = (await subjectAccess(deps, 'G1300GG', { from: '2026-09-01', to: '2026-12-31' })) ?? fail()
    expect(later.calculatedHandoverDate.map(c => c.calculatedOn)).toEqual(['2026-08-03'])
    expect(later.earlyAllocations).toEqual([])
    expect(later.responsibility).not.toBeNull()
    // a window before anything was held, or an unknown prisoner: nothing (204)
    expect(await subjectAccess(deps, 'G1300GG', { from: '2020-01-01', to: '2020-12-31' })).toBeNull()
    expect(await subjectAccess(deps, 'Z9999ZZ', null)).toBeNull()
  })
})

function fail(): never {
  throw new Error('expected a value')
}
