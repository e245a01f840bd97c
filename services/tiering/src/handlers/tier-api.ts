import { crnSchema } from '@omic/contracts'
import { isoDateSchema, londonDateOf, tierCalculationInputSchema } from '@omic/domain'
import { badRequest, deadLetterRoutes, httpHandler, httpRouter, json, notFound, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { config, deps } from '../composition'
import { InvalidCursorError } from '../errors'
import { jobView, MAX_SEGMENTS } from '../model/recalculation-job'
import { getCalculation, getCurrentTier, getTierHistory, previewTier } from '../use-cases/read-tiers'
import { startRecalculation } from '../use-cases/recalculate-all'
import { pipeline } from './on-case-event'
import { parseRecalculationBody } from './recalculation-body'

/** Staff who may read tiers; recalculations are for ADMIN only (ADMIN may do anything). */
const READERS = ['SPO', 'POM', 'COM'] as const
const crnPath = z.object({ crn: crnSchema })

const getTier = httpHandler({ path: crnPath }, async ({ path, principal }) => {
  requireRole(principal, ...READERS)
  const tier = await getCurrentTier(deps.cases, path.crn, deps.version)
  if (!tier.found) throw notFound(tier.reason)
  return json(tier.value)
})

const getHistory = httpHandler(
  {
    path: crnPath,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().min(1).max(500).optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, ...READERS)
    try {
      const history = await getTierHistory(deps.cases, path.crn, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      if (!history.found) throw notFound(history.reason)
      return json(history.value)
    } catch (e) {
      if (e instanceof InvalidCursorError) throw badRequest([{ field: 'query.cursor', reason: e.message }])
      throw e
    }
  },
)

const getOneCalculation = httpHandler(
  { path: z.object({ crn: crnSchema, calculationId: z.uuid() }) },
  async ({ path, principal }) => {
    requireRole(principal, ...READERS)
    const calculation = await getCalculation(deps.cases, path.crn, path.calculationId, deps.version)
    if (!calculation.found) throw notFound(calculation.reason)
    return json(calculation.value)
  },
)

const preview = httpHandler(
  { query: z.object({ today: isoDateSchema.optional() }), body: tierCalculationInputSchema },
  async ({ query, body, principal }) => {
    requireRole(principal, ...READERS)
    const result = previewTier(body, query.today ?? londonDateOf(deps.clock.now()), deps.version)
    if (!result.ok) throw badRequest([{ field: `body.${result.error.field}`, reason: result.error.reason }])
    return json(result.value)
  },
)

const startJob = httpHandler(
  { query: z.object({ segments: z.coerce.number().int().min(1).max(MAX_SEGMENTS).optional() }) },
  async ({ query, principal, event }) => {
    requireRole(principal, 'ADMIN')
    const { crns } = parseRecalculationBody(event)
    const { job, outcome } = await startRecalculation(deps, {
      trigger: 'api',
      requestedBy: principal.staffId ?? principal.subject,
      segments: query.segments ?? config.recalculationSegments,
      ...(crns ? { crns } : {}),
    })
    if (outcome === 'already-running') {
      return json({ status: 409, message: `Recalculation ${job.jobId} is still running`, job: jobView(job) }, 409, {
        location: `/tiers/recalculations/${job.jobId}`,
      })
    }
    return json({ outcome, job: jobView(job) }, 202, { location: `/tiers/recalculations/${job.jobId}` })
  },
)

const getJob = httpHandler({ path: z.object({ jobId: z.uuid() }) }, async ({ path, principal }) => {
  requireRole(principal, 'ADMIN')
  const job = await deps.jobs.get(path.jobId)
  if (job === null) throw notFound(`No recalculation ${path.jobId}`)
  return json(jobView(job))
})

export const handler = httpRouter({
  'GET /tiers/{crn}': getTier,
  'GET /tiers/{crn}/history': getHistory,
  'GET /tiers/{crn}/calculations/{calculationId}': getOneCalculation,
  'POST /tiers/preview': preview,
  'POST /tiers/recalculations': startJob,
  'GET /tiers/recalculations/{jobId}': getJob,
  ...deadLetterRoutes('tiering', pipeline),
})
