import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoEstate } from '../../local/src/cli/seed-estate'
import { type DemoEstate, generateEstate } from '../../local/src/demo/estate'
import { type LocalCloud, REPO_ROOT, startLocalCloud } from '../../local/src/runtime/local-cloud'

/**
 * "A log-scan test over a full demo run finds no personal data": a small demo estate through the whole local
 * runtime — staff registered and POMs allocated through the API, the upstream events on the bus, the schedules
 * that send reminders and reports run — then every function's log file is searched for the estate's people:
 * prisoners' names and dates of birth, staff names, every email address. The run must in fact have produced
 * emails naming them (else the scan would prove nothing).
 */
const STATE_DIR = join(REPO_ROOT, '.local', 'log-scan-e2e')
const LOG_DIR = join(STATE_DIR, 'logs')
const SEED = 424_242
const PRISONERS = 40
const TODAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
/** The SPO who seeds the estate (their token's name and email travel with their allocations). */
const SPO = { staffId: '900731', name: 'Marguerite Thistlewood', email: 'marguerite.thistlewood@prison.example' }

type OutboxEntry = { template: string; to: string; body: string }

let cloud: LocalCloud
let admin: string
let estate: DemoEstate
let outbox: OutboxEntry[] = []

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * What counts as personal data here, each with a pattern that does not match inside other words: names as
 * written in the events (NOMIS writes prisoners' names in capitals) and title case, dates of birth, addresses.
 */
function personalData(e: DemoEstate): { what: string; pattern: RegExp }[] {
  const found = new Map<string, RegExp>()
  const name = (what: string, value: string) => {
    for (const form of new Set([value, value.toUpperCase(), titleCase(value)])) {
      if (form.length >= 3) found.set(`${what}: ${form}`, new RegExp(`(?<![A-Za-z])${escapeRegExp(form)}(?![A-Za-z])`))
    }
  }
  const exact = (what: string, value: string) => found.set(`${what}: ${value}`, new RegExp(escapeRegExp(value), 'i'))
  for (const p of e.prisoners) {
    name('prisoner name', `${p.firstName} ${p.lastName}`)
    name('prisoner last name', p.lastName)
    exact('date of birth', p.dateOfBirth)
  }
  for (const p of e.poms) {
    name('POM name', `${p.firstName} ${p.lastName}`)
    name('POM last name', p.lastName)
    exact('POM email', p.email)
  }
  for (const c of e.coms) {
    name('COM name', c.name)
    name('COM last name', c.lastName)
    exact('COM email', c.email)
  }
  for (const pdu of e.pdus) for (const ldu of pdu.ldus) exact('LDU mailbox', ldu.lduEmail)
  name('SPO name', SPO.name)
  exact('SPO email', SPO.email)
  return [...found].map(([what, pattern]) => ({ what, pattern }))
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_, sep: string, c: string) => `${sep}${c.toUpperCase()}`)
}

async function runSchedule(prefix: string, payload?: unknown): Promise<void> {
  const schedule = cloud.scheduler.list().find(s => s.logicalId.startsWith(prefix))
  expect(schedule, `schedule ${prefix}`).toBeDefined()
  expect(cloud.scheduler.run(schedule?.logicalId ?? prefix, payload)).toBe(true)
  await cloud.bus.idle()
}

beforeAll(async () => {
  rmSync(LOG_DIR, { recursive: true, force: true })
  estate = generateEstate({ prisoners: PRISONERS, seed: SEED, today: TODAY })
  cloud = await startLocalCloud({ schedules: false, retryDelaysMs: [10, 20], stateDir: STATE_DIR })
  admin = await cloud.issuer.issue({ sub: 'log-scan-admin', roles: ['ADMIN'], prisons: ['*'], pdus: ['*'] })
  const spo = await cloud.issuer.issue({
    sub: 'log-scan-spo',
    roles: ['SPO'],
    prisons: ['*'],
    pdus: ['*'],
    staffId: SPO.staffId,
    name: SPO.name,
    email: SPO.email,
  })
  await seedDemoEstate(cloud.busUrl, 'omic', {
    prisoners: PRISONERS,
    seed: SEED,
    today: TODAY,
    api: { url: cloud.apiUrl, token: spo },
    waitFor: cloud.bus,
    quiet: true,
  })
  await cloud.bus.idle()
  // the schedules that lead to emails: reminders (handover's daily sweep), the monthly report, the quarter-hourly run
  await runSchedule('HandoverDailySweep')
  await runSchedule('NotificationsMonthlyPipelineReport', { runDate: TODAY })
  await runSchedule('NotificationsEveryQuarterHour')
  const res = await fetch(`${cloud.apiUrl}/notifications/outbox?limit=200`, {
    headers: { authorization: `Bearer ${admin}` },
  })
  expect(res.status).toBe(200)
  outbox = ((await res.json()) as { outbox: OutboxEntry[] }).outbox
  // stopping the workers flushes their logs
  await cloud.stop()
}, 600_000)

afterAll(async () => {
  await cloud?.stop()
})

describe('a demo run’s logs', () => {
  it('produced emails about the estate’s people (so the scan below can find them if they leak)', () => {
    expect(outbox.length).toBeGreaterThan(5)
    const needles = personalData(estate)
    const inEmails = needles.filter(n => outbox.some(e => n.pattern.test(`${e.to}\n${e.body}`)))
    expect(inEmails.some(n => n.what.startsWith('prisoner name'))).toBe(true)
    expect(inEmails.some(n => n.what.endsWith('email') || n.what.startsWith('LDU mailbox'))).toBe(true)
    expect(new Set(outbox.map(e => e.template)).size).toBeGreaterThan(1)
  })

  it('has no personal data in any function’s log', () => {
    expect(existsSync(LOG_DIR)).toBe(true)
    const files = readdirSync(LOG_DIR).filter(f => f.endsWith('.log'))
    // every service ran: a log each, and the notifications service's has content
    for (const service of ['Allocation', 'Handover', 'Tiering', 'Notifications']) {
      expect(
        files.some(f => f.startsWith(service)),
        service,
      ).toBe(true)
    }
    const needles = personalData(estate)
    const found: string[] = []
    for (const file of files) {
      const lines = readFileSync(join(LOG_DIR, file), 'utf8').split('\n')
      for (const [i, line] of lines.entries()) {
        for (const n of needles) {
          const at = line.search(n.pattern)
          // where: the function, the line and the text around it (enough to tell which log call wrote it)
          if (at >= 0) found.push(`${file}:${i + 1} ${n.what} in …${line.slice(Math.max(0, at - 120), at + 60)}…`)
        }
      }
    }
    expect(found.slice(0, 40)).toEqual([])
  })
})
