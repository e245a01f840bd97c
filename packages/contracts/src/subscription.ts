/**
 * What a service subscribes to, declared once (`services/<name>/src/events/subscriptions.ts`) and read by everything
 * that needs it: infra builds the service's EventBridge rule from `pattern`, lambda-kit's event pipeline validates
 * each delivery with `schemas` and checks it came from `sources`, and the use cases are typed by
 * {@link SubscribedEvent} (no unions restated, no casts).
 */
import type { z } from 'zod'
import { PUBLISHED_EVENTS } from './published'
import { UPSTREAM_EVENTS } from './upstream'

/** Every event type of the system: the upstream ones we accept and the ones our services publish. */
export const EVENT_CATALOGUE = { ...UPSTREAM_EVENTS, ...PUBLISHED_EVENTS } as const
export type EventCatalogue = typeof EVENT_CATALOGUE
export type CatalogueEventType = keyof EventCatalogue

/** One EventBridge rule's event pattern, as it stands in the template (`detail-type`, not CDK's `detailType`). */
export interface EventBridgeSourcePattern {
  source: string[]
  'detail-type': string[]
}
export type EventBridgePattern = EventBridgeSourcePattern | { $or: EventBridgeSourcePattern[] }

export interface Subscription<T extends CatalogueEventType = CatalogueEventType> {
  readonly types: readonly T[]
  /** The zod schema of each subscribed detail-type (the envelope is the EventBridge `detail`). */
  readonly schemas: { readonly [K in T]: EventCatalogue[K]['schema'] }
  /** The sources each detail-type may come from: its producer's, and `alsoFrom` where the catalogue names more. */
  readonly sources: { readonly [K in T]: readonly string[] }
  /** Exact source/detail-type pairs: one sub-pattern per source (`$or` when there are several). */
  readonly pattern: EventBridgePattern
}

/** A subscription's schemas and sources, as the event pipeline reads them (tests may write their own). */
export interface DetailSubscription<M extends DetailSchemas = DetailSchemas> {
  readonly schemas: M
  readonly sources: { readonly [K in keyof M]: readonly string[] }
}
export type DetailSchemas = Readonly<Record<string, z.ZodType>>

/** A validated delivery of one of `M`'s detail-types, typed by its detail-type. */
export type ReceivedEvent<M extends DetailSchemas> = {
  [K in keyof M & string]: { id: string; source: string; time: string; detailType: K; detail: z.infer<M[K]> }
}[keyof M & string]

/** A validated delivery of one of the subscription's event types. */
export type SubscribedEvent<S extends { readonly schemas: DetailSchemas }> = ReceivedEvent<S['schemas']>

/** The deliveries of some of the subscription's event types (what one use case handles). */
export type SubscribedEventOf<S extends { readonly schemas: DetailSchemas }, K extends keyof S['schemas']> = Extract<
  SubscribedEvent<S>,
  { detailType: K }
>

export interface SubscriptionOptions {
  /**
   * Sources not to take these types from, though the catalogue lists them (a service that publishes a type itself,
   * `alsoFrom`, does not want its own copy back).
   */
  notFrom?: readonly string[]
}

/** A service's subscription to these catalogue event types (each once). */
export function subscription<const T extends CatalogueEventType>(
  types: readonly [T, ...T[]],
  options: SubscriptionOptions = {},
): Subscription<T> {
  const excluded = new Set(options.notFrom ?? [])
  const from = (type: CatalogueEventType) => sourcesOf(type).filter(s => !excluded.has(s))
  const seen = new Set<string>()
  for (const type of types) {
    if (!Object.hasOwn(EVENT_CATALOGUE, type)) throw new Error(`${type} is not in the event catalogue`)
    if (seen.has(type)) throw new Error(`${type} is subscribed twice`)
    seen.add(type)
  }
  const schemas = Object.fromEntries(types.map(t => [t, EVENT_CATALOGUE[t].schema])) as Subscription<T>['schemas']
  const sources: Record<string, readonly string[]> = Object.fromEntries(types.map(t => [t, from(t)]))
  const bySource = new Map<string, string[]>()
  for (const type of types) {
    if (from(type).length === 0) throw new Error(`${type} is left with no source`)
    for (const source of from(type)) bySource.set(source, [...(bySource.get(source) ?? []), type])
  }
  const patterns = [...bySource].map(([source, detailTypes]) => ({ source: [source], 'detail-type': detailTypes }))
  const pattern: EventBridgePattern = patterns.length === 1 ? patterns[0]! : { $or: patterns }
  return { types, schemas, sources: sources as Record<T, readonly string[]>, pattern }
}

/** The producer's source, then any other source the catalogue says also publishes the type. */
export function sourcesOf(type: CatalogueEventType): readonly string[] {
  const entry: { source: string; alsoFrom?: readonly string[] } = EVENT_CATALOGUE[type]
  return [entry.source, ...(entry.alsoFrom ?? [])]
}
