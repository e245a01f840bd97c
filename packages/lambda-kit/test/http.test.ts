import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { claimList, conflict, httpHandler, json } from '../src'
import { context, event } from './support/http-events'

const handler = httpHandler(
  {
    path: z.object({ id: z.string().regex(/^[A-Z]\d{4}[A-Z]{2}$/, 'must be a NOMS number') }),
    query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
    body: z.object({ reason: z.enum(['a', 'b']), text: z.string().max(5) }),
  },
  async ({ path, query, body, principal }) => {
    if (body.text === 'boom') throw new Error('database password is hunter2')
    if (body.text === 'stale') throw conflict()
    return json({ id: path.id, page: query.page, reason: body.reason, who: principal.subject, roles: principal.roles })
  },
)

describe('httpHandler', () => {
  it('passes validated path, query and body to the handler and returns JSON with security headers', async () => {
    const res = await handler(
      event({
        pathParameters: { id: 'A1234BC' },
        queryStringParameters: { page: '2' },
        body: '{"reason":"a","text":"ok"}',
      }),
      context,
    )
    expect(res.statusCode).toBe(200)
    expect(JSON.parse(String(res.body))).toEqual({ id: 'A1234BC', page: 2, reason: 'a', who: 'user-1', roles: ['SPO'] })
    expect(res.headers?.['x-correlation-id']).toBe('r-1')
    expect(res.headers?.['Strict-Transport-Security'] ?? res.headers?.['strict-transport-security']).toBeDefined()
  })

  it('answers 400 naming every bad field and why', async () => {
    const res = await handler(
      event({
        pathParameters: { id: 'nope' },
        queryStringParameters: { page: '0' },
        body: '{"reason":"c","text":"toolong"}',
      }),
      context,
    )
    expect(res.statusCode).toBe(400)
    const body = JSON.parse(String(res.body)) as { errors: { field: string; reason: string }[] }
    expect(body.errors.map(e => e.field).sort()).toEqual(['body.reason', 'body.text', 'path.id', 'query.page'])
    expect(body.errors.find(e => e.field === 'path.id')?.reason).toBe('must be a NOMS number')
  })

  it('answers 400 for a body that is not JSON', async () => {
    const res = await handler(event({ pathParameters: { id: 'A1234BC' }, body: '{oops' }), context)
    expect(res.statusCode).toBe(400)
    expect(JSON.parse(String(res.body)).errors).toEqual([{ field: 'body', reason: 'is not valid JSON' }])
  })

  it('answers 401 without verified claims', async () => {
    const res = await handler(event({ claims: null, pathParameters: { id: 'A1234BC' }, body: '{}' }), context)
    expect(res.statusCode).toBe(401)
  })

  it('never leaks an unexpected error: a generic 500', async () => {
    const res = await handler(
      event({ pathParameters: { id: 'A1234BC' }, body: '{"reason":"a","text":"boom"}' }),
      context,
    )
    expect(res.statusCode).toBe(500)
    expect(String(res.body)).not.toContain('hunter2')
  })

  it('maps a known problem to its status (409 for a stale write)', async () => {
    const res = await handler(
      event({ pathParameters: { id: 'A1234BC' }, body: '{"reason":"a","text":"stale"}' }),
      context,
    )
    expect(res.statusCode).toBe(409)
  })
})

describe('claimList', () => {
  it('reads API Gateway’s "[A B]" rendering, JSON arrays, separated strings and real arrays', () => {
    expect(claimList('[SPO POM]')).toEqual(['SPO', 'POM'])
    expect(claimList('["SPO","POM"]')).toEqual(['SPO', 'POM'])
    expect(claimList('SPO,POM')).toEqual(['SPO', 'POM'])
    expect(claimList(['LEI'])).toEqual(['LEI'])
    expect(claimList(undefined)).toEqual([])
  })
})
