/**
 * Allocation end to end through the local runtime: staff registered through the API, a prisoner received, their
 * probation case linked and tier calculated (events on the bus), the case listed as unallocated with a
 * recommendation, two SPOs allocating at once (one wins, one gets 409), allocation.changed on the bus, and the
 * POM going inactive handing the case back.
 */
import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { londonDateOf } from '@omic/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localEventBridgeClient } from '../../local/src/cli/publish'
import { type LocalCloud, startLocalCloud } from '../../local/src/runtime/local-cloud'

let cloud: LocalCloud
let spo: string
let spo2: string
const NOMS = 'G5530UN'
const CRN = 'E224466'
const today = londonDateOf(new Date())

async function put(source: string, detail: Record<string, unknown>): Promise<void> {
  const client = localEventBridgeClient(cloud.busUrl)
  const out = await client.send(
    new PutEventsCommand({
      Entries: [
        { EventBusName: 'omic', Source: source, DetailType: String(detail.eventType), Detail: JSON.stringify(detail) },
      ],
    }),
  )
  client.destroy()
  expect(out.FailedEntryCount).toBe(0)
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; contentType?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${cloud.apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${options.token ?? spo}`,
      ...(body !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

const pom = (name: string, grade: 'PO' | 'PRO') => ({
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.gov.uk`,
  grade,
  status: 'active',
  workingPattern: 1,
})

beforeAll(async () => {
  cloud = await startLocalCloud({ retryDelaysMs: [10, 20], schedules: false, stateDir: '.local/allocation-e2e' })
  spo = await cloud.issuer.issue({ sub: 'spo-one', roles: ['SPO'], prisons: ['LEI'], staffId: '9001' })
  spo2 = await cloud.issuer.issue({ sub: 'spo-two', roles: ['SPO'], prisons: ['LEI'], staffId: '9002' })
})
afterAll(() => cloud?.stop())

