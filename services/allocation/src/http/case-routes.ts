/** Case routes: lists, one case, its history and recommendations, and the POM allocation lifecycle. */
import { lineManagerAuthorisationSchema, pomTypeOverrideSchema, reallocationReasonSchema } from '@omic/domain'
import { canSeePrison, json, notFound, requirePrison, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { CASE_LISTS } from '../model'
import { caseHistory, caseView, listCases } from '../use-cases/case-views'
import { allocatePrimary, reallocatePrimary, removePomRoles, setCoworking } from '../use-cases/pom-allocation'
import { pomRecommendations } from '../use-cases/recommendations'
import { actorOf, allocationReply, nomsPath, prisonPath } from './common'
import { route } from './errors'

const DEFAULT_ORDER = { unallocated: 'asc', 'missing-info': 'asc', allocated: 'asc', 'new-arrivals': 'desc' } as const
const DEFAULT_SORT = { unallocated: 'date', 'missing-info': 'date', allocated: 'name', 'new-arrivals': 'date' } as const

export const listCasesRoute = route(
  {
    path: prisonPath,
    query: z
      .object({
        list: z.enum(CASE_LISTS).default('unallocated'),
        sort: z.enum(['name', 'date']).optional(),
        order: z.enum(['asc', 'desc']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        cursor: z.string().max(2000).optional(),
      })
      .refine(q => !(q.list === 'new-arrivals' && q.sort === 'name'), {
        message: 'new arrivals are listed by date only',
        path: ['sort'],
      }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO', 'POM')
    requirePrison(principal, path.prisonId)
    const page = await listCases(deps, {
      prisonId: path.prisonId,
      list: query.list,
      sort: query.sort ?? DEFAULT_SORT[query.list],
      order: query.order ?? DEFAULT_ORDER[query.list],
      limit: query.limit,
      cursor: query.cursor,
    })
    return json({ prisonId: path.prisonId, list: query.list, cases: page.items, next: page.cursor ?? null })
  },
)

async function visibleCase(nomsNumber: string, principal: Parameters<typeof requirePrison>[0]) {
  const record = await deps.store.getCase(nomsNumber)
  if (!record) throw notFound(`No case for ${nomsNumber}`)
  if (record.prisonId && record.prisonId !== 'OUT' && record.prisonId !== 'TRN')
    requirePrison(principal, record.prisonId)
  return record
}

export const getCaseRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const record = await visibleCase(path.nomsNumber, principal)
  return json(caseView(record, deps.clock.today(), deps))
})

export const caseHistoryRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM')
  await visibleCase(path.nomsNumber, principal)
  return json({ nomsNumber: path.nomsNumber, history: await caseHistory(deps, path.nomsNumber) })
})

export const recommendationsRoute = route(
  { path: nomsPath, query: z.object({ role: z.enum(['primary', 'coworking']).default('primary') }) },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO')
    const record = await visibleCase(path.nomsNumber, principal)
    const recommendations = await pomRecommendations(deps, record, query.role)
    if (!recommendations) throw notFound('The person is not in a prison, so no POM can be recommended')
    return json(recommendations)
  },
)

const note = z.string().trim().max(1000).nullable().optional()
const allocateBody = z.object({
  staffId: z.number().int().positive(),
  override: pomTypeOverrideSchema.nullable().optional(),
  note,
})

export const allocateRoute = route({ path: nomsPath, body: allocateBody }, async ({ path, body, principal }) => {
  requireRole(principal, 'SPO')
  return allocationReply(
    await allocatePrimary(deps, actorOf(principal), path.nomsNumber, body, p => canSeePrison(principal, p)),
  )
})

export const reallocateRoute = route(
  {
    path: nomsPath,
    body: allocateBody.extend({
      fromStaffId: z.number().int().positive(),
      reason: reallocationReasonSchema.nullable().optional(),
      lineManagerAuthorisation: lineManagerAuthorisationSchema.nullable().optional(),
      promptedByRiskChange: z.boolean().optional(),
    }),
  },
  async ({ path, body, principal }) => {
    requireRole(principal, 'SPO')
    return allocationReply(
      await reallocatePrimary(deps, actorOf(principal), path.nomsNumber, body, p => canSeePrison(principal, p)),
    )
  },
)

export const setCoworkingRoute = route(
  { path: nomsPath, body: z.object({ staffId: z.number().int().positive(), note }) },
  async ({ path, body, principal }) => {
    requireRole(principal, 'SPO')
    return allocationReply(
      await setCoworking(deps, actorOf(principal), path.nomsNumber, body, p => canSeePrison(principal, p)),
    )
  },
)

export const removeCoworkingRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO')
  return allocationReply(
    await removePomRoles(deps, actorOf(principal), path.nomsNumber, { primary: false, coworking: true }, 'user', p =>
      canSeePrison(principal, p),
    ),
  )
})

/** Admin tool (allocation.md §3.4 `manual_change`): removes both POMs. */
export const deallocateRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'ADMIN')
  return allocationReply(
    await removePomRoles(
      deps,
      actorOf(principal),
      path.nomsNumber,
      { primary: true, coworking: true },
      'manual_change',
      p => canSeePrison(principal, p),
    ),
  )
})
