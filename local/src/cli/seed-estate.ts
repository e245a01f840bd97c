import { comGradeSchema } from '@omic/contracts'
import { addDays } from '@omic/domain'
import { z } from 'zod'
import { generateEvents, generateStaff } from '../demo/estate'
import type { DemoCom, DemoPom, DemoStaff } from '../demo/staff'
import type { LocalEventBus } from '../runtime/event-bus'
import { allocateDemoCases } from './demo-allocations'
import { localEventBridgeClient, publishAll } from './publish'

export interface SeedOptions {
  prisoners: number
  seed: number
  today?: string
  /** The HTTP API and an admin token: staff are registered through the allocation API, as an SPO would. */
  api?: { url: string; token: string }
  /** In-process bus: wait until every delivery has been handled before returning. */
  waitFor?: Pick<LocalEventBus, 'idle'>
  /** With `api`: SPOs then allocate POMs to all but the recent arrivals (default true). */
  allocate?: boolean
  quiet?: boolean
}

function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
}

interface Api {
  url: string
  token: string
}

async function get(api: Api, path: string): Promise<unknown> {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${api.token}` } })
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return res.json()
}

async function put(api: Api, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${api.url}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`PUT ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  }
}

const registeredPomsSchema = z.object({
  poms: z.array(z.object({ staffId: z.number().int(), name: z.string(), email: z.string().nullish() })),
})
const registeredComsSchema = z.object({
  coms: z.array(
    z.object({
      staffCode: z.string(),
      pduCode: z.string(),
      teamCode: z.string(),
      name: z.string(),
      email: z.string().nullish(),
      grade: z.string(),
    }),
  ),
})
export type RegisteredPom = z.infer<typeof registeredPomsSchema>['poms'][number]
export type RegisteredCom = z.infer<typeof registeredComsSchema>['coms'][number]

export interface RegisteredStaff {
  /** By NOMIS staff id, whichever prison holds them. */
  poms: Map<number, RegisteredPom>
  /** By nDelius staff code, whichever PDU holds them. */
  coms: Map<string, RegisteredCom>
}

/** The staff the running system already knows, in the estate's prisons and PDUs, read through the staff API. */
export async function readRegisteredStaff(api: Api, staff: DemoStaff): Promise<RegisteredStaff> {
  const registered: RegisteredStaff = { poms: new Map(), coms: new Map() }
  for (const prison of staff.prisons) {
    const { poms } = registeredPomsSchema.parse(await get(api, `/prisons/${prison.prisonId}/poms`))
    for (const pom of poms) registered.poms.set(pom.staffId, pom)
  }
  for (const pdu of staff.pdus) {
    const { coms } = registeredComsSchema.parse(await get(api, `/pdus/${pdu.pduCode}/coms`))
    for (const com of coms) registered.coms.set(com.staffCode, com)
  }
  return registered
}

export interface StaffPlan {
  /** The staff the events describe: registered COMs as the system knows them (name, email, grade, team). */
  staff: DemoStaff
  /** Not registered yet: these are PUT. */
  newPoms: DemoPom[]
  newComs: DemoCom[]
  /** Already registered under these ids: left exactly as they are (never PUT again). */
  keptPoms: number
  keptComs: number
}

/**
 * Keeps every registered staff member as they are: an id the system already knows is never registered again (so a
 * second seed run cannot rename a POM who holds cases, nor change their grade or status), and the events name a
 * registered COM as the system has them, so emails go to that person.
 */
export function keepRegisteredStaff(staff: DemoStaff, registered: RegisteredStaff): StaffPlan {
  const teams = new Map(staff.teams.map(t => [t.teamCode, t]))
  const newPoms = staff.poms.filter(p => !registered.poms.has(p.staffId))
  const newComs = staff.coms.filter(c => !registered.coms.has(c.staffCode))
  const coms = staff.coms.map((com): DemoCom => {
    const known = registered.coms.get(com.staffCode)
    if (!known) return com
    const [firstName = known.name, ...rest] = known.name.split(' ')
    const team = teams.get(known.teamCode)
    const grade = comGradeSchema.safeParse(known.grade)
    return {
      ...com,
      firstName,
      lastName: rest.join(' '),
      name: known.name,
      email: known.email ?? com.email,
      ...(grade.success ? { grade: grade.data } : {}),
      ...(team ? { teamCode: team.teamCode, lduCode: team.lduCode, pduCode: team.pduCode } : {}),
    }
  })
  return {
    staff: { ...staff, coms },
    newPoms,
    newComs,
    keptPoms: staff.poms.length - newPoms.length,
    keptComs: staff.coms.length - newComs.length,
  }
}

