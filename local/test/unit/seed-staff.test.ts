/**
 * Seeding a running system again keeps every staff member it already has: a staff id is never registered under
 * another name (a POM holding cases was renamed by a second `npm run seed`, and a COM's email went to the new name).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { seedDemoEstate } from '../../src/cli/seed-estate'
import { generateEstate } from '../../src/demo/estate'

const TODAY = '2026-11-23'
const PRISONERS = 60

// ---------------------------------------------------------------------------------------------------------------
// A fake running system: the staff API (in memory) and the bus's PutEvents, on one local HTTP server.

const pomBody = z.object({ name: z.string(), email: z.string().nullable() })
const comBody = z.object({ name: z.string(), email: z.string().nullable(), grade: z.string(), teamCode: z.string() })
const putEventsBody = z.object({ Entries: z.array(z.object({ DetailType: z.string(), Detail: z.string() })) })
const managerDetail = z.object({
  additionalInformation: z.object({
    staffCode: z.string(),
    snapshot: z.object({ name: z.string().nullish(), email: z.string().nullish() }).nullish(),
  }),
})

interface Pom {
  staffId: number
  prisonId: string
  name: string
  email: string | null
}
interface Com {
  staffCode: string
  pduCode: string
  teamCode: string
  name: string
  email: string | null
  grade: string
}

let poms = new Map<string, Pom>()
let coms = new Map<string, Com>()
/** Every PUT that gave an already registered id another name. */
let renames: string[] = []
/** Every PUT on an id that was already registered. */
let putsOverExisting: string[] = []
/** What the COM-allocated events said about each COM. */
let managerEvents: { staffCode: string; name: string | null; email: string | null }[] = []

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(Buffer.from(chunk))
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

let server: Server
let url: string

async function handle(req: IncomingMessage): Promise<{ status: number; json: unknown }> {
  if (req.headers['x-amz-target'] === 'AWSEvents.PutEvents') {
    const { Entries } = putEventsBody.parse(await bodyOf(req))
    for (const e of Entries) {
      if (e.DetailType !== 'person.community.manager.allocated') continue
      const { additionalInformation: info } = managerDetail.parse(JSON.parse(e.Detail))
      managerEvents.push({
        staffCode: info.staffCode,
        name: info.snapshot?.name ?? null,
        email: info.snapshot?.email ?? null,
      })
    }
    return { status: 200, json: { FailedEntryCount: 0, Entries: Entries.map((_, i) => ({ EventId: `e${i}` })) } }
  }
  const path = new URL(req.url ?? '/', url).pathname
  let m = /^\/prisons\/([A-Z]{3})\/poms$/.exec(path)
  if (req.method === 'GET' && m) {
    return { status: 200, json: { prisonId: m[1], poms: [...poms.values()].filter(p => p.prisonId === m?.[1]) } }
  }
  m = /^\/pdus\/([A-Z0-9]+)\/coms$/.exec(path)
  if (req.method === 'GET' && m) {
    return { status: 200, json: { pduCode: m[1], coms: [...coms.values()].filter(c => c.pduCode === m?.[1]) } }
  }
  m = /^\/prisons\/([A-Z]{3})\/poms\/(\d+)$/.exec(path)
  if (req.method === 'PUT' && m) {
    const body = pomBody.parse(await bodyOf(req))
    const key = `${m[1]}/${m[2]}`
    const before = poms.get(key)
    if (before) putsOverExisting.push(`POM ${m[2]}`)
    if (before && before.name !== body.name) renames.push(`POM ${m[2]}: ${before.name} → ${body.name}`)
    poms.set(key, { staffId: Number(m[2]), prisonId: m[1] ?? '', ...body })
    return { status: before ? 200 : 201, json: {} }
  }
  m = /^\/pdus\/([A-Z0-9]+)\/coms\/([A-Z0-9]+)$/.exec(path)
  if (req.method === 'PUT' && m) {
    const body = comBody.parse(await bodyOf(req))
    const staffCode = m[2] ?? ''
    const before = coms.get(staffCode)
    if (before) putsOverExisting.push(`COM ${staffCode}`)
    if (before && before.name !== body.name) renames.push(`COM ${staffCode}: ${before.name} → ${body.name}`)
    coms.set(staffCode, { staffCode, pduCode: m[1] ?? '', ...body })
    return { status: before ? 200 : 201, json: {} }
  }
  return { status: 404, json: { message: 'Not Found' } }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req)
      .then(({ status, json }) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(json))
      })
      .catch((e: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: String(e) }))
      })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the fake system has no TCP address')
  url = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  poms = new Map()
  coms = new Map()
  renames = []
  putsOverExisting = []
  managerEvents = []
})

