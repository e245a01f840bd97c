import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalCloud, REPO_ROOT, startLocalCloud } from '../../local/src/runtime/local-cloud'
import { publish } from '../helpers/local-cloud-client'

/**
 * The notifications service through the local runtime: events on the bus → the service's rule → the directory and
 * the outbox, exactly once; the API; the monthly schedule; and no personal data in any function's log.
 * The people below are made up, with names distinctive enough that finding them in a log cannot be a coincidence.
 */
const STATE_DIR = join(REPO_ROOT, '.local', 'notifications-e2e')
const NOMS = 'K7710QZ'
const CRN = 'Q771055'
const PRISONER = { firstName: 'Zephyrine', lastName: 'Quillfeather' }
const POM = { staffCode: 917301, name: 'Ottoline Brackenbury', email: 'ottoline.brackenbury@prison.example' }
const LDU = { code: 'Q77LDU1', name: 'Quillshire Central', email: 'quillshire-omu@probation.example' }
// #18: a POM set inactive through the allocation API by an SPO whose token carries their name and email
const RETURNED = { noms: 'K7720QZ', crn: 'Q772066', firstName: 'Peregrina', lastName: 'Thistlewood' }
const AWAY_POM = { staffId: 917302, name: 'Barnaby Quincebrook', email: 'barnaby.quincebrook@prison.example' }
const SPO = { staffId: '917390', name: 'Wilhelmina Ashdown', email: 'wilhelmina.ashdown@prison.example' }
// a COM allocation that arrives before the prisoner's details (it waits, parked, until they arrive)
const LATE = { noms: 'K7730QZ', crn: 'Q773077', firstName: 'Ignatius', lastName: 'Wolverstone' }
const LATE_COM = {
  staffCode: 'Q77A001',
  name: 'Rosalind Fairweatherby',
  email: 'rosalind.fairweatherby@probation.example',
}
// the SPO's note on the allocation: free text that may say anything about the person, so never logged
const NOTE = 'Marigoldhurst parole dossier is due before Candlemas'
const PERSONAL_DATA = [
  PRISONER.firstName,
  PRISONER.lastName,
  'Ottoline',
  'Brackenbury',
  POM.email,
  LDU.email,
  RETURNED.firstName,
  RETURNED.lastName,
  'Quincebrook',
  AWAY_POM.email,
  'Wilhelmina',
  'Ashdown',
  SPO.email,
  'Marigoldhurst',
  LATE.firstName,
  LATE.lastName,
  'Fairweatherby',
  LATE_COM.email,
]

let cloud: LocalCloud
let admin: string
let spo: string

async function put(source: string, detail: Record<string, unknown>): Promise<void> {
  await publish(cloud, source, detail, { untilIdle: false })
}