/** Registers POMs and COMs through the allocation service's staff API. */
async function registerStaff(
  api: Api,
  poms: readonly DemoPom[],
  coms: readonly DemoCom[],
  today: string,
): Promise<void> {
  const requests = [
    ...poms.map(
      p => () =>
        put(api, `/prisons/${p.prisonId}/poms/${p.staffId}`, {
          name: `${p.firstName} ${p.lastName}`,
          email: p.email,
          grade: p.grade,
          status: p.status,
          workingPattern: p.workingPattern,
        }),
    ),
    ...coms.map(
      c => () =>
        put(api, `/pdus/${c.pduCode}/coms/${c.staffCode}`, {
          name: c.name,
          email: c.email,
          grade: c.grade,
          teamCode: c.teamCode,
          contractedHours: c.contractedHours,
          reductions:
            c.reductionHours > 0
              ? [
                  {
                    hours: c.reductionHours,
                    startDate: addDays(today, -30),
                    endDate: addDays(today, 180),
                    reason: 'Training',
                  },
                ]
              : [],
        }),
    ),
  ]
  // a few at a time: the local API runs each function with bounded concurrency
  for (let i = 0; i < requests.length; i += 8) await Promise.all(requests.slice(i, i + 8).map(r => r()))
}

/** Registers the demo staff, then publishes the estate's upstream events through the bus (never by writing tables). */
export async function seedDemoEstate(busUrl: string, busName: string, options: SeedOptions): Promise<number> {
  const started = Date.now()
  const client = localEventBridgeClient(busUrl)
  const today = options.today ?? londonToday()
  const log = (s: string) => {
    if (!options.quiet) process.stdout.write(s)
  }
  // staff do not depend on the seed: the same ids are the same people in every run
  let staff = generateStaff({ prisoners: options.prisoners })
  if (options.api) {
    const plan = keepRegisteredStaff(staff, await readRegisteredStaff(options.api, staff))
    staff = plan.staff
    const kept = plan.keptPoms + plan.keptComs
    log(
      `Registering ${plan.newPoms.length} POMs and ${plan.newComs.length} COMs through the allocation API` +
        `${kept > 0 ? ` (${plan.keptPoms} POMs and ${plan.keptComs} COMs already registered are kept as they are)` : ''}…\n`,
    )
    await registerStaff(options.api, plan.newPoms, plan.newComs, today)
  }
  log(`Seeding a demo estate of ${options.prisoners} prisoners through the event bus…\n`)
  let last = 0
  const published = await publishAll(
    client,
    busName,
    generateEvents({ prisoners: options.prisoners, seed: options.seed, today }, staff),
    {
      onProgress: n => {
        if (n - last >= 1000) {
          last = n
          log(`\r  ${n} events published`)
        }
      },
    },
  )
  await options.waitFor?.idle()
  client.destroy()
  log(`\r✔ ${published} upstream events published and handled in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
  if (options.api && options.allocate !== false) {
    const allocating = Date.now()
    log('SPOs allocating POMs to all but the recent arrivals, from the ranked recommendations…\n')
    const prisons = [...new Set(staff.poms.map(p => p.prisonId))].sort()
    const r = await allocateDemoCases(options.api, prisons)
    await options.waitFor?.idle()
    log(
      `✔ ${r.allocated} cases allocated, ${r.leftUnallocated} recent arrivals left to allocate` +
        `${r.unplaced ? `, ${r.unplaced} with no POM able to take them` : ''} ` +
        `(${((Date.now() - allocating) / 1000).toFixed(1)} s)\n`,
    )
  }
  return published
}
