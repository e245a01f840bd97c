/** One case, its timeline, and a prison's handover lists (paged from the list index). */
import { prisonIdSchema } from '@omic/contracts'
import { json, requirePrison, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { CASE_LISTS } from '../model/records'
import { handoverView, listItemView } from '../model/views'
import { getHandover, getTimeline, listHandovers } from '../use-cases/queries'
import { etag, nomsPath } from './common'
import { route } from './errors'

export const getCaseRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const { record, history } = await getHandover(deps, principal, path.nomsNumber)
  return json(handoverView(record, history), 200, etag(record.version))
})

export const getTimelineRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  return json(await getTimeline(deps, principal, path.nomsNumber))
})

export const listCasesRoute = route(
  {
    path: z.object({ prisonId: prisonIdSchema }),
    query: z.object({
      list: z.enum(CASE_LISTS),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO', 'POM')
    requirePrison(principal, path.prisonId)
    const page = await listHandovers(deps, path.prisonId, query.list, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    })
    return json({
      prisonId: path.prisonId,
      list: query.list,
      items: page.items.map(listItemView),
      next: page.cursor ?? null,
    })
  },
)
