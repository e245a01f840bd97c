import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { JWTPayload } from 'jose'
import type { DevIssuer } from './dev-issuer'
import type { FunctionHost } from './function-host'
import type { LocalCors, LocalRoute } from './template'

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

  match(method: string, path: string): RouteMatch | 'method-not-allowed' | undefined {
    const parts = path.split('/').filter(Boolean)
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
      Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string),
    ]),
  )
}

export function readBody(req: IncomingMessage, limit = 6 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('Request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
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
  host: FunctionHost,
  issuer: DevIssuer | undefined,
  cors?: LocalCors,
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
    const match = routes.match(method, url.pathname)
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
    const body = await readBody(req)
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
      const r = result as {
        statusCode: number
        headers?: Record<string, string>
        body?: string
        isBase64Encoded?: boolean
      }
      const headers = Object.fromEntries(
        Object.entries(r.headers ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''),
      )
      res.writeHead(r.statusCode, { 'apigw-requestid': requestId, ...headers })
      res.end(r.body && r.isBase64Encoded ? Buffer.from(r.body, 'base64') : (r.body ?? ''))
      return
    }
    send(res, 200, result ?? '', { 'apigw-requestid': requestId })
  }
}
