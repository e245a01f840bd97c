import { randomUUID } from 'node:crypto'
import middy from '@middy/core'
import httpErrorHandler from '@middy/http-error-handler'
import httpSecurityHeaders from '@middy/http-security-headers'
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import type { z } from 'zod'
import { type Principal, principalOf } from './auth'
import { InvalidCursorError } from './cursor'
import { badRequest, conflict, type FieldError, HttpProblem } from './errors'
import { logger } from './logger'
import { OptimisticRetryExhaustedError } from './optimistic'
import { fieldErrors } from './zod-errors'

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer
export type HttpResult = APIGatewayProxyStructuredResultV2

export interface HttpRequest<P, Q, B> {
  path: P
  query: Q
  body: B
  principal: Principal
  correlationId: string
  headers: Readonly<Record<string, string | undefined>>
  event: HttpEvent
  context: Context
}

export interface HttpRouteSchemas<P, Q, B> {
  path?: z.ZodType<P>
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  /** The body may be left out (no body, or an empty one): `body` is then validated as if it were `{}`. */
  optionalBody?: boolean
}

// biome-ignore lint/suspicious/noExplicitAny: a constructor of any arguments, matched only with instanceof
type ErrorClass<E extends Error> = abstract new (...args: any[]) => E

/** How one kind of expected error becomes an HTTP answer: a status (the error's message is shown) or a problem. */
export interface ErrorMapping {
  matches(error: unknown): boolean
  problem(error: unknown): HttpProblem
}

/** Maps errors of this class to `status` with their message, or to the problem `toProblem` makes of them. */
export function mapError<E extends Error>(
  type: ErrorClass<E>,
  toProblem: number | ((error: E) => HttpProblem),
): ErrorMapping {
  return {
    matches: error => error instanceof type,
    problem: error =>
      typeof toProblem === 'number' ? new HttpProblem(toProblem, (error as E).message) : toProblem(error as E),
  }
}

/** What every service's HTTP edge answers for lambda-kit's own errors (a service adds its table to these). */
export const LAMBDA_KIT_ERRORS: readonly ErrorMapping[] = [
  mapError(InvalidCursorError, e => badRequest([{ field: 'query.cursor', reason: e.message }])),
  mapError(OptimisticRetryExhaustedError, e => conflict(e.message)),
]

export interface HttpHandlerOptions {
  /** The service's error → status table, tried in order after lambda-kit's own. */
  errors?: readonly ErrorMapping[]
}

/** A JSON response (the default) or a raw one (CSV and the like). */
export type Reply =
  | { status?: number; json: unknown; headers?: Record<string, string> }
  | { status?: number; text: string; contentType: string; headers?: Record<string, string> }

export const json = (body: unknown, status = 200, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
})

