import type { RouteKey } from '@omic/lambda-kit'

/**
 * The handover HTTP API's routes, declared once: infra adds each to the HTTP API (with the operators' dead-letter
 * routes), and the router (handlers) must serve exactly these, typed by {@link Route}.
 */
export const ROUTES = [
  'GET /handovers/{nomsNumber}',
  'GET /handovers/{nomsNumber}/timeline',
  'GET /prisons/{prisonId}/handovers',
  'PUT /handovers/{nomsNumber}/override',
  'DELETE /handovers/{nomsNumber}/override',
  'GET /handovers/{nomsNumber}/checklist',
  'PUT /handovers/{nomsNumber}/checklist',
  'POST /handovers/{nomsNumber}/early-allocations',
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}',
  'PUT /handovers/{nomsNumber}/early-allocations/{assessmentId}/community-decision',
  'GET /forecast',
  'GET /api/handovers/{nomsNumber}',
  'GET /api/offenders/{nomsNumber}',
  'GET /handovers/subject-access-request',
] as const satisfies readonly RouteKey[]
export type Route = (typeof ROUTES)[number]
