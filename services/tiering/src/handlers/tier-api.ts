import { deadLetterRoutes, httpRouter, type RouteHandler } from '@omic/lambda-kit'
import { getRecalculationRoute, startRecalculationRoute } from '../http/recalculation-routes'
import type { Route } from '../http/routes'
import { getCalculationRoute, getHistoryRoute, getTierRoute, previewRoute } from '../http/tier-routes'
import { pipeline } from './on-case-event'

/** The tiering HTTP API: one function, routed by API Gateway's route key; exactly the routes of `ROUTES`. */
const routes: Record<Route, RouteHandler> = {
  'GET /tiers/{crn}': getTierRoute,
  'GET /tiers/{crn}/history': getHistoryRoute,
  'GET /tiers/{crn}/calculations/{calculationId}': getCalculationRoute,
  'POST /tiers/preview': previewRoute,
  'POST /tiers/recalculations': startRecalculationRoute,
  'GET /tiers/recalculations/{jobId}': getRecalculationRoute,
}

export const handler = httpRouter({ ...routes, ...deadLetterRoutes('tiering', pipeline) })
