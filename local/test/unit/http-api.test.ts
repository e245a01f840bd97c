/** The local HTTP API on a real HTTP server, with a fake function host: API Gateway's answers to bad requests. */
import { Agent, createServer, request, type Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createApiHandler, HTTP_API_PAYLOAD_LIMIT, RouteTable } from '../../src/runtime/http-api'

const eventSchema = z.object({
  pathParameters: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
})

let invocations: z.infer<typeof eventSchema>[] = []
const host = {
  invoke: async (_functionId: string, event: unknown): Promise<unknown> => {
    const e = eventSchema.parse(event)
    invocations.push(e)
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pathParameters: e.pathParameters ?? {}, bodyLength: e.body?.length ?? 0 }),
    }
  },
}

const routes = new RouteTable([
  {
    method: 'GET',
    path: '/cases/{nomsNumber}',
    routeKey: 'GET /cases/{nomsNumber}',
    functionId: 'F',
    authorized: false,
  },
  {
    method: 'POST',
    path: '/cases/{nomsNumber}/notes',
    routeKey: 'POST /cases/{nomsNumber}/notes',
    functionId: 'F',
    authorized: false,
  },
])

let server: Server
let base: string
/** One connection at a time, kept alive: a reset would show as a client error or a fresh socket. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 })

interface Answer {
  status: number
  contentType: string | undefined
  json: unknown
  reusedSocket: boolean
}

/** A request through the keep-alive agent; `body` as one buffer (with content-length) or as chunks (chunked). */
function call(method: string, path: string, body?: Buffer | Buffer[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = Buffer.isBuffer(body)
      ? { 'content-type': 'application/json', 'content-length': String(body.length) }
      : body
        ? { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }
        : {}
    const req = request(`${base}${path}`, { method, agent, headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          json: text ? JSON.parse(text) : undefined,
          reusedSocket: req.reusedSocket,
        })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    if (Buffer.isBuffer(body)) req.end(body)
    else if (body) {
      for (const chunk of body) req.write(chunk)
      req.end()
    } else req.end()
  })
}

beforeAll(async () => {
  const api = createApiHandler(routes, host, undefined)
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base)
    api(req, res, url).catch(e => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: String(e) }))
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the test server has no TCP address')
  base = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  agent.destroy()
  await new Promise(resolve => server.close(resolve))
})

beforeEach(() => {
  invocations = []
})

describe('the local HTTP API on bad requests, as API Gateway answers them', () => {
  it('a malformed percent-encoding in the path is a 400 with a JSON body, and no function runs', async () => {
    const answer = await call('GET', '/cases/%E0%A4%A')
    expect(answer.status).toBe(400)
    expect(answer.contentType).toBe('application/json')
    expect(answer.json).toEqual({ message: 'Bad Request' })
    expect(invocations).toHaveLength(0)
    // a lone % too, and the server still answers well-formed paths, decoded
    expect((await call('GET', '/cases/50%')).status).toBe(400)
    const ok = await call('GET', '/cases/A1234%20BC')
    expect(ok.status).toBe(200)
    expect(ok.json).toEqual({ pathParameters: { nomsNumber: 'A1234 BC' }, bodyLength: 0 })
  })

  it('a body of exactly the 10 MB limit reaches the function', async () => {
    const answer = await call('POST', '/cases/A1234BC/notes', Buffer.alloc(HTTP_API_PAYLOAD_LIMIT, 0x61))
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ pathParameters: { nomsNumber: 'A1234BC' }, bodyLength: HTTP_API_PAYLOAD_LIMIT })
  })

  it('a declared body over 10 MB is a 413, answered on the same connection, which stays usable', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1')
    const received: Buffer[] = []
    let closedByServer = false
    socket.on('data', (c: Buffer) => received.push(c))
    socket.on('close', () => {
      closedByServer = true
    })
    const text = () => Buffer.concat(received).toString('latin1')
    /** Resolves when the connection has carried `n` whole (chunked) responses. */
    const responses = (n: number) =>
      new Promise<string[]>((resolve, reject) => {
        const check = () => {
          const parts = text().split('\r\n0\r\n\r\n')
          if (parts.length > n) {
            socket.off('data', check)
            resolve(parts.slice(0, n))
          }
        }
        socket.on('data', check)
        socket.once('error', reject)
        check()
      })
    // a client that sends its whole body before it reads anything
    const big = Buffer.alloc(HTTP_API_PAYLOAD_LIMIT + 1, 0x61)
    socket.write(
      `POST /cases/A1234BC/notes HTTP/1.1\r\nHost: local\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${big.length}\r\n\r\n`,
    )
    socket.write(big)
    const [first] = await responses(1)
    expect(first).toMatch(/^HTTP\/1\.1 413 /)
    expect(first).toMatch(/content-type: application\/json/i)
    expect(first).toContain('{"message":"Request Entity Too Large"}')
    expect(first).not.toMatch(/connection: close/i)
    // the next request on the same connection is served
    socket.write('GET /cases/A1234BC HTTP/1.1\r\nHost: local\r\n\r\n')
    const [, second] = await responses(2)
    expect(second).toMatch(/^HTTP\/1\.1 200 /)
    expect(second).toContain('"nomsNumber":"A1234BC"')
    expect(closedByServer).toBe(false)
    socket.destroy()
    expect(invocations).toHaveLength(1)
  })

  it('a client that reads the early 413 while still sending gets it, and the server stays healthy', async () => {
    const answer = await call('POST', '/cases/A1234BC/notes', Buffer.alloc(HTTP_API_PAYLOAD_LIMIT + 1, 0x61))
    expect(answer.status).toBe(413)
    expect(answer.contentType).toBe('application/json')
    expect(answer.json).toEqual({ message: 'Request Entity Too Large' })
    expect((await call('GET', '/cases/A1234BC')).status).toBe(200)
    expect(invocations).toHaveLength(1)
  })

  it('a chunked body that grows past 10 MB is a 413 too, and the server stays healthy', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x62)
    const answer = await call(
      'POST',
      '/cases/A1234BC/notes',
      Array.from({ length: 12 }, () => chunk),
    )
    expect(answer.status).toBe(413)
    expect(answer.json).toEqual({ message: 'Request Entity Too Large' })
    expect(invocations).toHaveLength(0)
    const after = await call('POST', '/cases/A1234BC/notes', [Buffer.from('{"note":"small"}')])
    expect(after.status).toBe(200)
    expect(after.reusedSocket).toBe(true)
    expect(after.json).toEqual({ pathParameters: { nomsNumber: 'A1234BC' }, bodyLength: 16 })
  })
})
