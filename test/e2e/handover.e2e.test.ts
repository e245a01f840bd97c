/**
 * The handover service end to end through the local runtime (the same template `npm start` runs): a sentence event
 * → handover calculated → the daily sweep run for later days flips responsibility → handover.changed and
 * reminder-due events on the bus; and the API's routes, roles, scoping and errors.
 */
import { addDays, addMonths, londonDateOf } from '@omic/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalCloud, startLocalCloud } from '../../local/src/runtime/local-cloud'
import { comAllocated, pomAllocated, probationDetails, received } from '../../services/handover/test/support/events'
import { api, publish } from '../helpers/local-cloud-client'

let cloud: LocalCloud
let spo: string
let pom: string

const NOMS = 'H4821KT'
const CRN = 'H482100'
const POM_STAFF_ID = 485926
const today = londonDateOf(new Date())
// a determinate sentence started a year ago whose handover (CRD − 8 months − 14 days) is about 10 days away
const SSD = addMonths(today, -12)
const CRD = addDays(addMonths(today, 8), 24)

type Json = Record<string, unknown>

async function put(source: string, detail: Json): Promise<void> {
  await publish(cloud, source, detail)
}

const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
  api(cloud, method, path, token, body, headers)

async function sweep(day: string): Promise<void> {
  const schedule = cloud.model.schedules.find(s => s.logicalId.startsWith('HandoverDailySweep'))
  expect(cloud.scheduler.run(schedule?.logicalId ?? '', { today: day })).toBe(true)
  await cloud.bus.idle()
}

function published(detailType: string): Json[] {
  return cloud.bus
    .recent({ detailType, source: 'omic.handover' })
    .map(e => (e.detail as { additionalInformation: Json }).additionalInformation)
    .filter(info => info.nomsNumber === NOMS)
}

beforeAll(async () => {
  cloud = await startLocalCloud({ retryDelaysMs: [10, 20], schedules: false, stateDir: '.local/handover-e2e' })
  spo = await cloud.issuer.issue({
    sub: 'spo-e2e',
    roles: ['SPO'],
    prisons: ['LEI'],
    pdus: ['N54LEEDS'],
    staffId: '9001',
    name: 'Morgan Reyes',
    email: 'morgan.reyes@justice.example',
  })
  pom = await cloud.issuer.issue({ sub: 'pom-e2e', roles: ['POM'], prisons: ['LEI'], staffId: String(POM_STAFF_ID) })
})
afterAll(() => cloud?.stop())

