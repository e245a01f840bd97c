/**
 * Route keys, as API Gateway names a route (`GET /cases/{nomsNumber}`). Each service declares its routes once
 * (`src/http/routes.ts`); the CDK stack reads them through this light subpath (`@omic/lambda-kit/routes`, no AWS
 * SDK) and the service's router is typed by them.
 */
export type HttpMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type RouteKey = `${HttpMethodName} /${string}`

/** Method and path of a route key (`GET /cases/{nomsNumber}` → `GET`, `/cases/{nomsNumber}`). */
export function splitRouteKey(key: RouteKey): { method: HttpMethodName; path: string } {
  const space = key.indexOf(' ')
  return { method: key.slice(0, space) as HttpMethodName, path: key.slice(space + 1) }
}
