import { addDays } from '@omic/domain'
import { generateEvents, generateStaff } from '../demo/estate'
import type { DemoStaff } from '../demo/staff'
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

async function put(api: { url: string; token: string }, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${api.url}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`PUT ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  }
}

/** Registers the estate's POMs and COMs through the allocation service's staff API. */
async function registerStaff(api: { url: string; token: string }, staff: DemoStaff, today: string): Promise<void> {
  const requests = [
    ...staff.poms.map(
      p => () =>
        put(api, `/prisons/${p.prisonId}/poms/${p.staffId}`, {
          name: `${p.firstName} ${p.lastName}`,
          email: p.email,
          grade: p.grade,
          status: p.status,
          workingPattern: p.workingPattern,
        }),
    ),
    ...staff.coms.map(
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
  const staff = generateStaff({ prisoners: options.prisoners, seed: options.seed })
  if (options.api) {
    log(`Registering ${staff.poms.length} POMs and ${staff.coms.length} COMs through the allocation API…\n`)
    await registerStaff(options.api, staff, today)
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
