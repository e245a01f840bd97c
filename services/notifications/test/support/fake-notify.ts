import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/**
 * A local stand-in for the GOV.UK Notify API (https://docs.notifications.service.gov.uk/rest-api.html): it checks
 * requests as Notify does (JWT bearer token signed HS256 with the key's secret, `iss` = service id, `iat` within
 * 30 s; `POST /v2/notifications/email` with `template_id`, `email_address`, `personalisation`, `reference`) and
 * answers with Notify's documented bodies. Tests script failures to come before the next success.
 */

export const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506'
export const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
/** A Notify API key: `{key name}-{service id}-{secret}`. */
export const API_KEY = `omic_test-${SERVICE_ID}-${SECRET}`

export interface ScriptedFailure {
  status: number
  error: string
  message: string
}

/** Notify's documented error responses. */
export const NOTIFY_ERRORS = {
  invalidAddress: { status: 400, error: 'ValidationError', message: 'email_address Not a valid email address' },
  trialMode: {
    status: 400,
    error: 'BadRequestError',
    message: 'Can’t send to this recipient when service is in trial mode',
  },
  rateLimit: {
    status: 429,
    error: 'RateLimitError',
    message: 'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
  },
  serverError: { status: 500, error: 'Exception', message: 'Internal server error' },
  invalidToken: { status: 403, error: 'AuthError', message: 'Invalid token: API key not found' },
} as const satisfies Record<string, ScriptedFailure>

export interface ReceivedEmail {
  id: string
  templateId: string
  emailAddress: string
  personalisation: Record<string, unknown>
  reference: string
  jwt: { header: Record<string, unknown>; payload: Record<string, unknown> }
}

