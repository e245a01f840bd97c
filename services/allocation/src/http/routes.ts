import type { RouteKey } from '@omic/lambda-kit'

/**
 * The allocation HTTP API's routes, declared once: infra adds each to the HTTP API (with the operators' dead-letter
 * routes), and the router (handlers) must serve exactly these, typed by {@link Route}.
 */
export const ROUTES = [
  'GET /prisons/{prisonId}/cases',
  'GET /cases/{nomsNumber}',
  'GET /cases/{nomsNumber}/history',
  'GET /cases/{nomsNumber}/recommendations',
  'POST /cases/{nomsNumber}/allocation',
  'DELETE /cases/{nomsNumber}/allocation',
  'POST /cases/{nomsNumber}/reallocation',
  'PUT /cases/{nomsNumber}/coworking-pom',
  'DELETE /cases/{nomsNumber}/coworking-pom',
  'PUT /prisons/{prisonId}/poms/{staffId}',
  'GET /prisons/{prisonId}/poms/{staffId}',
  'GET /prisons/{prisonId}/poms',
  'POST /prisons/{prisonId}/poms/import',
  'POST /prisons/{prisonId}/poms/{staffId}/reallocations/preview',
  'POST /prisons/{prisonId}/poms/{staffId}/reallocations',
  'PUT /pdus/{pduCode}/coms/{staffCode}',
  'GET /pdus/{pduCode}/coms',
  'GET /pdus/{pduCode}/cases',
  'GET /cases/{nomsNumber}/com-recommendations',
  'POST /cases/{nomsNumber}/com-allocation',
  'GET /api/allocation/{nomsNumber}',
  'GET /api/allocation/{nomsNumber}/primary_pom',
  'POST /pdus/{pduCode}/coms/import',
  'GET /subject-access-request',
  'GET /subject-access-request/template',
] as const satisfies readonly RouteKey[]
export type Route = (typeof ROUTES)[number]
