/**
 * A digest of every read model, read through the HTTP API as a national admin would, normalised so that two runs of
 * the same estate can be compared; and a readable diff of two digests.
 *
 * What is normalised, and why (everything else is kept, so the facts are compared):
 *  - processing timestamps: any ISO timestamp at or after the run began (`updatedAt`, `calculatedAt`, `createdAt`,
 *    `sentAt`, …) becomes `<processing time>`. The estate's own timestamps (`occurredAt` and what is derived from it,
 *    such as a notification's episode) all lie before the run, so they are kept;
 *  - `version`: a write counter, it counts deliveries and recalculations, which a shuffle and duplicates change;
 *  - `calculationId`: a generated id (UUID v7) per tier calculation;
 *  - `trigger` (handover `calculated.trigger`) and `previousTier`, `changed` (tier view): which event happened to
 *    cause the latest calculation, and what the calculation before it said, depend on delivery order by nature;
 *  - `history`: the sequence of intermediate calculations depends on delivery order by nature (the last one is
 *    the current state, which is compared);
 *  - list rows and notifications are sorted by their key (order among equals is not a fact);
 *  - the chases for a missing COM (`com-allocation-overdue`, `short-sentence-com-needed`,
 *    `open-prison-supporting-com-needed`, `urgent-pipeline-to-community`) are left out of the notification reads: one
 *    is sent when, on its due day, no COM allocation has been received, and an email sent is not taken back. When a
 *    shuffle delivers the COM allocation before the prisoner's events, no chase is due; in order, one was. Which is
 *    by nature order-dependent (docs/notifications.md, "Final state of the history"); that a chase waits for its
 *    address and is sent once is tested in the notifications service's order-independence test. The reminders
 *    decided by dates alone (handover window, handover date, early-allocation review) are compared.
 */
import { z } from 'zod'

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
)

export interface Subjects {
  nomsNumbers: readonly string[]
  crns: readonly string[]
  prisonIds: readonly string[]
  pduCodes: readonly string[]
}

/** One read, normalised: `read model › what` → status and body. */
export type Digest = Map<string, { status: number; body: Json }>

const DROPPED_KEYS = new Set(['version', 'calculationId', 'trigger', 'previousTier', 'changed', 'history'])

/** Sent only while no COM allocation has been received on their due day: order-dependent by nature (see above). */
export const COM_CHASE_TEMPLATES: ReadonlySet<string> = new Set([
  'com-allocation-overdue',
  'short-sentence-com-needed',
  'open-prison-supporting-com-needed',
  'urgent-pipeline-to-community',
])

const isComChase = (row: Json): boolean =>
  row !== null &&
  typeof row === 'object' &&
  !Array.isArray(row) &&
  typeof row.template === 'string' &&
  COM_CHASE_TEMPLATES.has(row.template)
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

export function normalise(value: Json, runStartedAt: number): Json {
  if (Array.isArray(value)) return value.map(v => normalise(v, runStartedAt))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !DROPPED_KEYS.has(k))
        .map(([k, v]) => [k, normalise(v, runStartedAt)]),
    )
  }
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value) && Date.parse(value) >= runStartedAt) {
    return '<processing time>'
  }
  return value
}

const keyOf = (row: Json): string =>
  row !== null && typeof row === 'object' && !Array.isArray(row)
    ? String(row.nomsNumber ?? row.id ?? row.crn ?? JSON.stringify(row)) + JSON.stringify(row)
    : JSON.stringify(row)

function sortRows(rows: Json[]): Json[] {
  return [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
}

async function get(apiUrl: string, token: string, path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })
  const text = await res.text()
  let body: Json = text
  try {
    body = JsonValue.parse(JSON.parse(text))
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body }
}

const Page = z.object({ next: z.string().nullable().optional() }).loose()

/** Every page of a list (`next` is the cursor of the next page); the rows of `field`, sorted. */
async function list(
  apiUrl: string,
  token: string,
  path: string,
  field: string,
): Promise<{ status: number; body: Json }> {
  const rows: Json[] = []
  let cursor: string | null | undefined
  for (let page = 0; page < 100; page++) {
    const sep = path.includes('?') ? '&' : '?'
    const r = await get(apiUrl, token, `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`)
    if (r.status !== 200 || r.body === null || typeof r.body !== 'object' || Array.isArray(r.body)) return r
    const got = r.body[field]
    if (Array.isArray(got)) rows.push(...got)
    cursor = Page.parse(r.body).next
    if (!cursor) break
  }
  return { status: 200, body: sortRows(rows) }
}

