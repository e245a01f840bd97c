import { deadLetterRoutes, httpRouter, type RouteHandler } from '@omic/lambda-kit'
import { getCaseRoute, getTimelineRoute, listCasesRoute } from '../http/case-routes'
import { getChecklistRoute, putChecklistRoute } from '../http/checklist-routes'
import { apiHandoverRoute, apiOffenderRoute } from '../http/compat-routes'
import { communityDecisionRoute, createAssessmentRoute, updateAssessmentRoute } from '../http/early-allocation-routes'
import { forecastRoute } from '../http/forecast-routes'
import { createOverrideRoute, deleteOverrideRoute } from '../http/override-routes'
import type { Route } from '../http/routes'
import { subjectAccessRoute } from '../http/subject-access-routes'
import { pipeline } from './on-case-event'

/**
 * The handover HTTP API: one function, routed by API Gateway's route key. Typed by the declared routes
 * (`http/routes.ts`, which infra adds): a declared route without a handler, or an extra one, does not compile.
 */
export const routes: Record<Route, RouteHandler> = {
  'GET /handovers/subject-access-request': subjectAccessRoute,
  'GET /api/handovers/{nomsNumber}': apiHandoverRoute,
  'GET /api/offenders/{nomsNumber}': apiOffenderRoute,
  'GET /handovers/{nomsNumber}': getCaseRoute,
  'GET /handovers/{nomsNumber}/timeline': getTimelineRoute,
  'GET /prisons/{prisonId}/handovers': listCasesRoute,
  'PUT /handovers/{nomsNumber}/override': createOverrideRoute,
  'DELETE /handovers/{nomsNumber}/override': deleteOverrideRoute,
  'GET /handovers/{nomsNumber}/checklist': getChecklistRoute,
  'PUT /handovers/{nomsNumber}/checklist': putChecklistRoute,
  'POST /handovers/{nomsNumber}/early-allocations': createAssessmentRoute,
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}': updateAssessmentRoute,
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}/community-decision': communityDecisionRoute,
  'GET /forecast': forecastRoute,
}

export const handler = httpRouter({ ...routes, ...deadLetterRoutes('handover', pipeline) })
