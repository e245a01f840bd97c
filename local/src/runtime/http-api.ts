import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { JWTPayload } from 'jose'
import { z } from 'zod'
import type { DevIssuer } from './dev-issuer'
import type { FunctionHost } from './function-host'
import type { LocalCors, LocalRoute } from './template'

/** API Gateway HTTP API's request payload limit: 10 MB. A larger body is answered 413 before any function runs. */
export const HTTP_API_PAYLOAD_LIMIT = 10 * 1024 * 1024

interface CompiledRoute extends LocalRoute {
  segments: string[]
  literalCount: number
}

export interface RouteMatch {
  route: LocalRoute
  pathParameters: Record<string, string>
}

/** Matches a path to the template's routes like API Gateway: literal segments beat `{param}`, `{proxy+}` last. */
export class RouteTable {
  private readonly routes: CompiledRoute[]

  constructor(routes: readonly LocalRoute[]) {
    this.routes = routes
      .map(r => {
        const segments = r.path.split('/').filter(Boolean)
        return { ...r, segments, literalCount: segments.filter(s => !s.startsWith('{')).length }
      })
      .sort((a, b) => b.literalCount - a.literalCount || b.segments.length - a.segments.length)
  }

  /** `'bad-request'` when a path segment is not valid percent-encoding (API Gateway answers those 400). */
  match(method: string, path: string): RouteMatch | 'method-not-allowed' | 'bad-request' | undefined {
    const parts = path.split('/').filter(Boolean)
    if (!parts.every(isWellEncoded)) return 'bad-request'
    let pathMatched = false
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts)
      if (!params) continue
      pathMatched = true
      if (route.method === method || route.method === 'ANY') return { route, pathParameters: params }
    }
    return pathMatched ? 'method-not-allowed' : undefined
  }
}

function isWellEncoded(part: string): boolean {
  try {
    decodeURIComponent(part)
    return true
  } catch {
    return false
  }
}

/** Only called on segments `isWellEncoded` accepted. */
function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {}
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? ''
    if (seg.startsWith('{') && seg.endsWith('+}')) {
      if (i >= parts.length) return undefined
      params[seg.slice(1, -2)] = parts.slice(i).map(decodeURIComponent).join('/')
      return params
    }
    const part = parts[i]
    if (part === undefined) return undefined
    if (seg.startsWith('{')) params[seg.slice(1, -1)] = decodeURIComponent(part)
    else if (seg !== part) return undefined
  }
  return segments.length === parts.length ? params : undefined
}

/** API Gateway passes JWT claims to Lambda as strings; list claims become `"[a b]"`. */
function claimsAsApiGatewayPasses(payload: JWTPayload): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [
      k,
      Array.isArray(v)
        ? `[${v.join(' ')}]`
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : JSON.stringify(v),
    ]),
  )
}

export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError'
}

/**
 * Reads a request body of at most `limit` bytes; `'too-large'` past it. Past the limit nothing more is kept, but the
 * rest of the body is still read and dropped, so the connection stays usable for the answer (and the next request)
 * instead of being reset under a client that is still sending.
 */
export function readBodyWithin(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      if (over) return
      size += c.length
      if (size > limit) {
        over = true
        chunks.length = 0
        resolve('too-large')
      } else chunks.push(c)
    })
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
    // the client went away before the end of its body (settling twice is a no-op)
    req.on('close', () => {
      if (!req.complete) reject(new Error('The client closed the connection before the end of the request body'))
    })
  })
}

/** A body of at most `limit` bytes, or a `PayloadTooLargeError` (the connection is kept, see `readBodyWithin`). */
export async function readBody(req: IncomingMessage, limit = 6 * 1024 * 1024): Promise<Buffer> {
  const body = await readBodyWithin(req, limit)
  if (body === 'too-large') throw new PayloadTooLargeError(`Request body larger than ${limit} bytes`)
  return body
}

/** The declared `content-length`, when there is a valid one. */
function declaredLength(req: IncomingMessage): number | undefined {
  const raw = req.headers['content-length']
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined
  return Number(raw)
}