describe('allocation end to end', () => {
  it('registers POMs through PUT /prisons/{prisonId}/poms/{staffId} and rejects a bad CSV row by row and column', async () => {
    const created = await call('PUT', '/prisons/LEI/poms/485926', pom('Amara Obi', 'PO'))
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ staffId: 485926, grade: 'PO', status: 'active', workload: { caseCap: 80 } })
    expect((await call('PUT', '/prisons/LEI/poms/485927', pom('Ben Hale', 'PO'))).status).toBe(201)
    expect((await call('PUT', '/prisons/LEI/poms/485927', pom('Ben Hale', 'PO'))).status).toBe(200)
    const bad = await call('PUT', '/prisons/LEI/poms/12', { ...pom('X', 'PO'), workingPattern: 1.5 })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toEqual([{ field: 'body.workingPattern', reason: expect.stringContaining('0.1 to 1.0') }])
    const otherPrison = await cloud.issuer.issue({ sub: 'x', roles: ['SPO'], prisons: ['MDI'] })
    expect((await call('PUT', '/prisons/LEI/poms/12', pom('X', 'PO'), { token: otherPrison })).status).toBe(403)

    const csv = await call('POST', '/prisons/LEI/poms/import', 'staffId,name,grade\n1,Ok,PO\n2,Bad,XX\n', {
      contentType: 'text/csv',
    })
    expect(csv.status).toBe(400)
    expect(csv.body.errors).toEqual([{ field: 'row 3.grade', reason: expect.stringContaining('PO') }])
    const listed = await call('GET', '/prisons/LEI/poms')
    expect((listed.body.poms as { staffId: number }[]).map(p => p.staffId)).toEqual([485926, 485927])
  })

  it('lists a received, tiered prisoner as unallocated with a recommendation; one of two SPOs allocates; allocation.changed is published', async () => {
    await put('hmpps.prison', {
      eventType: 'prisoner-offender-search.prisoner.received',
      version: 1,
      occurredAt: new Date().toISOString(),
      personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
      additionalInformation: {
        reason: 'ADMISSION',
        prisonId: 'LEI',
        snapshot: {
          nomsNumber: NOMS,
          firstName: 'Kemi',
          lastName: 'Adeyemi',
          dateOfBirth: '1990-02-14',
          prisonId: 'LEI',
          status: 'ACTIVE IN',
          legalStatus: 'SENTENCED',
          imprisonmentStatus: 'SENT03',
          sentenceStartDate: '2026-09-01',
          conditionalReleaseDate: '2029-08-01',
          prisonArrivalDate: today,
        },
      },
    })
    await put('hmpps.probation', {
      eventType: 'probation-case.details.changed',
      version: 1,
      occurredAt: new Date().toISOString(),
      personReference: {
        identifiers: [
          { type: 'CRN', value: CRN },
          { type: 'NOMS', value: NOMS },
        ],
      },
      additionalInformation: { snapshot: { crn: CRN, nomsNumber: NOMS, pduCode: 'LDSPDU', roshLevel: 'HIGH' } },
    })
    // The tiering service's event, published here as it would publish it
    await put('omic.tiering', {
      eventType: 'tier.calculation.complete',
      version: 1,
      occurredAt: new Date().toISOString(),
      personReference: { identifiers: [{ type: 'CRN', value: CRN }] },
      additionalInformation: {
        crn: CRN,
        tier: 'B',
        previousTier: null,
        changed: true,
        calculationId: '6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
        version: 3,
      },
    })
    // Every delivery (and the other services' reactions) done: cold starts on a busy machine take seconds
    await cloud.bus.idle()
    const unallocated = await call('GET', '/prisons/LEI/cases?list=unallocated')
    const row = (unallocated.body.cases as Record<string, unknown>[]).find(c => c.nomsNumber === NOMS)
    expect(row).toMatchObject({
      name: 'Kemi Adeyemi',
      tier: 'B',
      daysWaiting: 0,
      additionalInformation: ['New to custody'],
      recommendation: { pomType: 'PROBATION', code: 'PO', reason: 'tier_based' },
    })
    const newArrivals = await call('GET', '/prisons/LEI/cases?list=new-arrivals')
    expect((newArrivals.body.cases as { nomsNumber: string }[]).map(c => c.nomsNumber)).toContain(NOMS)

    const rec = await call('GET', `/cases/${NOMS}/recommendations`)
    expect(rec.status).toBe(200)
    const candidates = rec.body.candidates as { staffId: number; rank: number; reason: string }[]
    expect(candidates.map(c => c.rank)).toEqual([1, 2])
    expect(candidates[0]?.reason).toMatch(/^Rank 1: recommended type/)

    const [a, b] = await Promise.all([
      call('POST', `/cases/${NOMS}/allocation`, { staffId: 485926 }),
      call('POST', `/cases/${NOMS}/allocation`, { staffId: 485927 }, { token: spo2 }),
    ])
    expect([a.status, b.status].sort()).toEqual([201, 409])
    const won = a.status === 201 ? a : b
    const lost = a.status === 201 ? b : a
    const winner = (won.body.primaryPom as { staffId: number }).staffId
    expect(lost.body).toMatchObject({ status: 409, currentAllocation: { primaryPom: { staffId: winner } } })

    await cloud.bus.idle()
    const changed = cloud.bus.recent({ detailType: 'offender-management.allocation.changed' })
    expect(
      changed.map(e => [e.source, (e.detail as { additionalInformation: unknown }).additionalInformation]),
    ).toEqual([
      [
        'omic.allocation',
        expect.objectContaining({
          nomsNumber: NOMS,
          staffCode: winner,
          prisonId: 'LEI',
          role: 'primary',
          eventTrigger: 'user',
          staffEmail: expect.stringMatching(/@example\.gov\.uk$/),
        }),
      ],
    ])
    const history = await call('GET', `/cases/${NOMS}/history`)
    expect(history.body.history).toEqual([
      expect.objectContaining({
        event: 'allocate_primary_pom',
        by: { subject: won === a ? 'spo-one' : 'spo-two', staffId: won === a ? '9001' : '9002' },
        recommendation: expect.objectContaining({ code: 'PO' }),
      }),
    ])
    const kase = await call('GET', `/cases/${NOMS}`)
    expect(kase.body).toMatchObject({ name: 'Kemi Adeyemi', prisonId: 'LEI', list: 'allocated' })
    const anchor = await call('GET', `/api/allocation/${NOMS}`)
    expect(anchor.body).toEqual({ primary_pom: { staff_id: winner, name: expect.any(String) }, secondary_pom: {} })

    // The POM goes away from work: the case returns to the unallocated list
    const away = await call('PUT', `/prisons/LEI/poms/${winner}`, { ...pom('Away', 'PO'), status: 'inactive' })
    expect(away.body.deallocated).toEqual([{ nomsNumber: NOMS, roles: ['primary'] }])
    await cloud.bus.idle()
    const last = cloud.bus.recent({ detailType: 'offender-management.allocation.changed' }).at(-1)
    expect((last?.detail as { additionalInformation?: unknown } | undefined)?.additionalInformation).toMatchObject({
      staffCode: null,
      eventTrigger: 'inactive_pom',
    })
    const back = await call('GET', '/prisons/LEI/cases?list=unallocated&sort=name')
    expect((back.body.cases as { nomsNumber: string }[]).map(c => c.nomsNumber)).toContain(NOMS)
  }, 90_000)

  it('lists the case for its PDU when handover asks for a COM, and publishes the SPO’s COM allocation', async () => {
    const probationSpo = await cloud.issuer.issue({
      sub: 'pdu-spo',
      roles: ['SPO'],
      prisons: [],
      pdus: ['LDSPDU'],
      staffId: 'N07Z001',
    })
    const com = await call(
      'PUT',
      '/pdus/LDSPDU/coms/N07A001',
      { name: 'Pat Jones', email: 'pat.jones@example.gov.uk', grade: 'PO', teamCode: 'N07T01', contractedHours: 37 },
      { token: probationSpo },
    )
    expect(com.status).toBe(201)
    expect(com.body).toMatchObject({ workload: { availablePoints: 2176, capacity: 0 } })
    await put('omic.handover', {
      eventType: 'offender-management.com.allocation-requested',
      version: 1,
      occurredAt: new Date().toISOString(),
      personReference: {
        identifiers: [
          { type: 'NOMS', value: NOMS },
          { type: 'CRN', value: CRN },
        ],
      },
      additionalInformation: { nomsNumber: NOMS, crn: CRN, pduCode: 'LDSPDU', lduCode: null, neededBy: '2027-01-15' },
    })
    await cloud.bus.idle()
    const listed = await call('GET', '/pdus/LDSPDU/cases', undefined, { token: probationSpo })
    // The handover service may ask for a COM for this case too; either request lists it for the PDU
    const needing = (listed.body.cases as { nomsNumber: string }[]).find(c => c.nomsNumber === NOMS)
    expect(needing).toMatchObject({ crn: CRN, pduCode: 'LDSPDU', tier: 'B' })
    const rec = await call('GET', `/cases/${NOMS}/com-recommendations`, undefined, { token: probationSpo })
    expect(rec.body).toMatchObject({ minimumGrade: 'PO', candidates: [{ staffCode: 'N07A001', rank: 1 }] })
    const allocated = await call(
      'POST',
      `/cases/${NOMS}/com-allocation`,
      { staffCode: 'N07A001', notes: 'Experienced with high RoSH cases', sensitive: false, expectedStaffCode: null },
      { token: probationSpo },
    )
    expect(allocated.status).toBe(201)
    await cloud.bus.idle()
    const [event] = cloud.bus.recent({ detailType: 'person.community.manager.allocated' })
    expect(event?.source).toBe('omic.allocation')
    expect((event?.detail as { additionalInformation?: unknown } | undefined)?.additionalInformation).toMatchObject({
      staffCode: 'N07A001',
      snapshot: { staffCode: 'N07A001', pduCode: 'LDSPDU', teamCode: 'N07T01', grade: 'PO' },
    })
    const after = await call('GET', '/pdus/LDSPDU/cases', undefined, { token: probationSpo })
    expect((after.body.cases as { nomsNumber: string }[]).map(c => c.nomsNumber)).not.toContain(NOMS)
    // a request that arrives late (made before the COM allocation, or by a handover service that had not heard of it
    // yet) does not bring the need back: a case with a COM needs none
    for (const occurredAt of [new Date(Date.now() - 3_600_000).toISOString(), new Date().toISOString()]) {
      await put('omic.handover', {
        eventType: 'offender-management.com.allocation-requested',
        version: 1,
        occurredAt,
        personReference: { identifiers: [{ type: 'NOMS', value: NOMS }] },
        additionalInformation: {
          nomsNumber: NOMS,
          crn: null,
          pduCode: 'LDSPDU',
          lduCode: null,
          neededBy: '2027-01-15',
        },
      })
    }
    await cloud.bus.idle()
    const late = await call('GET', '/pdus/LDSPDU/cases', undefined, { token: probationSpo })
    expect((late.body.cases as { nomsNumber: string }[]).map(c => c.nomsNumber)).not.toContain(NOMS)
    expect((await call('GET', '/pdus/OTHER/cases', undefined, { token: probationSpo })).status).toBe(403)
  }, 90_000)

  it('answers subject access requests with the anchor’s status codes and imports COMs from CSV', async () => {
    const sar = await cloud.issuer.issue({ sub: 'sar-service', roles: ['SAR'], prisons: [] })
    const as = { token: sar }
    const found = await call('GET', `/subject-access-request?prn=${NOMS}`, undefined, as)
    expect(found.status).toBe(200)
    const content = found.body.content as Record<string, unknown>
    expect(content).toMatchObject({
      nomsNumber: NOMS,
      caseInformation: { tier: 'B', roshLevel: 'HIGH' },
      allocationHistory: expect.arrayContaining([
        expect.objectContaining({
          event: 'Prison offender manager allocated',
          recommendedPomType: 'Probation officer POM',
        }),
        expect.objectContaining({ event: 'Community offender manager allocated' }),
      ]),
    })
    expect(JSON.stringify(content)).not.toMatch(/48592[67]|Amara|Ben Hale|spo-one|spo-two|N07A001|Pat Jones|E224466/)
    const inWindow = await call(
      'GET',
      `/subject-access-request?prn=${NOMS}&fromDate=${today}&toDate=${today}`,
      undefined,
      as,
    )
    expect(inWindow.status).toBe(200)
    expect(
      (await call('GET', `/subject-access-request?prn=${NOMS}&fromDate=2001-01-01&toDate=2001-01-31`, undefined, as))
        .status,
    ).toBe(204)
    expect((await call('GET', '/subject-access-request?prn=Z9999ZZ', undefined, as)).status).toBe(204)
    const both = await call('GET', `/subject-access-request?prn=${NOMS}&crn=${CRN}`, undefined, as)
    expect(both).toMatchObject({ status: 400, body: { errorCode: 2, status: 400 } })
    expect(Object.keys(both.body)).toEqual(
      expect.arrayContaining(['developerMessage', 'errorCode', 'status', 'userMessage']),
    )
    expect(await call('GET', `/subject-access-request?crn=${CRN}`, undefined, as)).toMatchObject({
      status: 209,
      body: { errorCode: 3 },
    })
    expect(
      await call('GET', `/subject-access-request?prn=${NOMS}&fromDate=apples&toDate=pears`, undefined, as),
    ).toMatchObject({ status: 210, body: { errorCode: 4 } })
    expect(await call('GET', `/subject-access-request?prn=${NOMS}`)).toMatchObject({
      status: 403,
      body: { errorCode: 5 },
    })
    const template = await fetch(`${cloud.apiUrl}/subject-access-request/template`, {
      headers: { authorization: `Bearer ${sar}` },
    })
    expect(template.status).toBe(200)
    expect(template.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await template.text()).toContain('{{#allocationHistory}}')
    // the SAR role opens nothing else
    expect((await call('GET', `/cases/${NOMS}`, undefined, as)).status).toBe(403)

    const probationSpo = await cloud.issuer.issue({ sub: 'pdu-spo', roles: ['SPO'], prisons: [], pdus: ['LDSPDU'] })
    const csv =
      'staffCode,name,grade,teamCode,contractedHours\nN07A001,Pat Jones,PO,N07T01,37\nN07A002,Kim Lee,PSO,N07T01,\n'
    const imported = await call('POST', '/pdus/LDSPDU/coms/import', csv, {
      token: probationSpo,
      contentType: 'text/csv',
    })
    expect(imported).toMatchObject({ status: 200, body: { pduCode: 'LDSPDU', created: 1, updated: 1 } })
    const badCsv = await call(
      'POST',
      '/pdus/LDSPDU/coms/import',
      'staffCode,name,grade,teamCode\nN07A003,Al,XX,N07T01\n',
      {
        token: probationSpo,
        contentType: 'text/csv',
      },
    )
    expect(badCsv).toMatchObject({ status: 400, body: { errors: [{ field: 'row 2.grade' }] } })
    expect(
      (await call('POST', '/pdus/OTHER/coms/import', csv, { token: probationSpo, contentType: 'text/csv' })).status,
    ).toBe(403)
    const listed = await call('GET', '/pdus/LDSPDU/coms', undefined, { token: probationSpo })
    expect((listed.body.coms as { staffCode: string }[]).map(c => c.staffCode)).toEqual(['N07A002', 'N07A001'])
  }, 90_000)
})
