import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  badRequest,
  HttpProblem,
  httpHandler,
  httpHandlers,
  httpRouter,
  InvalidCursorError,
  json,
  LAMBDA_KIT_ERRORS,
  mapError,
  OptimisticRetryExhaustedError,
} from '../src'
import { context, event } from './support/http-events'

interface Answer {
  status: number
  message: string
  errors?: { field: string; reason: string }[]
}
const answer = (res: { body?: string }): Answer => JSON.parse(String(res.body)) as Answer

class CaseNotFound extends Error {
  constructor(readonly nomsNumber: string) {
    super(`No case for ${nomsNumber}`)
  }
}
class NotInYourPrison extends Error {}
class OverrideRejected extends Error {
  constructor(readonly field: string) {
    super('the override is not allowed')
  }
}
class SubclassedNotFound extends CaseNotFound {}

/** A handler that throws whatever the test puts in `thrown`. */
function throwing(thrown: () => unknown, options: Parameters<typeof httpHandler>[2] = {}) {
  return httpHandler(
    {},
    async () => {
      throw thrown()
    },
    options,
  )
}

const table = [
  mapError(CaseNotFound, 404),
  mapError(NotInYourPrison, 403),
  mapError(OverrideRejected, e => badRequest([{ field: `body.${e.field}`, reason: e.message }], 'Override rejected')),
]

describe('httpHandler error tables', () => {
  it('an error in the service’s table answers its status with the error’s message', async () => {
    const res = await throwing(() => new CaseNotFound('A1234BC'), { errors: table })(event(), context)
    expect(res.statusCode).toBe(404)
    expect(answer(res)).toMatchObject({ status: 404, message: 'No case for A1234BC' })
    expect(res.headers?.['Content-Type'] ?? res.headers?.['content-type']).toContain('application/json')
  })

  it('entries are matched with instanceof: a subclass maps like its class', async () => {
    const res = await throwing(() => new SubclassedNotFound('A9999ZZ'), { errors: table })(event(), context)
    expect(res.statusCode).toBe(404)
    expect(answer(res).message).toBe('No case for A9999ZZ')
  })

  it('each table entry maps its own class to its own status', async () => {
    const res = await throwing(() => new NotInYourPrison('not your prison'), { errors: table })(event(), context)
    expect(res.statusCode).toBe(403)
    expect(answer(res).message).toBe('not your prison')
  })

  it('a function mapper turns the error into the problem it makes (status, message and field errors)', async () => {
    const res = await throwing(() => new OverrideRejected('reason'), { errors: table })(event(), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res)).toEqual({
      status: 400,
      message: 'Override rejected',
      errors: [{ field: 'body.reason', reason: 'the override is not allowed' }],
    })
  })

  it('the first matching entry wins', async () => {
    const res = await throwing(() => new CaseNotFound('A1234BC'), {
      errors: [mapError(CaseNotFound, 410), mapError(CaseNotFound, 404)],
    })(event(), context)
    expect(res.statusCode).toBe(410)
  })

  it('httpHandlers applies the service’s table to every handler it makes', async () => {
    const handler = httpHandlers({ errors: table })
    const a = handler({}, async () => {
      throw new CaseNotFound('A1234BC')
    })
    const b = handler({}, async () => {
      throw new NotInYourPrison('no')
    })
    const ok = handler({}, async () => json({ fine: true }, 201))
    expect((await a(event(), context)).statusCode).toBe(404)
    expect((await b(event(), context)).statusCode).toBe(403)
    const res = await ok(event(), context)
    expect(res.statusCode).toBe(201)
    expect(JSON.parse(String(res.body))).toEqual({ fine: true })
  })

  it('mapError matches only its class', () => {
    const mapping = mapError(CaseNotFound, 404)
    expect(mapping.matches(new CaseNotFound('A1234BC'))).toBe(true)
    expect(mapping.matches(new Error('No case'))).toBe(false)
    expect(mapping.matches({ message: 'No case' })).toBe(false)
    const problem = mapping.problem(new CaseNotFound('A1234BC'))
    expect(problem).toBeInstanceOf(HttpProblem)
    expect(problem.statusCode).toBe(404)
  })
})

