import type { RouteKey } from '@omic/lambda-kit'

/**
 * The notifications HTTP API's routes, declared once: infra adds each to the HTTP API (with the operators' dead-letter
 * routes), and the router (handlers) must serve exactly these, typed by {@link Route}.
 */
export const ROUTES = [
  'GET /notifications',
  'GET /notifications/outbox',
  'GET /notifications/dead-letters',
  'POST /notifications/dead-letters/{id}/redrive',
  'GET /staff/{staffId}/notification-preferences',
  'PUT /staff/{staffId}/notification-preferences',
] as const satisfies readonly RouteKey[]
export type Route = (typeof ROUTES)[number]