/** Reads every read model of these subjects through the API, a few requests at a time. */
export async function digestReadModels(
  apiUrl: string,
  token: string,
  subjects: Subjects,
  runStartedAt: number,
): Promise<Digest> {
  const reads: [string, () => Promise<{ status: number; body: Json }>][] = []
  const one = (key: string, path: string) => reads.push([key, () => get(apiUrl, token, path)])
  const rows = (key: string, path: string, field: string) => reads.push([key, () => list(apiUrl, token, path, field)])
  for (const noms of subjects.nomsNumbers) {
    one(`allocation › case ${noms}`, `/cases/${noms}`)
    one(`handover › case ${noms}`, `/handovers/${noms}`)
    rows(`notifications › case ${noms}`, `/notifications?nomsNumber=${noms}&limit=100`, 'notifications')
  }
  for (const crn of subjects.crns) one(`tiering › tier ${crn}`, `/tiers/${crn}`)
  for (const prison of subjects.prisonIds) {
    for (const l of ['unallocated', 'allocated', 'missing-info', 'new-arrivals']) {
      rows(`allocation › ${prison} ${l}`, `/prisons/${prison}/cases?list=${l}&limit=100`, 'cases')
    }
    for (const l of ['upcoming', 'in-progress', 'custody-with-com', 'com-overdue']) {
      rows(`handover › ${prison} ${l}`, `/prisons/${prison}/handovers?list=${l}&limit=50`, 'items')
    }
  }
  for (const pdu of subjects.pduCodes) rows(`allocation › PDU ${pdu} needing a COM`, `/pdus/${pdu}/cases`, 'cases')
  rows('notifications › outbox', '/notifications/outbox?limit=200', 'outbox')

  const digest: Digest = new Map()
  for (let i = 0; i < reads.length; i += 6) {
    const batch = reads.slice(i, i + 6)
    const results = await Promise.all(batch.map(([, read]) => read()))
    batch.forEach(([key], j) => {
      const r = results[j]
      if (!r) return
      const body =
        key.startsWith('notifications ›') && Array.isArray(r.body) ? r.body.filter(row => !isComChase(row)) : r.body
      digest.set(key, { status: r.status, body: normalise(body, runStartedAt) })
    })
  }
  return digest
}

/** Leaf paths where two JSON values differ, as `path: a → b`. */
export function leafDiffs(
  a: Json | undefined,
  b: Json | undefined,
  path = '',
): { path: string; a: string; b: string }[] {
  const isObject = (v: Json | undefined): v is { [key: string]: Json } =>
    v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v)
  if (Array.isArray(a) && Array.isArray(b)) {
    // rows with an identity (notifications, emails, list rows) are matched by it, not by position
    const identity = (row: Json | undefined): string | undefined =>
      isObject(row) ? String(row.id ?? row.nomsNumber ?? '') || undefined : undefined
    const ids = [...a, ...b].map(identity)
    if (ids.length > 0 && ids.every(id => id !== undefined)) {
      const byId = (rows: Json[]) => new Map(rows.map(r => [identity(r) ?? '', r]))
      const ma = byId(a)
      const mb = byId(b)
      if (ma.size === a.length && mb.size === b.length) {
        const keys = [...new Set([...ma.keys(), ...mb.keys()])].sort()
        return keys.flatMap(k => leafDiffs(ma.get(k), mb.get(k), `${path}[${k}]`))
      }
    }
    const out: { path: string; a: string; b: string }[] = []
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...leafDiffs(a[i], b[i], `${path}[${i}]`))
    return out
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    return keys.flatMap(k => leafDiffs(a[k], b[k], path ? `${path}.${k}` : k))
  }
  const sa = JSON.stringify(a) ?? 'absent'
  const sb = JSON.stringify(b) ?? 'absent'
  return sa === sb ? [] : [{ path: path || '(whole)', a: sa, b: sb }]
}

export interface DigestDiff {
  key: string
  status: [number | undefined, number | undefined]
  leaves: { path: string; a: string; b: string }[]
}

export function compareDigests(expected: Digest, actual: Digest): DigestDiff[] {
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort()
  const out: DigestDiff[] = []
  for (const key of keys) {
    const e = expected.get(key)
    const a = actual.get(key)
    const leaves = leafDiffs(e?.body, a?.body)
    if (e?.status !== a?.status || leaves.length > 0) out.push({ key, status: [e?.status, a?.status], leaves })
  }
  return out
}

const clip = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s)

/** A readable report: per read model and field, how many cases differ; then the first differing cases in full. */
export function describeDiffs(diffs: readonly DigestDiff[], firstCases = 8): string {
  if (diffs.length === 0) return 'every read model is equal'
  const byField = new Map<string, Set<string>>()
  for (const d of diffs) {
    const model = d.key.split(' › ')[0] ?? d.key
    const fields =
      d.status[0] !== d.status[1] ? ['(HTTP status)'] : d.leaves.map(l => l.path.replace(/\[[^\]]+\]/g, '[]'))
    for (const f of new Set(fields)) {
      const k = `${model} › ${f}`
      byField.set(k, (byField.get(k) ?? new Set()).add(d.key))
    }
  }
  const lines = [`${diffs.length} of the reads differ (expected = in-order run, actual = chaos replay):`]
  for (const [k, cases] of [...byField.entries()].sort((x, y) => y[1].size - x[1].size)) {
    lines.push(`  ${String(cases.size).padStart(3)} × ${k}`)
  }
  lines.push('', `The first ${Math.min(firstCases, diffs.length)} differing reads:`)
  for (const d of diffs.slice(0, firstCases)) {
    lines.push(`  ${d.key}${d.status[0] !== d.status[1] ? `  (HTTP ${d.status[0]} → ${d.status[1]})` : ''}`)
    for (const l of d.leaves.slice(0, 12)) lines.push(`    ${l.path}: ${clip(l.a)} → ${clip(l.b)}`)
    if (d.leaves.length > 12) lines.push(`    … and ${d.leaves.length - 12} more`)
  }
  return lines.join('\n')
}
