/** An SPO's override of the responsibility to the community, and its removal. */
import { requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { OVERRIDE_REASONS } from '../model/records'
import { overrideResponsibility, removeOverride } from '../use-cases/manage-handover'
import { expectedVersion, handoverReply, nomsPath, version } from './common'
import { route } from './errors'

const overrideBody = z
  .object({
    reason: z.enum(OVERRIDE_REASONS),
    reasonText: z.string().trim().min(1).max(500).nullable().optional(),
    message: z.string().trim().max(2000).nullable().optional(),
    version,
  })
  .superRefine((b, ctx) => {
    if (b.reason === 'other_reason' && !b.reasonText) {
      ctx.addIssue({ code: 'custom', path: ['reasonText'], message: 'is required when the reason is other_reason' })
    }
  })

export const createOverrideRoute = route(
  { path: nomsPath, body: overrideBody },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'SPO')
    const { record } = await overrideResponsibility(deps, principal, path.nomsNumber, {
      reason: body.reason,
      reasonText: body.reasonText ?? null,
      message: body.message ?? null,
      version: expectedVersion(headers, body.version),
    })
    return handoverReply(record)
  },
)

export const deleteOverrideRoute = route(
  { path: nomsPath, body: z.object({ reasonText: z.string().trim().min(1).max(500), version }) },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'SPO')
    const { record } = await removeOverride(deps, principal, path.nomsNumber, {
      reasonText: body.reasonText,
      version: expectedVersion(headers, body.version),
    })
    return handoverReply(record)
  },
)
