/** Tier routes: the current tier with its trace, the calculation history, one calculation, a what-if preview. */
import { crnSchema } from '@omic/contracts'
import { isoDateSchema, londonDateOf, tierCalculationInputSchema } from '@omic/domain'
import { badRequest, json, notFound, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { getCalculation, getCurrentTier, getTierHistory, previewTier } from '../use-cases/read-tiers'
import { route } from './errors'

/** Staff who may read tiers (ADMIN may do anything). */
export const READERS = ['SPO', 'POM', 'COM'] as const
const crnPath = z.object({ crn: crnSchema })

export const getTierRoute = route({ path: crnPath }, async ({ path, principal }) => {
  requireRole(principal, ...READERS)
  const tier = await getCurrentTier(deps.cases, path.crn, deps.version)
  if (!tier.found) throw notFound(tier.reason)
  return json(tier.value)
})

export const getHistoryRoute = route(
  {
    path: crnPath,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().min(1).max(500).optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, ...READERS)
    const history = await getTierHistory(deps.cases, path.crn, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    })
    if (!history.found) throw notFound(history.reason)
    return json(history.value)
  },
)

export const getCalculationRoute = route(
  { path: z.object({ crn: crnSchema, calculationId: z.uuid() }) },
  async ({ path, principal }) => {
    requireRole(principal, ...READERS)
    const calculation = await getCalculation(deps.cases, path.crn, path.calculationId, deps.version)
    if (!calculation.found) throw notFound(calculation.reason)
    return json(calculation.value)
  },
)

export const previewRoute = route(
  { query: z.object({ today: isoDateSchema.optional() }), body: tierCalculationInputSchema },
  async ({ query, body, principal }) => {
    requireRole(principal, ...READERS)
    const result = previewTier(body, query.today ?? londonDateOf(deps.clock.now()), deps.version)
    if (!result.ok) throw badRequest([{ field: `body.${result.error.field}`, reason: result.error.reason }])
    return json(result.value)
  },
)
