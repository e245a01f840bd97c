import { deadLetterRoutes, httpRouter, type RouteHandler } from '@omic/lambda-kit'
import {
  listDeadLettersRoute,
  listNotificationsRoute,
  listOutboxRoute,
  redriveRoute,
} from '../http/notification-routes'
import { getPreferencesRoute, putPreferencesRoute } from '../http/preference-routes'
import type { Route } from '../http/routes'
import { pipeline } from './on-domain-event'

/** The notifications HTTP API: one function, routed by API Gateway's route key; exactly the routes of `ROUTES`. */
const routes: Record<Route, RouteHandler> = {
  'GET /notifications': listNotificationsRoute,
  'GET /notifications/outbox': listOutboxRoute,
  'GET /notifications/dead-letters': listDeadLettersRoute,
  'POST /notifications/dead-letters/{id}/redrive': redriveRoute,
  'GET /staff/{staffId}/notification-preferences': getPreferencesRoute,
  'PUT /staff/{staffId}/notification-preferences': putPreferencesRoute,
}

export const handler = httpRouter({ ...routes, ...deadLetterRoutes('notifications', pipeline) })