export interface FakeNotify {
  baseUrl: string
  /** Emails Notify accepted (201). */
  accepted: ReceivedEmail[]
  /** Every POST, whatever the answer. */
  requests: number
  /** Answers for the next requests, in order (`hang` never answers: a timeout). */
  script(...answers: (ScriptedFailure | 'hang')[]): void
  /** Requests rejected before the script was consulted (a malformed request), with why. */
  rejected: string[]
  /** The delivery status Notify reports for an accepted email (`delivered` unless set). */
  setStatus(id: string, status: string): void
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

function errorBody(status: number, error: string, message: string) {
  return { status_code: status, errors: [{ error, message }] }
}

function base64url(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
}

/** Verifies the bearer token as Notify does; returns why it is bad, or its decoded parts. */
function verifyJwt(req: IncomingMessage): { error: string } | ReceivedEmail['jwt'] {
  const auth = req.headers.authorization ?? ''
  const m = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(auth)
  if (!m) return { error: 'Unauthorized: authentication token must be provided' }
  const [, h, p, sig] = m as unknown as [string, string, string, string]
  const expected = createHmac('sha256', SECRET).update(`${h}.${p}`).digest()
  const given = base64url(sig)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { error: 'Invalid token: signature, api token not found' }
  }
  const header = JSON.parse(base64url(h).toString('utf8')) as Record<string, unknown>
  const payload = JSON.parse(base64url(p).toString('utf8')) as Record<string, unknown>
  if (header.alg !== 'HS256' || header.typ !== 'JWT') return { error: 'Invalid token: algorithm used is not HS256' }
  if (payload.iss !== SERVICE_ID) return { error: 'Invalid token: service not found' }
  const iat = Number(payload.iat)
  if (!Number.isInteger(iat) || Math.abs(Date.now() / 1000 - iat) > 30) {
    return { error: 'Error: Your system clock must be accurate to within 30 seconds' }
  }
  return { header, payload }
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export async function startFakeNotify(): Promise<FakeNotify> {
  const answers: (ScriptedFailure | 'hang')[] = []
  const statuses = new Map<string, string>()
  const hanging: ServerResponse[] = []
  const fake: Omit<FakeNotify, 'baseUrl' | 'close'> = {
    accepted: [],
    requests: 0,
    rejected: [],
    script: (...a) => answers.push(...a),
    setStatus: (id, status) => statuses.set(id, status),
  }
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const jwt = verifyJwt(req)
      if ('error' in jwt) {
        fake.rejected.push(jwt.error)
        return send(res, 403, errorBody(403, 'AuthError', jwt.error))
      }
      if (req.method === 'GET' && url.pathname === '/v2/notifications') {
        const reference = url.searchParams.get('reference')
        const found = fake.accepted.filter(e => e.reference === reference)
        return send(res, 200, {
          notifications: found.map(e => ({
            id: e.id,
            reference: e.reference,
            type: 'email',
            status: 'delivered',
            template: { id: e.templateId, version: 1, uri: `${url.origin}/v2/template/${e.templateId}` },
            body: '',
            created_at: new Date().toISOString(),
            email_address: e.emailAddress,
            is_cost_data_ready: true,
          })),
          links: { current: `${url.origin}${url.pathname}${url.search}` },
        })
      }
      const byId = /^\/v2\/notifications\/([0-9a-f-]{36})$/.exec(url.pathname)
      if (req.method === 'GET' && byId) {
        const e = fake.accepted.find(a => a.id === byId[1])
        if (!e) return send(res, 404, errorBody(404, 'NoResultFound', 'No result found'))
        return send(res, 200, {
          id: e.id,
          reference: e.reference,
          email_address: e.emailAddress,
          type: 'email',
          status: statuses.get(e.id) ?? 'delivered',
          template: { id: e.templateId, version: 1, uri: `${url.origin}/v2/template/${e.templateId}` },
          body: '',
          subject: 'Subject',
          created_at: new Date().toISOString(),
          is_cost_data_ready: true,
        })
      }
      if (req.method !== 'POST' || url.pathname !== '/v2/notifications/email') {
        return send(res, 404, errorBody(404, 'NoResultFound', 'No result found'))
      }
      fake.requests++
      const raw = await body(req)
      if (!String(req.headers['content-type']).startsWith('application/json')) {
        fake.rejected.push('content-type')
        return send(res, 400, errorBody(400, 'BadRequestError', 'Content-Type must be application/json'))
      }
      const json = JSON.parse(raw) as Record<string, unknown>
      const problems: string[] = []
      if (typeof json.template_id !== 'string' || !UUID.test(json.template_id))
        problems.push('template_id is not a valid UUID')
      if (typeof json.email_address !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(json.email_address)) {
        problems.push('email_address Not a valid email address')
      }
      if (
        json.personalisation !== undefined &&
        (typeof json.personalisation !== 'object' || json.personalisation === null)
      ) {
        problems.push('personalisation must be an object')
      }
      if (json.reference !== undefined && typeof json.reference !== 'string')
        problems.push('reference must be a string')
      if (problems.length) {
        fake.rejected.push(...problems)
        return send(res, 400, {
          status_code: 400,
          errors: problems.map(message => ({ error: 'ValidationError', message })),
        })
      }
      const next = answers.shift()
      if (next === 'hang') {
        hanging.push(res)
        return
      }
      if (next) return send(res, next.status, errorBody(next.status, next.error, next.message))
      const id = randomUUID()
      fake.accepted.push({
        id,
        templateId: String(json.template_id),
        emailAddress: String(json.email_address),
        personalisation: (json.personalisation ?? {}) as Record<string, unknown>,
        reference: String(json.reference ?? ''),
        jwt,
      })
      return send(res, 201, {
        id,
        reference: json.reference ?? null,
        content: { subject: 'Subject', body: 'Body', from_email: 'omic@notifications.service.gov.uk' },
        uri: `${url.origin}/v2/notifications/${id}`,
        template: { id: json.template_id, version: 1, uri: `${url.origin}/v2/template/${json.template_id}` },
      })
    })().catch(e => send(res, 500, errorBody(500, 'Exception', String(e))))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      for (const r of hanging) r.destroy()
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    },
  }) as FakeNotify
}
