import { deadLetterRoutes, httpRouter, type RouteHandler } from '@omic/lambda-kit'
import { apiAllocationRoute, apiPrimaryPomRoute } from '../http/anchor-routes'
import { confirmBulkRoute, previewBulkRoute } from '../http/bulk-routes'
import {
  allocateRoute,
  caseHistoryRoute,
  deallocateRoute,
  getCaseRoute,
  listCasesRoute,
  reallocateRoute,
  recommendationsRoute,
  removeCoworkingRoute,
  setCoworkingRoute,
} from '../http/case-routes'
import { allocateComRoute, casesNeedingComRoute, comRecommendationsRoute } from '../http/com-routes'
import type { Route } from '../http/routes'
import { subjectAccessRoute, subjectAccessTemplateRoute } from '../http/sar-routes'
import {
  getPomRoute,
  importComsRoute,
  importPomsRoute,
  listComsRoute,
  listPomsRoute,
  putComRoute,
  putPomRoute,
} from '../http/staff-routes'
import { pipeline } from './on-case-event'

/**
 * The allocation HTTP API: one function, routed by API Gateway's route key. Typed by the declared routes
 * (`http/routes.ts`, which infra adds): a declared route without a handler, or an extra one, does not compile.
 */
export const routes: Record<Route, RouteHandler> = {
  'GET /prisons/{prisonId}/cases': listCasesRoute,
  'GET /cases/{nomsNumber}': getCaseRoute,
  'GET /cases/{nomsNumber}/history': caseHistoryRoute,
  'GET /cases/{nomsNumber}/recommendations': recommendationsRoute,
  'POST /cases/{nomsNumber}/allocation': allocateRoute,
  'DELETE /cases/{nomsNumber}/allocation': deallocateRoute,
  'POST /cases/{nomsNumber}/reallocation': reallocateRoute,
  'PUT /cases/{nomsNumber}/coworking-pom': setCoworkingRoute,
  'DELETE /cases/{nomsNumber}/coworking-pom': removeCoworkingRoute,
  'PUT /prisons/{prisonId}/poms/{staffId}': putPomRoute,
  'GET /prisons/{prisonId}/poms/{staffId}': getPomRoute,
  'GET /prisons/{prisonId}/poms': listPomsRoute,
  'POST /prisons/{prisonId}/poms/import': importPomsRoute,
  'POST /prisons/{prisonId}/poms/{staffId}/reallocations/preview': previewBulkRoute,
  'POST /prisons/{prisonId}/poms/{staffId}/reallocations': confirmBulkRoute,
  'PUT /pdus/{pduCode}/coms/{staffCode}': putComRoute,
  'GET /pdus/{pduCode}/coms': listComsRoute,
  'GET /pdus/{pduCode}/cases': casesNeedingComRoute,
  'GET /cases/{nomsNumber}/com-recommendations': comRecommendationsRoute,
  'POST /cases/{nomsNumber}/com-allocation': allocateComRoute,
  'GET /api/allocation/{nomsNumber}': apiAllocationRoute,
  'GET /api/allocation/{nomsNumber}/primary_pom': apiPrimaryPomRoute,
  'POST /pdus/{pduCode}/coms/import': importComsRoute,
  'GET /subject-access-request': subjectAccessRoute,
  'GET /subject-access-request/template': subjectAccessTemplateRoute,
}

export const handler = httpRouter({ ...routes, ...deadLetterRoutes('allocation', pipeline) })