describe('the handover service through the local runtime', () => {
  let handoverDate = ''

  it('calculates the handover from a sentence event and publishes it, with the reminders already due', async () => {
    await put(
      'hmpps.prison',
      received(NOMS, new Date().toISOString(), {
        sentenceStartDate: SSD,
        conditionalReleaseDate: CRD,
        releaseDate: CRD,
      }),
    )
    await put('hmpps.probation', probationDetails(CRN, NOMS, new Date().toISOString()))
    await put('omic.allocation', pomAllocated(NOMS, POM_STAFF_ID, new Date().toISOString(), 'LEI', 'Alex Pomerton'))
    const r = await call('GET', `/handovers/${NOMS}`, spo)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({
      nomsNumber: NOMS,
      responsibility: 'POM',
      responsibilityState: 'CustodyOnly',
      reason: 'determinate',
      list: 'upcoming',
      crn: CRN,
      responsiblePomNomisId: POM_STAFF_ID,
    })
    handoverDate = String(r.body.handoverDate)
    expect(handoverDate > today).toBe(true)
    expect((r.body.trace as { rule: string }[]).map(t => t.rule)).toContain('handover.dates.determinate')
    expect((r.body.history as unknown[]).length).toBeGreaterThanOrEqual(3)
    expect(r.headers.get('etag')).toBe(`"${String(r.body.version)}"`)
    expect(published('offender-management.handover.changed')[0]).toMatchObject({
      responsibility: 'CustodyOnly',
      handoverDate,
      source: 'calculation',
    })
    // already inside the 56-day window: the upcoming reminder is caught up at once; a COM is requested
    expect(published('offender-management.handover.reminder-due').map(i => i.reminder)).toEqual(['upcoming-window'])
    // a COM is requested with the CRN, PDU and LDU once nDelius has told us them: when the prisoner came first, the
    // request went out without them and is re-issued once with them
    const requests = published('offender-management.com.allocation-requested')
    expect(requests.at(-1)).toMatchObject({ nomsNumber: NOMS, crn: CRN, pduCode: 'N54LEEDS', lduCode: 'N54LDS1' })
    expect(requests.filter(i => i.crn === CRN)).toHaveLength(1)
    expect(requests.length).toBeLessThanOrEqual(2)
  })

  it('the sweep on the handover day flips responsibility to the community, published with source sweep', async () => {
    await sweep(handoverDate)
    const changes = published('offender-management.handover.changed')
    expect(changes.at(-1)).toMatchObject({ responsibility: 'Community', handoverDate, source: 'sweep' })
    const r = await call('GET', `/handovers/${NOMS}`, spo)
    expect(r.body).toMatchObject({ responsibility: 'COM', list: 'in-progress' })
  })

  it('a week later the LDU is chased; a fortnight later the COM allocation is overdue — each reminder once', async () => {
    await sweep(addDays(handoverDate, 7))
    await sweep(addDays(handoverDate, 14))
    await sweep(addDays(handoverDate, 14))
    const reminders = published('offender-management.handover.reminder-due')
    expect(reminders.map(i => i.reminder)).toEqual(['upcoming-window', 'urgent-pipeline', 'com-allocation-overdue'])
    expect(reminders.at(-1)).toMatchObject({
      dueDate: addDays(handoverDate, 14),
      handoverDate,
      prisonId: 'LEI',
      lduCode: 'N54LDS1',
      pomStaffCode: POM_STAFF_ID,
      comEmail: null,
    })
    const overdue = await call('GET', '/prisons/LEI/handovers?list=com-overdue', spo)
    expect(overdue.status).toBe(200)
    expect((overdue.body.items as Json[]).map(i => i.nomsNumber)).toContain(NOMS)
    const timeline = await call('GET', `/handovers/${NOMS}/timeline`, spo)
    expect((timeline.body.sent as Json[]).map(s => s.kind)).toEqual(
      expect.arrayContaining(['upcoming-window', 'urgent-pipeline', 'com-allocation-overdue']),
    )
  })

  it('a COM allocated (today, in real time) moves the case from upcoming to in progress', async () => {
    await put('hmpps.probation', comAllocated(CRN, NOMS, new Date().toISOString()))
    const r = await call('GET', `/handovers/${NOMS}`, spo)
    expect(r.body).toMatchObject({
      com: { name: 'Priya Hollings' },
      list: 'in-progress',
      comAllocationOverdue: false,
      calculated: { calculatedOn: today },
      // the COM allocation withdraws the request (allocation drops it on the same event)
      comRequest: null,
    })
    const requests = published('offender-management.com.allocation-requested')
    expect(requests.at(-1)).toMatchObject({ crn: CRN })
    // one change is published once: no event on the bus repeats the one before it
    for (const type of ['offender-management.handover.changed', 'offender-management.com.allocation-requested']) {
      const said = published(type).map(i => JSON.stringify(i))
      expect(said.filter((x, i) => i > 0 && x === said[i - 1])).toEqual([])
    }
  })
})

