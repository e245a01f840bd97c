/** Bulk reallocation routes: preview, then confirm with a per-case outcome. */

import { nomsNumberSchema } from '@omic/contracts'
import { lineManagerAuthorisationSchema, pomTypeOverrideSchema, reallocationReasonSchema } from '@omic/domain'
import { badRequest, json, notFound, requirePrison, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import type { BulkOutcome } from '../model'
import { confirmBulkReallocation, previewBulkReallocation } from '../use-cases/bulk-reallocation'
import { actorOf, pomPath } from './common'
import { route } from './errors'

function reply<T>(outcome: BulkOutcome<T>) {
  if (outcome.ok) return json(outcome.value)
  if (outcome.kind === 'not_found') throw notFound(outcome.errors[0]?.reason ?? 'Not found')
  throw badRequest(outcome.errors)
}

export const previewBulkRoute = route(
  {
    path: pomPath,
    body: z.object({
      targetStaffId: z.number().int().positive(),
      nomsNumbers: z.array(nomsNumberSchema).max(500).optional(),
    }),
  },
  async ({ path, body, principal }) => {
    requireRole(principal, 'SPO')
    requirePrison(principal, path.prisonId)
    return reply(await previewBulkReallocation(deps, path.prisonId, path.staffId, body))
  },
)

export const confirmBulkRoute = route(
  {
    path: pomPath,
    body: z.object({
      targetStaffId: z.number().int().positive(),
      cases: z
        .array(z.object({ nomsNumber: nomsNumberSchema, override: pomTypeOverrideSchema.nullable().optional() }))
        .min(1, 'Select at least one case to reallocate')
        .max(500),
      reason: reallocationReasonSchema.nullable().optional(),
      lineManagerAuthorisation: lineManagerAuthorisationSchema.nullable().optional(),
      note: z.string().trim().max(1000).nullable().optional(),
    }),
  },
  async ({ path, body, principal }) => {
    requireRole(principal, 'SPO')
    requirePrison(principal, path.prisonId)
    return reply(await confirmBulkReallocation(deps, actorOf(principal), path.prisonId, path.staffId, body))
  },
)