async function api(
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

type OutboxEntry = {
  id: string
  template: string
  to: string
  nomsNumber: string | null
  subject: string
  body: string
}
async function outbox(): Promise<OutboxEntry[]> {
  const r = await api('GET', '/notifications/outbox?limit=200', admin)
  expect(r.status).toBe(200)
  return r.body.outbox as OutboxEntry[]
}

const allocation = {
  eventType: 'offender-management.allocation.changed',
  version: 1,
  occurredAt: '2026-11-23T10:00:00Z',
  personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
  additionalInformation: {
    nomsNumber: NOMS,
    staffCode: POM.staffCode,
    prisonId: 'LEI',
    role: 'primary',
    eventTrigger: 'user',
    staffName: POM.name,
    staffEmail: POM.email,
    previousStaffCode: null,
  },
}

beforeAll(async () => {
  rmSync(join(STATE_DIR, 'logs'), { recursive: true, force: true })
  cloud = await startLocalCloud({ schedules: false, retryDelaysMs: [10, 20], stateDir: STATE_DIR })
  admin = await cloud.issuer.issue({ sub: 'e2e-admin', roles: ['ADMIN'], prisons: ['*'] })
  spo = await cloud.issuer.issue({ sub: 'e2e-spo', roles: ['SPO'], prisons: ['LEI'] })
  await put('hmpps.prison', {
    eventType: 'prisoner-offender-search.prisoner.received',
    version: 1,
    occurredAt: '2026-11-20T09:00:00Z',
    personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
    additionalInformation: {
      reason: 'ADMISSION',
      prisonId: 'LEI',
      snapshot: {
        nomsNumber: NOMS,
        ...PRISONER,
        dateOfBirth: '1990-02-11',
        prisonId: 'LEI',
        status: 'ACTIVE IN',
        legalStatus: 'SENTENCED',
        imprisonmentStatus: 'SENT03',
        sentenceStartDate: '2026-01-10',
        conditionalReleaseDate: '2027-09-01',
      },
    },
  })
  await put('hmpps.probation', {
    eventType: 'probation-case.details.changed',
    version: 1,
    occurredAt: '2026-11-20T09:00:00Z',
    personReference: {
      identifiers: [
        { type: 'CRN', value: CRN },
        { type: 'NOMS', value: NOMS },
      ],
    },
    additionalInformation: {
      snapshot: { crn: CRN, nomsNumber: NOMS, lduCode: LDU.code, lduName: LDU.name, lduEmail: LDU.email },
    },
  })
  await cloud.bus.idle()
})

afterAll(async () => {
  await cloud?.stop()
})

describe('notifications through the local runtime', () => {
  it('puts the allocation email in the outbox exactly once when the event is delivered twice', async () => {
    await put('omic.allocation', allocation)
    await put('omic.allocation', allocation)
    await cloud.bus.idle()
    const mine = (await outbox()).filter(e => e.nomsNumber === NOMS && e.template === 'new-allocation')
    expect(mine).toHaveLength(1)
    expect(mine[0]).toMatchObject({ to: POM.email, subject: 'New OMIC allocation' })
    expect(mine[0]?.body).toContain('Dear Ottoline,')
    expect(mine[0]?.body).toContain(`Zephyrine Quillfeather (${NOMS})`)
    const sent = cloud.bus
      .recent({ detailType: 'offender-management.notification.sent', source: 'omic.notifications' })
      .filter(
        e =>
          (e.detail as { additionalInformation: { notificationId: string } }).additionalInformation.notificationId ===
          mine[0]?.id,
      )
    expect(sent).toHaveLength(1)
  })

  it('shows the case’s email history to an SPO of the prison, and validates the query', async () => {
    const history = await api('GET', `/notifications?nomsNumber=${NOMS}`, spo)
    expect(history.status).toBe(200)
    const notifications = history.body.notifications as { template: string; status: string; attempts: number }[]
    expect(notifications).toEqual([
      expect.objectContaining({ template: 'new-allocation', status: 'sent', attempts: 1 }),
    ])
    const byRecipient = await api('GET', `/notifications?recipient=${encodeURIComponent(POM.email)}&status=sent`, spo)
    expect((byRecipient.body.notifications as unknown[]).length).toBe(1)
    const bad = await api('GET', '/notifications?nomsNumber=nope&status=lost', spo)
    expect(bad.status).toBe(400)
    expect((bad.body.errors as { field: string }[]).map(e => e.field).sort()).toEqual([
      'query.nomsNumber',
      'query.status',
    ])
    const other = await cloud.issuer.issue({ sub: 'x', roles: ['SPO'], prisons: ['MDI'] })
    expect((await api('GET', `/notifications?nomsNumber=${NOMS}`, other)).body.notifications).toEqual([])
    expect((await api('GET', '/notifications/outbox', spo)).status).toBe(403)
  })

  it('lets a POM opt out of their own email types, not of mailbox ones, and not someone else’s', async () => {
    const pom = await cloud.issuer.issue({
      sub: 'e2e-pom',
      roles: ['POM'],
      prisons: ['LEI'],
      staffId: String(POM.staffCode),
    })
    const path = `/staff/${POM.staffCode}/notification-preferences`
    const saved = await api('PUT', path, pom, { optOut: ['upcoming-handover-window'] })
    expect(saved.status).toBe(200)
    expect((await api('GET', path, pom)).body.optOut).toEqual(['upcoming-handover-window'])
    const mailbox = await api('PUT', path, pom, { optOut: ['pipeline-to-community'] })
    expect(mailbox.status).toBe(400)
    expect(mailbox.body.errors).toEqual([
      { field: 'body.optOut.0', reason: 'goes to mailboxes only, which cannot opt out' },
    ])
    expect((await api('GET', '/staff/123/notification-preferences', pom)).status).toBe(403)

    // the opted-out reminder is recorded as skipped, not sent
    await put('omic.handover', {
      eventType: 'offender-management.handover.reminder-due',
      version: 1,
      occurredAt: '2026-11-24T03:00:00Z',
      personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
      additionalInformation: {
        nomsNumber: NOMS,
        reminder: 'upcoming-window',
        dueDate: '2026-11-24',
        handoverDate: '2027-01-19',
        handoverStartDate: '2026-11-24',
        episodeId: 'E1',
        prisonId: 'LEI',
        lduCode: LDU.code,
        lduEmail: LDU.email,
        comEmail: null,
        pomStaffCode: POM.staffCode,
      },
    })
    await cloud.bus.idle()
    const history = await api('GET', `/notifications?nomsNumber=${NOMS}&status=skipped`, spo)
    expect(history.body.notifications).toEqual([
      expect.objectContaining({ template: 'upcoming-handover-window', reason: 'opted-out' }),
    ])
  })

  it('sends the monthly pipeline report to the LDU mailbox when its schedule runs', async () => {
    await put('omic.handover', {
      eventType: 'offender-management.handover.changed',
      version: 1,
      occurredAt: '2026-11-25T03:00:00Z',
      personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
      additionalInformation: {
        nomsNumber: NOMS,
        responsibility: 'CustodyOnly',
        handoverStartDate: '2026-12-15',
        handoverDate: '2027-03-01',
        reason: 'determinate',
        source: 'calculation',
      },
    })
    await cloud.bus.idle()
    expect(cloud.scheduler.run('NotificationsMonthlyPipelineReport', { runDate: '2026-12-01' })).toBe(true)
    await cloud.bus.idle()
    const report = (await outbox()).find(e => e.to === LDU.email)
    expect(report?.template).toBe('pipeline-to-community')
    expect(report?.body).toContain('1 cases in your local delivery unit')
  })

  it('answers 404 for an unknown dead letter and 400 for a malformed id (admin only)', async () => {
    expect((await api('POST', `/notifications/dead-letters/${'a'.repeat(32)}/redrive`, admin)).status).toBe(404)
    expect((await api('POST', '/notifications/dead-letters/nope/redrive', admin)).status).toBe(400)
    expect((await api('POST', `/notifications/dead-letters/${'a'.repeat(32)}/redrive`, spo)).status).toBe(403)
    expect((await api('GET', '/notifications/dead-letters', admin)).status).toBe(200)
  })

  it('gives the new POM the SPO’s note; tells the SPO who set the POM inactive which cases returned, once', async () => {
    const spoWithContact = await cloud.issuer.issue({
      sub: 'e2e-spo-contact',
      roles: ['SPO'],
      prisons: ['LEI'],
      staffId: SPO.staffId,
      name: SPO.name,
      email: SPO.email,
    })
    const pomBody = { name: AWAY_POM.name, email: AWAY_POM.email, grade: 'PO', status: 'active' }
    expect((await api('PUT', `/prisons/LEI/poms/${AWAY_POM.staffId}`, spoWithContact, pomBody)).status).toBe(201)
    const at = new Date().toISOString()
    await put('hmpps.prison', {
      eventType: 'prisoner-offender-search.prisoner.received',
      version: 1,
      occurredAt: at,
      personReference: { identifiers: [{ type: 'NOMS', value: RETURNED.noms }] },
      additionalInformation: {
        reason: 'ADMISSION',
        prisonId: 'LEI',
        snapshot: {
          nomsNumber: RETURNED.noms,
          firstName: RETURNED.firstName,
          lastName: RETURNED.lastName,
          dateOfBirth: '1991-05-20',
          prisonId: 'LEI',
          status: 'ACTIVE IN',
          legalStatus: 'SENTENCED',
          imprisonmentStatus: 'SENT03',
          sentenceStartDate: '2026-09-01',
          conditionalReleaseDate: '2029-08-01',
        },
      },
    })
    await put('hmpps.probation', {
      eventType: 'probation-case.details.changed',
      version: 1,
      occurredAt: at,
      personReference: {
        identifiers: [
          { type: 'CRN', value: RETURNED.crn },
          { type: 'NOMS', value: RETURNED.noms },
        ],
      },
      additionalInformation: { snapshot: { crn: RETURNED.crn, nomsNumber: RETURNED.noms, roshLevel: 'HIGH' } },
    })
    await put('omic.tiering', {
      eventType: 'tier.calculation.complete',
      version: 1,
      occurredAt: at,
      personReference: { identifiers: [{ type: 'CRN', value: RETURNED.crn }] },
      additionalInformation: {
        crn: RETURNED.crn,
        tier: 'B',
        previousTier: null,
        changed: true,
        calculationId: '0b6f7e2a-1c3d-4e5f-9a8b-7c6d5e4f3a2b',
        version: 3,
      },
    })
    await cloud.bus.idle()
    const allocated = await api('POST', `/cases/${RETURNED.noms}/allocation`, spoWithContact, {
      staffId: AWAY_POM.staffId,
      note: `  ${NOTE}  `,
    })
    expect(allocated.status).toBe(201)
    await cloud.bus.idle()
    // the note reaches the new POM's email (#1)
    const welcome = (await outbox()).filter(e => e.template === 'new-allocation' && e.nomsNumber === RETURNED.noms)
    expect(welcome).toHaveLength(1)
    expect(welcome[0]?.to).toBe(AWAY_POM.email)
    expect(welcome[0]?.body).toContain(`Additional information: ${NOTE}\n`)
    const away = await api('PUT', `/prisons/LEI/poms/${AWAY_POM.staffId}`, spoWithContact, {
      ...pomBody,
      status: 'inactive',
    })
    expect(away.body.deallocated).toEqual([{ nomsNumber: RETURNED.noms, roles: ['primary'] }])
    await cloud.bus.idle()
    const handedBack = cloud.bus
      .recent({ detailType: 'offender-management.allocation.changed', source: 'omic.allocation' })
      .map(e => (e.detail as { additionalInformation: Record<string, unknown> }).additionalInformation)
      .filter(i => i.nomsNumber === RETURNED.noms)
    expect(handedBack.map(i => [i.eventTrigger, i.changedBy, i.note])).toEqual([
      ['user', SPO, NOTE],
      ['inactive_pom', SPO, null],
    ])

    // the quarter-hourly run as of ten minutes from now: the digest has been quiet for the 5 minutes it needs
    const summaries = async () =>
      (await outbox()).filter(e => e.template === 'pom-inactive-cases-returned' && e.to === SPO.email)
    const asOf = new Date(Date.now() + 10 * 60_000).toISOString()
    expect(cloud.scheduler.run('NotificationsEveryQuarterHour', { asOf })).toBe(true)
    await cloud.bus.idle()
    const sent = await summaries()
    expect(sent).toHaveLength(1)
    expect(sent[0]?.body).toContain('Dear Wilhelmina,')
    expect(sent[0]?.body).toContain('Barnaby Quincebrook is now inactive (away from work) at HMP Leeds')
    expect(sent[0]?.body).toContain(`(1 case):\nPeregrina Thistlewood (${RETURNED.noms})`)
    expect(cloud.scheduler.run('NotificationsEveryQuarterHour', { asOf })).toBe(true)
    await cloud.bus.idle()
    expect(await summaries()).toHaveLength(1)
  }, 90_000)

  it('parks a COM allocation that arrives before the prisoner’s details and the probation case’s facts (listed with its reason); sends it once the details arrive and the wait for the tier and scores ends (the quarter-hourly run)', async () => {
    const comEvent = {
      eventType: 'person.community.manager.allocated',
      version: 1,
      occurredAt: '2026-11-24T10:00:00Z',
      personReference: {
        identifiers: [
          { type: 'CRN', value: LATE.crn },
          { type: 'NOMS', value: LATE.noms },
        ],
      },
      additionalInformation: {
        staffCode: LATE_COM.staffCode,
        snapshot: { ...LATE_COM, grade: 'PO', teamCode: 'Q77T01', pduCode: 'Q77PDU' },
      },
    }
    await put('hmpps.probation', comEvent)
    await cloud.bus.idle()
    const mine = async () => (await outbox()).filter(e => e.nomsNumber === LATE.noms)
    expect(await mine()).toEqual([])
    const parked = await api('GET', `/notifications?nomsNumber=${LATE.noms}&status=parked`, admin)
    expect(parked.status).toBe(200)
    expect(parked.body.notifications).toEqual([
      expect.objectContaining({
        template: 'com-allocated',
        status: 'parked',
        reason: 'waiting-for:case_name,ogrs_level,rosh,rsr_level,tier',
        violations: [
          { field: 'case_name', reason: 'is required' },
          { field: 'ogrs_level', reason: 'expected' },
          { field: 'rosh', reason: 'expected' },
          { field: 'rsr_level', reason: 'expected' },
          { field: 'tier', reason: 'expected' },
        ],
      }),
    ])
    await put('hmpps.prison', {
      eventType: 'prisoner-offender-search.prisoner.received',
      version: 1,
      occurredAt: '2026-11-24T11:00:00Z',
      personReference: { identifiers: [{ type: 'NOMS', value: LATE.noms }] },
      additionalInformation: {
        reason: 'ADMISSION',
        prisonId: 'LEI',
        snapshot: {
          nomsNumber: LATE.noms,
          firstName: LATE.firstName,
          lastName: LATE.lastName,
          dateOfBirth: '1985-06-30',
          prisonId: 'LEI',
          status: 'ACTIVE IN',
          legalStatus: 'SENTENCED',
          imprisonmentStatus: 'SENT03',
          sentenceStartDate: '2026-02-01',
          conditionalReleaseDate: '2028-01-15',
        },
      },
    })
    await cloud.bus.idle()
    // the name is known now; the tier and the scores may still come: it waits for them, a bounded time
    expect(await mine()).toEqual([])
    const waiting = await api('GET', `/notifications?nomsNumber=${LATE.noms}&status=parked`, admin)
    expect(waiting.body.notifications).toEqual([
      expect.objectContaining({ reason: 'waiting-for:ogrs_level,rosh,rsr_level,tier' }),
    ])
    // they never come: the quarter-hourly run after the bound (60 minutes from first planning) sends what is known
    const asOf = new Date(Date.now() + 61 * 60_000).toISOString()
    expect(cloud.scheduler.run('NotificationsEveryQuarterHour', { asOf })).toBe(true)
    await cloud.bus.idle()
    // redelivered after it went out: nothing more
    await put('hmpps.probation', comEvent)
    await cloud.bus.idle()
    const sent = await mine()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ template: 'com-allocated', to: LATE_COM.email })
    expect(sent[0]?.body).toContain(`Ignatius Wolverstone (CRN ${LATE.crn})`)
    expect(sent[0]?.body).toContain('Tier: Unknown\nRoSH: Score Unavailable')
    const after = await api('GET', `/notifications?nomsNumber=${LATE.noms}`, admin)
    expect(after.body.notifications).toEqual([
      expect.objectContaining({ template: 'com-allocated', status: 'sent', reason: null, attempts: 1 }),
    ])
  })

  it('leaves no names or email addresses in any function’s log', async () => {
    await cloud.stop()
    const dir = join(STATE_DIR, 'logs')
    expect(existsSync(dir)).toBe(true)
    const files = readdirSync(dir).filter(f => f.endsWith('.log'))
    expect(files.some(f => f.startsWith('NotificationsOnDomainEvent'))).toBe(true)
    const found = files.flatMap(f => {
      const text = readFileSync(join(dir, f), 'utf8')
      return PERSONAL_DATA.filter(p => text.includes(p)).map(p => `${f}: ${p}`)
    })
    expect(found).toEqual([])
  })
})