describe('the handover API: roles, scoping and errors', () => {
  const OTHER = 'H4822KT'

  it('answers 400 for a bad NOMS number, 404 for an unknown prisoner, 403 outside the caller’s prisons', async () => {
    const bad = await call('GET', '/handovers/nope', spo)
    expect(bad.status).toBe(400)
    expect((bad.body.errors as Json[])[0]).toMatchObject({ field: 'path.nomsNumber' })
    expect((await call('GET', '/handovers/Z9999ZZ', spo)).status).toBe(404)
    const mdi = await cloud.issuer.issue({ sub: 'spo-mdi', roles: ['SPO'], prisons: ['MDI'] })
    expect((await call('GET', `/handovers/${NOMS}`, mdi)).status).toBe(403)
    expect((await call('GET', '/prisons/LEI/handovers?list=upcoming', mdi)).status).toBe(403)
    const list = await call('GET', '/prisons/LEI/handovers?list=everything', spo)
    expect(list.status).toBe(400)
  })

  it('override to community (SPO only, If-Match), a stale write is 409, and the removal', async () => {
    await put(
      'hmpps.prison',
      received(OTHER, new Date().toISOString(), {
        sentenceStartDate: SSD,
        conditionalReleaseDate: addMonths(today, 30),
        releaseDate: addMonths(today, 30),
      }),
    )
    const before = await call('GET', `/handovers/${OTHER}`, spo)
    const etag = before.headers.get('etag') ?? ''
    const body = { reason: 'other_reason', reasonText: 'The community team already works with him' }
    expect((await call('PUT', `/handovers/${OTHER}/override`, pom, body)).status).toBe(403)
    const missingText = await call('PUT', `/handovers/${OTHER}/override`, spo, { reason: 'other_reason' })
    expect(missingText.status).toBe(400)
    expect((missingText.body.errors as Json[])[0]).toMatchObject({ field: 'body.reasonText' })
    const ok = await call('PUT', `/handovers/${OTHER}/override`, spo, body, { 'if-match': etag })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ responsibility: 'COM', reason: 'other_reason', override: { by: 'spo-e2e' } })
    const stale = await call('PUT', `/handovers/${OTHER}/override`, spo, body, { 'if-match': etag })
    expect(stale.status).toBe(409)
    const removed = await call('DELETE', `/handovers/${OTHER}/override`, spo, {
      reasonText: 'Agreed with the LDU',
      version: ok.body.version,
    })
    expect(removed.status).toBe(200)
    expect(removed.body).toMatchObject({ responsibility: 'POM', override: null })
    const sources = cloud.bus
      .recent({ detailType: 'offender-management.handover.changed' })
      .map(e => (e.detail as { additionalInformation: Json }).additionalInformation)
      .filter(i => i.nomsNumber === OTHER)
      .map(i => `${String(i.source)}:${String(i.responsibility)}`)
    expect(sources).toEqual(['calculation:CustodyOnly', 'override:Community', 'override:CustodyOnly'])
    const by = cloud.bus
      .recent({ detailType: 'offender-management.handover.changed' })
      .map(e => (e.detail as { additionalInformation: Json }).additionalInformation)
      .filter(i => i.nomsNumber === OTHER && i.source === 'override')
      .map(i => i.overriddenBy)
    const morgan = { staffId: '9001', name: 'Morgan Reyes', email: 'morgan.reyes@justice.example' }
    expect(by).toEqual([morgan, morgan])
  })

  it('the checklist is the allocated POM’s; early allocation rejects a bad OASys date with its field', async () => {
    expect((await call('GET', `/handovers/${NOMS}/checklist`, spo)).status).toBe(403)
    const checklist = await call('GET', `/handovers/${NOMS}/checklist`, pom)
    expect(checklist.status).toBe(200)
    expect(checklist.body).toMatchObject({ editable: true, totalCount: 2 })
    const ticked = await call('PUT', `/handovers/${NOMS}/checklist`, pom, { contactedCom: true })
    expect(ticked.body).toMatchObject({ completedCount: 1, updatedBy: 'pom-e2e' })
    const ea = await call('POST', `/handovers/${NOMS}/early-allocations`, pom, {
      oasysRiskAssessmentDate: addDays(today, 1),
      answers: { highProfile: true },
    })
    expect(ea.status).toBe(400)
    expect((ea.body.errors as Json[])[0]).toMatchObject({ field: 'body.oasysRiskAssessmentDate' })
  })

  it('the forecast per PDU, as JSON and as CSV', async () => {
    const json = await call('GET', `/forecast?pdu=N54LEEDS&from=${today}&months=2`, spo)
    expect(json.status).toBe(200)
    expect((json.body.months as Json[]).reduce((n, m) => n + Number(m.completing), 0)).toBeGreaterThanOrEqual(1)
    const csv = await call('GET', `/forecast?pdu=N54LEEDS&from=${today}&months=2`, spo, undefined, {
      accept: 'text/csv',
    })
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.text.split('\r\n')[0]).toBe('month,pduCode,lduCode,starting,completing')
    expect((await call('GET', '/forecast?pdu=N99OTHER', spo)).status).toBe(403)
  })
  it('the anchor’s /api/handovers and /api/offenders: its fields and fill rules, 404 "Not found"', async () => {
    // as of today NOMS is POM responsible (the COM allocation recalculated it in real time): POM fields only
    const handover = await call('GET', `/api/handovers/${NOMS}`, pom)
    expect(handover.status).toBe(200)
    expect(handover.body).toEqual({
      nomsNumber: NOMS,
      handoverDate: expect.any(String),
      handoverStartDate: expect.any(String),
      responsibility: 'POM',
      responsibleComName: null,
      responsibleComEmail: null,
      responsiblePomName: 'Alex Pomerton',
      responsiblePomNomisId: POM_STAFF_ID,
    })
    // overridden to the community: COM fields only
    const version = (await call('GET', `/handovers/${NOMS}`, spo)).body.version
    const set = await call('PUT', `/handovers/${NOMS}/override`, spo, {
      reason: 'community_team_to_work_with_offender',
      version,
    })
    expect(set.status).toBe(200)
    expect((await call('GET', `/api/handovers/${NOMS}`, spo)).body).toMatchObject({
      responsibility: 'COM',
      responsibleComName: 'Priya Hollings',
      responsibleComEmail: 'priya.hollings@probation.example',
      responsiblePomName: null,
      responsiblePomNomisId: null,
    })
    const removed = await call('DELETE', `/handovers/${NOMS}/override`, spo, { reasonText: 'Back to custody' })
    expect(removed.status).toBe(200)
    const offender = await call('GET', `/api/offenders/${NOMS}`, spo)
    expect(offender.body).toEqual({ offender_no: NOMS, nomsNumber: NOMS, early_allocation_eligibility_status: false })
    const missing = await call('GET', '/api/offenders/Z9999ZZ', spo)
    expect(missing).toMatchObject({ status: 404, body: { message: 'Not found' } })
    expect((await call('GET', '/api/handovers/Z9999ZZ', spo)).status).toBe(404)
    const sar = await cloud.issuer.issue({ sub: 'sar-e2e', roles: ['SAR'], prisons: [] })
    expect((await call('GET', `/api/handovers/${NOMS}`, sar)).status).toBe(403)
  })

  it('the subject access request: literal route before /handovers/{nomsNumber}, SAR codes, no staff data', async () => {
    const sar = await cloud.issuer.issue({ sub: 'sar-e2e', roles: ['SAR'], prisons: [] })
    const path = '/handovers/subject-access-request'
    const found = await call('GET', `${path}?prn=${NOMS}`, sar)
    expect(found.status).toBe(200)
    const content = found.body.content as Json
    expect(content).toMatchObject({ nomsNumber: NOMS, handoverProgressChecklist: { contactedCom: true } })
    expect((content.calculatedHandoverDate as Json[]).map(c => c.responsibility)).toContain('COM responsible')
    expect(found.text).not.toContain('pom-e2e')
    expect(found.text).not.toContain(String(POM_STAFF_ID))
    expect(found.text).not.toContain('Priya')
    expect(found.text).not.toContain(CRN)
    expect((await call('GET', `${path}?prn=Z9999ZZ`, sar)).status).toBe(204)
    expect((await call('GET', `${path}?prn=${NOMS}&fromDate=2000-01-01&toDate=2000-12-31`, sar)).status).toBe(204)
    const both = await call('GET', `${path}?prn=${NOMS}&crn=${CRN}`, sar)
    expect(both).toMatchObject({ status: 400, body: { errorCode: 2, status: 400 } })
    expect((await call('GET', `${path}?crn=${CRN}`, sar)).body).toMatchObject({ errorCode: 3, status: 209 })
    const dates = await call('GET', `${path}?prn=${NOMS}&fromDate=apples&toDate=pears`, sar)
    expect(dates).toMatchObject({ status: 210, body: { errorCode: 4 } })
    expect(String(dates.body.developerMessage)).toContain('fromDate')
    const forbidden = await call('GET', `${path}?prn=${NOMS}`, spo)
    expect(forbidden).toMatchObject({ status: 403, body: { errorCode: 5 } })
  })
})