function seed(seedNumber: number, prisoners = PRISONERS): Promise<number> {
  return seedDemoEstate(url, 'omic', {
    prisoners,
    seed: seedNumber,
    today: TODAY,
    api: { url, token: 'test-token' },
    allocate: false,
    quiet: true,
  })
}

const snapshot = <T extends { name: string; email: string | null }>(m: Map<string, T>) =>
  new Map([...m].map(([k, v]) => [k, { name: v.name, email: v.email }]))

describe('seeding a running system again', () => {
  it('the demo staff are the same people whatever the seed, and a bigger estate only adds people', () => {
    const first = generateEstate({ prisoners: 500, seed: 1, today: TODAY })
    const second = generateEstate({ prisoners: 5000, seed: 54_321, today: TODAY })
    const poms = new Map(second.poms.map(p => [p.staffId, p]))
    const coms = new Map(second.coms.map(c => [c.staffCode, c]))
    for (const pom of first.poms) expect(poms.get(pom.staffId), `POM ${pom.staffId}`).toEqual(pom)
    for (const com of first.coms) expect(coms.get(com.staffCode), `COM ${com.staffCode}`).toEqual(com)
    expect(second.poms.length).toBeGreaterThan(first.poms.length)
    expect(second.coms.length).toBeGreaterThan(first.coms.length)
    // still unique, in the bigger estate too
    expect(new Set(second.poms.map(p => p.email)).size).toBe(second.poms.length)
    expect(new Set(second.coms.map(c => c.email)).size).toBe(second.coms.length)
  })

  it('a second run with another seed renames nobody and registers nobody twice', async () => {
    await seed(1)
    const pomsAfterFirst = snapshot(poms)
    const comsAfterFirst = snapshot(coms)
    expect(pomsAfterFirst.size).toBeGreaterThan(0)
    expect(comsAfterFirst.size).toBeGreaterThan(0)
    await seed(2 + 48_217)
    expect(renames).toEqual([])
    expect(putsOverExisting).toEqual([])
    for (const [key, before] of pomsAfterFirst) expect(snapshot(poms).get(key), key).toEqual(before)
    for (const [key, before] of comsAfterFirst) expect(snapshot(coms).get(key), key).toEqual(before)
  })

  it('a bigger second run adds staff and keeps the first ones', { timeout: 30_000 }, async () => {
    await seed(1)
    const pomsAfterFirst = snapshot(poms)
    await seed(7, 600)
    expect(renames).toEqual([])
    expect(putsOverExisting).toEqual([])
    expect(poms.size).toBeGreaterThan(pomsAfterFirst.size)
    for (const [key, before] of pomsAfterFirst) expect(snapshot(poms).get(key), key).toEqual(before)
  })

  it('staff registered otherwise keep their identity, and the events name COMs as the system has them', async () => {
    const staff = generateEstate({ prisoners: PRISONERS, seed: 1, today: TODAY })
    const pom = staff.poms[1]
    const com = staff.coms[0]
    if (!pom || !com) throw new Error('the demo estate has no staff')
    poms.set(`${pom.prisonId}/${pom.staffId}`, {
      staffId: pom.staffId,
      prisonId: pom.prisonId,
      name: 'Richard King',
      email: 'richard.king@prison.example',
    })
    coms.set(com.staffCode, {
      staffCode: com.staffCode,
      pduCode: com.pduCode,
      teamCode: com.teamCode,
      name: 'Priya Owen',
      email: 'priya.owen@probation.example',
      grade: com.grade,
    })
    await seed(3)
    expect(renames).toEqual([])
    expect(putsOverExisting).toEqual([])
    expect(poms.get(`${pom.prisonId}/${pom.staffId}`)?.name).toBe('Richard King')
    expect(coms.get(com.staffCode)?.name).toBe('Priya Owen')
    const aboutCom = managerEvents.filter(e => e.staffCode === com.staffCode)
    for (const e of aboutCom)
      expect(e).toEqual({ staffCode: com.staffCode, name: 'Priya Owen', email: 'priya.owen@probation.example' })
    // every COM the events name is one the system has, under the name it has
    for (const e of managerEvents) expect(e.name, e.staffCode).toBe(coms.get(e.staffCode)?.name)
  })
})
