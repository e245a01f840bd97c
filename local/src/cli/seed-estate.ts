import { generateEvents } from '../demo/estate'
import type { LocalEventBus } from '../runtime/event-bus'
import { localEventBridgeClient, publishAll } from './publish'

export interface SeedOptions {
  prisoners: number
  seed: number
  today?: string
  /** In-process bus: wait until every delivery has been handled before returning. */
  waitFor?: Pick<LocalEventBus, 'idle'>
  quiet?: boolean
}

function londonToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())
}

/** Publishes the demo estate's upstream events through the bus (never by writing tables). */
export async function seedDemoEstate(busUrl: string, busName: string, options: SeedOptions): Promise<number> {
  const started = Date.now()
  const client = localEventBridgeClient(busUrl)
  const today = options.today ?? londonToday()
  const log = (s: string) => {
    if (!options.quiet) process.stdout.write(s)
  }
  log(`Seeding a demo estate of ${options.prisoners} prisoners through the event bus…\n`)
  let last = 0
  const published = await publishAll(
    client,
    busName,
    generateEvents({ prisoners: options.prisoners, seed: options.seed, today }),
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
  return published
}
