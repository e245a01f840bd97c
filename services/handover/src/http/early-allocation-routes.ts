/** Early allocation assessments: made, updated, and the community's decision. */
import { calendarDateSchema } from '@omic/contracts'
import { earlyAllocationAnswersSchema } from '@omic/domain'
import { type HttpRequest, json, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps } from '../composition'
import { assessmentView, handoverView } from '../model/views'
import { createEarlyAllocation, decideEarlyAllocation, updateEarlyAllocation } from '../use-cases/manage-handover'
import { HISTORY_SHOWN } from '../use-cases/queries'
import { assessmentPath, etag, expectedVersion, nomsPath, version } from './common'
import { route } from './errors'

const assessmentBody = z.object({
  oasysRiskAssessmentDate: calendarDateSchema,
  answers: earlyAllocationAnswersSchema,
  reason: z.string().trim().min(1).max(2000).nullable().optional(),
  approved: z.boolean().nullable().optional(),
  version,
})
type AssessmentBody = z.infer<typeof assessmentBody>

const assessmentRequest = (body: AssessmentBody, headers: HttpRequest<unknown, unknown, unknown>['headers']) => ({
  oasysRiskAssessmentDate: body.oasysRiskAssessmentDate,
  answers: body.answers,
  reason: body.reason ?? null,
  approved: body.approved ?? null,
  version: expectedVersion(headers, body.version),
})

export const createAssessmentRoute = route(
  { path: nomsPath, body: assessmentBody },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'POM', 'SPO')
    const created = await createEarlyAllocation(deps, principal, path.nomsNumber, assessmentRequest(body, headers))
    const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
    return json(
      {
        assessment: assessmentView(created.assessment),
        action: created.action,
        handover: handoverView(created.record, history),
      },
      201,
      etag(created.record.version),
    )
  },
)

export const updateAssessmentRoute = route(
  { path: assessmentPath, body: assessmentBody },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'POM', 'SPO')
    const updated = await updateEarlyAllocation(
      deps,
      principal,
      path.nomsNumber,
      path.assessmentId,
      assessmentRequest(body, headers),
    )
    const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
    return json(
      { assessment: assessmentView(updated.assessment), handover: handoverView(updated.record, history) },
      200,
      etag(updated.record.version),
    )
  },
)

export const communityDecisionRoute = route(
  { path: assessmentPath, body: z.object({ communityDecision: z.boolean(), version }) },
  async ({ path, body, principal, headers }) => {
    requireRole(principal, 'POM', 'SPO')
    const decided = await decideEarlyAllocation(deps, principal, path.nomsNumber, path.assessmentId, {
      communityDecision: body.communityDecision,
      version: expectedVersion(headers, body.version),
    })
    const history = await deps.store.history(path.nomsNumber, HISTORY_SHOWN)
    return json(
      { assessment: assessmentView(decided.assessment), handover: handoverView(decided.record, history) },
      200,
      etag(decided.record.version),
    )
  },
)