function parseJsonBody(event: HttpEvent): { value: unknown } | { error: FieldError } {
  if (event.body === undefined || event.body === null || event.body === '') {
    return { error: { field: 'body', reason: 'a JSON body is required' } }
  }
  const contentType = event.headers?.['content-type'] ?? ''
  if (!/^application\/(.+\+)?json($|;)/.test(contentType)) {
    return { error: { field: 'content-type', reason: 'must be application/json' } }
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
  try {
    return { value: JSON.parse(raw) }
  } catch {
    return { error: { field: 'body', reason: 'is not valid JSON' } }
  }
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string, errors: FieldError[]): T {
  if (!schema) return undefined as T
  const result = schema.safeParse(value ?? {})
  if (result.success) return result.data
  errors.push(...fieldErrors(result.error, where))
  return undefined as T
}

/**
 * The middy stack every HTTP handler uses: correlation id → JWT principal → JSON body → zod validation of
 * path, query and body (400 naming each bad field and why) → handler → security headers; errors are mapped
 * once here and never leak internals (anything that is not an HttpProblem is a generic 500, logged).
 */
export function httpHandler<P = undefined, Q = undefined, B = undefined>(
  schemas: HttpRouteSchemas<P, Q, B>,
  handle: (request: HttpRequest<P, Q, B>) => Promise<Reply>,
  options: HttpHandlerOptions = {},
) {
  const table = [...LAMBDA_KIT_ERRORS, ...(options.errors ?? [])]
  const core = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const headers = event.headers ?? {}
    const correlationId = headers['x-correlation-id'] ?? event.requestContext?.requestId ?? randomUUID()
    logger.appendKeys({ correlationId, route: event.routeKey })
    logger.addContext(context)
    const principal = principalOf(event)
    const errors: FieldError[] = []
    const path = validate(schemas.path, event.pathParameters, 'path', errors)
    const query = validate(schemas.query, event.queryStringParameters, 'query', errors)
    let body = undefined as B
    if (schemas.body) {
      const absent = event.body === undefined || event.body === null || event.body === ''
      const parsed = schemas.optionalBody && absent ? { value: {} } : parseJsonBody(event)
      if ('error' in parsed) errors.push(parsed.error)
      else body = validate(schemas.body, parsed.value, 'body', errors)
    }
    if (errors.length > 0) throw badRequest(errors)
    const reply = await handle({ path, query, body, principal, correlationId, headers, event, context })
    const base = { 'x-correlation-id': correlationId, 'cache-control': 'no-store', ...reply.headers }
    if ('json' in reply) {
      return {
        statusCode: reply.status ?? 200,
        headers: { ...base, 'content-type': 'application/json' },
        body: reply.json === undefined ? '' : JSON.stringify(reply.json),
      }
    }
    return {
      statusCode: reply.status ?? 200,
      headers: { ...base, 'content-type': reply.contentType },
      body: reply.text,
    }
  }

  return (
    middy<HttpEvent, HttpResult>()
      .use(httpSecurityHeaders())
      .use(httpErrorHandler({ logger: false }))
      // onError middlewares run in reverse order: this maps the error before http-error-handler renders it
      .use({
        onError: async request => {
          const mapped = table.find(m => m.matches(request.error))
          const error = mapped ? mapped.problem(request.error) : request.error
          if (error instanceof HttpProblem) {
            if (error.statusCode >= 500) logger.error('request failed', { error })
            else logger.info('request rejected', { status: error.statusCode, fields: error.errors.map(e => e.field) })
            request.error = Object.assign(new HttpProblem(error.statusCode, error.message, error.errors), {
              message: JSON.stringify({ status: error.statusCode, message: error.message, errors: error.errors }),
            })
            return
          }
          logger.error('unhandled error', { error: error as Error })
          request.error = Object.assign(new HttpProblem(500, 'Internal error'), {
            message: JSON.stringify({ status: 500, message: 'Something went wrong; it has been logged' }),
          })
        },
      })
      .handler(core)
  )
}

/** The {@link httpHandler} of a service: its error → status table applied to every route. */
export function httpHandlers(options: HttpHandlerOptions) {
  return <P = undefined, Q = undefined, B = undefined>(
    schemas: HttpRouteSchemas<P, Q, B>,
    handle: (request: HttpRequest<P, Q, B>) => Promise<Reply>,
  ) => httpHandler(schemas, handle, options)
}

export type RouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>

/** A router, which also says which route keys it serves (the stack test pairs them with the template's). */
export type Router = RouteHandler & { readonly routeKeys: readonly string[] }

/**
 * One function serving several routes of the HTTP API: dispatches on API Gateway's `routeKey`
 * (e.g. `GET /handovers/{nomsNumber}`), which the template's routes define. Type `routes` with the service's
 * declared route keys (`src/http/routes.ts`, read by infra) so a declared route without a handler, or a handler
 * for an undeclared route, does not compile.
 */
export function httpRouter(routes: Readonly<Record<string, RouteHandler>>): Router {
  const route = async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const handle = routes[event.routeKey]
    if (handle) return handle(event, context)
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 404, message: `No route ${event.routeKey}` }),
    }
  }
  return Object.assign(route, { routeKeys: Object.keys(routes) })
}
