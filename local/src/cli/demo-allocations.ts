/**
 * The SPOs' part of the demo: after the estate's events, each prison's SPO allocates a primary POM to the cases that
 * have waited longer than a new arrival would, through the allocation API and its ranked recommendations — as a real
 * SPO works through the unallocated list. Recent arrivals stay unallocated, so every list has something in it.
 */
import { z } from 'zod'

interface Api {
  url: string
  token: string
}

const casesPageSchema = z.object({
  cases: z.array(z.object({ nomsNumber: z.string(), daysWaiting: z.number().nullable() })),
  next: z.string().nullable(),
})
type ListedCase = z.infer<typeof casesPageSchema>['cases'][number]

const recommendationsSchema = z.object({
  candidates: z.array(
    z.object({ staffId: z.number().int(), rank: z.number().nullable(), overrideNeeded: z.boolean() }),
  ),
})

export interface DemoAllocationResult {
  allocated: number
  leftUnallocated: number
  unplaced: number
}

async function call(
  api: Api,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, json: text ? JSON.parse(text) : {} }
}

async function unallocated(api: Api, prisonId: string): Promise<ListedCase[]> {
  const out: ListedCase[] = []
  let cursor: string | null = null
  do {
    const query: string = `list=unallocated&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const res = await call(api, 'GET', `/prisons/${prisonId}/cases?${query}`)
    if (res.status !== 200) throw new Error(`GET /prisons/${prisonId}/cases answered ${res.status}`)
    const page = casesPageSchema.parse(res.json)
    out.push(...page.cases)
    cursor = page.next
  } while (cursor)
  return out
}

/** Allocates the top-ranked POM to one case; false when no POM can take it (all full or none of a usable grade). */
async function allocateTopRanked(api: Api, nomsNumber: string): Promise<boolean> {
  const rec = await call(api, 'GET', `/cases/${nomsNumber}/recommendations?role=primary`)
  if (rec.status !== 200) return false
  const top = recommendationsSchema.parse(rec.json).candidates.find(c => c.rank === 1)
  if (!top) return false
  const body = {
    staffId: top.staffId,
    ...(top.overrideNeeded
      ? { override: { reasons: ['no_staff'] }, note: 'Demo: no POM of the recommended type has room' }
      : {}),
  }
  const res = await call(api, 'POST', `/cases/${nomsNumber}/allocation`, body)
  // 409: somebody (a replayed seed) allocated it meanwhile; anything else is a real problem worth seeing
  if (res.status !== 200 && res.status !== 201 && res.status !== 409) {
    throw new Error(`POST /cases/${nomsNumber}/allocation answered ${res.status}: ${JSON.stringify(res.json)}`)
  }
  return res.status !== 409
}

/**
 * Allocates every unallocated case in the prisons that has waited more than `keepNewestDays` days; a few requests at a
 * time (the local API runs each function with bounded concurrency).
 */
export async function allocateDemoCases(
  api: Api,
  prisonIds: readonly string[],
  keepNewestDays = 14,
): Promise<DemoAllocationResult> {
  const result: DemoAllocationResult = { allocated: 0, leftUnallocated: 0, unplaced: 0 }
  for (const prisonId of prisonIds) {
    const cases = await unallocated(api, prisonId)
    const due = cases.filter(c => c.daysWaiting === null || c.daysWaiting > keepNewestDays)
    result.leftUnallocated += cases.length - due.length
    // one prison's cases in order: each allocation changes the next case's ranking (workload)
    for (let i = 0; i < due.length; i += 4) {
      const outcomes = await Promise.all(due.slice(i, i + 4).map(c => allocateTopRanked(api, c.nomsNumber)))
      for (const ok of outcomes) ok ? result.allocated++ : result.unplaced++
    }
  }
  return result
}