/** A payload 2.0 Lambda result API Gateway turns into the HTTP response; anything else is sent as a 200 JSON body. */
const proxyResultSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.unknown()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
})

/** Header values as API Gateway passes them on: strings, numbers and booleans; empty or missing ones dropped. */
function resultHeaders(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (typeof v === 'string' ? v !== '' : typeof v === 'number' || typeof v === 'boolean') out[k] = String(v)
  }
  return out
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(text)
}

/** CORS as API Gateway applies the API's CorsConfiguration: it answers preflights itself and adds the headers. */
function corsHeaders(cors: LocalCors | undefined, origin: string | undefined): Record<string, string> {
  if (!cors || !origin) return {}
  const allowed = cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin)
  return allowed ? { 'access-control-allow-origin': cors.allowOrigins.includes('*') ? '*' : origin } : {}
}

/** The HTTP API: the template's routes, API Gateway v2 (payload 2.0) events, and its JWT authorizer. */
export function createApiHandler(
  routes: RouteTable,
  host: Pick<FunctionHost, 'invoke'>,
  issuer: Pick<DevIssuer, 'verify'> | undefined,
  cors?: LocalCors,
  payloadLimit = HTTP_API_PAYLOAD_LIMIT,
) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET'
    const corsOut = corsHeaders(cors, req.headers.origin)
    for (const [k, v] of Object.entries(corsOut)) res.setHeader(k, v)
    if (method === 'OPTIONS' && cors && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': cors.allowMethods.join(','),
        'access-control-allow-headers': cors.allowHeaders.join(','),
        'access-control-max-age': '600',
      })
      res.end()
      return
    }
    // a body over the limit is refused before anything else looks at the request, as API Gateway does
    if ((declaredLength(req) ?? 0) > payloadLimit) return tooLarge(req, res)
    const match = routes.match(method, url.pathname)
    if (match === 'bad-request') return send(res, 400, { message: 'Bad Request' })
    if (match === undefined) return send(res, 404, { message: 'Not Found' })
    if (match === 'method-not-allowed') return send(res, 404, { message: 'Not Found' })
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v
    }
    let claims: JWTPayload | undefined
    if (match.route.authorized) {
      claims = await issuer?.verify(headers.authorization)
      if (!claims) return send(res, 401, { message: 'Unauthorized' })
    }
    const body = await readBodyWithin(req, payloadLimit)
    if (body === 'too-large') return tooLarge(req, res)
    const query: Record<string, string> = {}
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v
    const now = new Date()
    const requestId = randomUUID()
    const event = {
      version: '2.0',
      routeKey: match.route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        ...(claims ? { authorizer: { jwt: { claims: claimsAsApiGatewayPasses(claims), scopes: null } } } : {}),
        domainName: headers.host ?? 'localhost',
        domainPrefix: 'localhost',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId,
        routeKey: match.route.routeKey,
        stage: '$default',
        time: now.toUTCString(),
        timeEpoch: now.getTime(),
      },
      ...(body.length ? { body: body.toString('utf8'), isBase64Encoded: false } : { isBase64Encoded: false }),
    }
    let result: unknown
    try {
      result = await host.invoke(match.route.functionId, event)
    } catch {
      return send(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId })
    }
    if (result && typeof result === 'object' && 'statusCode' in result) {
      const parsed = proxyResultSchema.safeParse(result)
      // API Gateway answers a malformed Lambda response with a 500
      if (!parsed.success) return send(res, 500, { message: 'Internal Server Error' }, { 'apigw-requestid': requestId })
      const r = parsed.data
      res.writeHead(r.statusCode, { 'apigw-requestid': requestId, ...resultHeaders(r.headers) })
      res.end(r.body && r.isBase64Encoded ? Buffer.from(r.body, 'base64') : (r.body ?? ''))
      return
    }
    send(res, 200, result ?? '', { 'apigw-requestid': requestId })
  }
}

/** 413 as API Gateway sends it; the rest of the body is read and dropped (not kept), so the connection survives. */
function tooLarge(req: IncomingMessage, res: ServerResponse): void {
  req.resume()
  send(res, 413, { message: 'Request Entity Too Large' })
}
