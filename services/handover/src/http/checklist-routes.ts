/** The POM's handover checklist. */
import { json, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { checklistView } from '../model/views'
import { checklistFor, readChecklist, updateChecklist } from '../use-cases/manage-handover'
import { etag, expectedVersion, nomsPath, version } from './common'
import { route } from './errors'

export const getChecklistRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'POM')
  const { record, result, editable } = await readChecklist(deps, principal, path.nomsNumber)
  return json(checklistView(record.checklist, result, editable, record.version), 200, etag(record.version))
})

const task = z.boolean().optional()

export const putChecklistRoute = route(
  {
    path: nomsPath,
    body: z
      .object({
        reviewedOasys: task,
        contactedCom: task,
        attendedHandoverMeeting: task,
        sentHandoverReport: task,
        version,
      })
      .refine(b => Object.keys(b).some(k => k !== 'version'), { message: 'must change at least one task' }),
  },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'POM')
    const { version: v, ...change } = body
    const { record } = await updateChecklist(deps, principal, path.nomsNumber, change, expectedVersion(headers, v))
    const { result, editable } = checklistFor(record, deps.options.simplifiedEnhancedHandover)
    return json(checklistView(record.checklist, result, editable, record.version), 200, etag(record.version))
  },
)