describe('lambda-kit’s own errors, mapped without a table', () => {
  it('an InvalidCursorError answers 400 naming query.cursor', async () => {
    const res = await throwing(() => new InvalidCursorError())(event(), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res)).toEqual({
      status: 400,
      message: 'Invalid request',
      errors: [{ field: 'query.cursor', reason: 'is not a cursor from a previous page' }],
    })
  })

  it('an OptimisticRetryExhaustedError answers 409', async () => {
    const res = await throwing(() => new OptimisticRetryExhaustedError('case', 8))(event(), context)
    expect(res.statusCode).toBe(409)
    expect(answer(res)).toMatchObject({ status: 409, message: 'case changed under each of 8 attempts; try again' })
  })

  it('lambda-kit’s own mappings come before the service’s table', async () => {
    const res = await throwing(() => new InvalidCursorError(), { errors: [mapError(Error, 418)] })(event(), context)
    expect(res.statusCode).toBe(400)
    expect(LAMBDA_KIT_ERRORS).toHaveLength(2)
  })

  it('an HttpProblem thrown by the handler keeps its status, message and field errors', async () => {
    const res = await throwing(() => badRequest([{ field: 'body.x', reason: 'bad' }], 'No'))(event(), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res)).toEqual({ status: 400, message: 'No', errors: [{ field: 'body.x', reason: 'bad' }] })
  })
})

describe('unmapped errors', () => {
  it('an error in no table is a generic 500 with no internals', async () => {
    const secret = new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2')
    const res = await throwing(() => secret, { errors: table })(event(), context)
    expect(res.statusCode).toBe(500)
    expect(answer(res)).toEqual({ status: 500, message: 'Something went wrong; it has been logged' })
    expect(String(res.body)).not.toContain('hunter2')
    expect(String(res.body)).not.toContain('ECONNREFUSED')
    expect(String(res.body)).not.toContain('at ')
  })

  it('something thrown that is not an Error is a generic 500 too', async () => {
    const res = await throwing(() => 'a string with secrets')(event(), context)
    expect(res.statusCode).toBe(500)
    expect(String(res.body)).not.toContain('secrets')
  })

  it('a service’s error class not in the table is a generic 500, its message not shown', async () => {
    const res = await throwing(() => new CaseNotFound('A1234BC'))(event(), context)
    expect(res.statusCode).toBe(500)
    expect(String(res.body)).not.toContain('A1234BC')
  })
})

describe('optional bodies', () => {
  const handler = httpHandler(
    {
      body: z.object({ note: z.string().max(10).optional(), force: z.boolean().default(false) }),
      optionalBody: true,
    },
    async ({ body }) => json(body),
  )

  it('a missing body is accepted and validated as {}', async () => {
    for (const body of [undefined, '']) {
      const res = await handler(event({ body, headers: {} }), context)
      expect(res.statusCode).toBe(200)
      expect(JSON.parse(String(res.body))).toEqual({ force: false })
    }
  })

  it('a body that is there is still parsed and validated', async () => {
    const res = await handler(event({ body: '{"note":"hi","force":true}' }), context)
    expect(res.statusCode).toBe(200)
    expect(JSON.parse(String(res.body))).toEqual({ note: 'hi', force: true })
  })

  it('a bad body is still rejected naming the field', async () => {
    const res = await handler(event({ body: '{"note":"far too long a note"}' }), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res).errors?.map(e => e.field)).toEqual(['body.note'])
  })

  it('a body that is not JSON is still rejected', async () => {
    const res = await handler(event({ body: '{oops' }), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res).errors).toEqual([{ field: 'body', reason: 'is not valid JSON' }])
  })

  it('a body of the wrong content type is still rejected', async () => {
    const res = await handler(event({ body: 'note=hi', headers: { 'content-type': 'text/plain' } }), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res).errors).toEqual([{ field: 'content-type', reason: 'must be application/json' }])
  })

  it('without optionalBody a missing body is rejected', async () => {
    const required = httpHandler({ body: z.object({ force: z.boolean().default(false) }) }, async ({ body }) =>
      json(body),
    )
    const res = await required(event({ body: undefined }), context)
    expect(res.statusCode).toBe(400)
    expect(answer(res).errors).toEqual([{ field: 'body', reason: 'a JSON body is required' }])
  })
})

describe('httpRouter', () => {
  const ok = (name: string) => httpHandler({}, async () => json({ route: name }))
  const router = httpRouter({
    'GET /things/{id}': ok('get'),
    'POST /things/{id}': ok('post'),
  })

  it('routeKeys lists the route keys it serves', () => {
    expect(router.routeKeys).toEqual(['GET /things/{id}', 'POST /things/{id}'])
  })

  it('dispatches on the event’s routeKey', async () => {
    const res = await router(event({ routeKey: 'GET /things/{id}' }), context)
    expect(JSON.parse(String(res.body))).toEqual({ route: 'get' })
    const post = await router(event({ routeKey: 'POST /things/{id}' }), context)
    expect(JSON.parse(String(post.body))).toEqual({ route: 'post' })
  })

  it('an unknown route key answers 404', async () => {
    const res = await router(event({ routeKey: 'DELETE /things/{id}' }), context)
    expect(res.statusCode).toBe(404)
    expect(answer(res)).toEqual({ status: 404, message: 'No route DELETE /things/{id}' })
  })
})
