/**
 * A synthetic, deterministic prison and probation estate for the demo: prisons, POMs, COMs and prisoners, and the
 * upstream HMPPS events (events.md §2) that would describe them. Same seed + same `today` → same estate. No clock
 * and no Math.random: every date is relative to `today`, and `occurredAt` timestamps fall on the day before it.
 *
 * `generateEvents` / `generatePrisoners` are lazy (one prisoner at a time) so very large estates can be streamed.
 *
 * The public API is here; the generator is split by concern: `identifiers` (NOMS/CRN spaces), `sentence-kinds`
 * (kinds, prison, category), `episode` (custodial dates), `risk` (RoSH, MAPPA, registrations), `assessment` (OASys),
 * `probation` (PDU, convictions, COM), `context` (what one estate shares) and `prisoner-events` (one prisoner).
 */
import type { UpstreamEventType } from '@omic/contracts'
import { makeContext } from './context'
import { NOMS_SPACE } from './identifiers'
import { generatePrisoner } from './prisoner-events'
import { type DemoStaff, generateStaff } from './staff'
import type { DemoEvent, DemoPrisoner, EstateOptions, GeneratedPrisoner } from './types'

export { crnFor, nomsNumberFor } from './identifiers'
export type { DemoPrison, PrisonEstate } from './reference-data'
export { SENTENCE_KINDS, type SentenceKind } from './sentence-kinds'
export type { DemoCom, DemoLdu, DemoPdu, DemoPom, DemoStaff, DemoTeam } from './staff'
export { generateStaff } from './staff'
export type { DemoEvent, DemoEventOf, DemoPrisoner, EstateOptions, GeneratedPrisoner } from './types'

export interface DemoEstate extends DemoStaff {
  today: string
  seed: number
  prisoners: DemoPrisoner[]
  events: DemoEvent[]
}

export function generateEstate(options: EstateOptions): DemoEstate {
  const staff = generateStaff(options)
  const prisoners: DemoPrisoner[] = []
  const events: DemoEvent[] = []
  for (const generated of generatePrisoners(options, staff)) {
    prisoners.push(generated.prisoner)
    for (const event of generated.events) events.push(event)
  }
  return { today: options.today, seed: options.seed, ...staff, prisoners, events }
}

/** Every upstream event of the estate, generated lazily one prisoner at a time. */
export function* generateEvents(options: EstateOptions, staff?: DemoStaff): Generator<DemoEvent, void, undefined> {
  for (const { events } of generatePrisoners(options, staff)) yield* events
}

/** Each prisoner with their events, generated lazily. `staff` defaults to `generateStaff(options)`. */
export function* generatePrisoners(
  options: EstateOptions,
  staff: DemoStaff = generateStaff(options),
): Generator<GeneratedPrisoner, void, undefined> {
  if (!Number.isInteger(options.prisoners) || options.prisoners < 0) {
    throw new RangeError(`prisoners must be a non-negative integer, got ${options.prisoners}`)
  }
  if (options.prisoners > NOMS_SPACE) throw new RangeError(`at most ${NOMS_SPACE} prisoners`)
  const context = makeContext(options, staff)
  for (let index = 0; index < options.prisoners; index++) yield generatePrisoner(context, index)
}

/** The upstream event types the demo estate emits. */
export const DEMO_EVENT_TYPES = [
  'prisoner-offender-search.prisoner.received',
  'probation-case.details.changed',
  'probation-case.registration.added',
  'assessment.summary.produced',
  'probation-case.convictions.changed',
  'person.community.manager.allocated',
  'parole.review.updated',
] as const satisfies readonly UpstreamEventType[]
