import type { RouteKey } from '@omic/lambda-kit'

/**
 * The tiering HTTP API's routes, declared once: infra adds each to the HTTP API (with the operators' dead-letter
 * routes), and the router (handlers) must serve exactly these, typed by {@link Route}.
 */
export const ROUTES = [
  'GET /tiers/{crn}',
  'GET /tiers/{crn}/history',
  'GET /tiers/{crn}/calculations/{calculationId}',
  'POST /tiers/preview',
  'POST /tiers/recalculations',
  'GET /tiers/recalculations/{jobId}',
] as const satisfies readonly RouteKey[]
export type Route = (typeof ROUTES)[number]
