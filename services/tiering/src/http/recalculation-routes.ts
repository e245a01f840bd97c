/** Full recalculations (ADMIN only): start one (every case, or listed CRNs) and follow it through its job. */
import { json, notFound, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { config, deps } from '../composition'
import { jobView, MAX_SEGMENTS } from '../model/recalculation-job'
import { startRecalculation } from '../use-cases/recalculate-all'
import { route } from './errors'
import { parseRecalculationBody } from './recalculation-body'

export const startRecalculationRoute = route(
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

export const getRecalculationRoute = route({ path: z.object({ jobId: z.uuid() }) }, async ({ path, principal }) => {
  requireRole(principal, 'ADMIN')
  const job = await deps.jobs.get(path.jobId)
  if (job === null) throw notFound(`No recalculation ${path.jobId}`)
  return json(jobView(job))
})
