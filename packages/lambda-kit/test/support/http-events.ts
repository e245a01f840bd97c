import type { Context } from 'aws-lambda'
import type { HttpEvent } from '../../src'

export const context = { functionName: 'test', awsRequestId: 'req-1' } as Context

/** An API Gateway HTTP API event for `POST /things/{id}` with an SPO's JWT claims unless told otherwise. */
export function event(overrides: Partial<HttpEvent> & { claims?: Record<string, string> | null } = {}): HttpEvent {
  const { claims = { sub: 'user-1', roles: '[SPO]', prisons: '[LEI]' }, ...rest } = overrides
  return {
    version: '2.0',
    routeKey: 'POST /things/{id}',
    rawPath: '/things/A1234BC',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      requestId: 'r-1',
      ...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
    },
    isBase64Encoded: false,
    ...rest,
  } as unknown as HttpEvent
}
