import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { z } from 'zod'
import { DevIssuer } from './dev-issuer'
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local'
import { LocalEventBus, type PutEventsEntry } from './event-bus'
import { FunctionHost, type KillDuringOptions, type KilledInvocation } from './function-host'
import { createApiHandler, RouteTable, readBody } from './http-api'
import { reservePort } from './ports'
import { LocalQueues } from './queues'
import { LocalScheduler } from './scheduler'
import { synthesizeTemplate } from './synth'
import { createTables } from './tables'
import { type CfnTemplate, type LocalModel, readTemplate } from './template'

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')

export interface LocalCloudOptions {
  /** HTTP API port (0 = any free port). */
  apiPort?: number
  /** Local EventBridge endpoint port (0 = any free port). */
  busPort?: number
  /** DynamoDB Local port (0 = any free port). */
  dynamoPort?: number
  /** Keep DynamoDB data here between runs; in memory when absent. */
  persistDir?: string
  /** Where function logs, dead-letter queues and the dev issuer key live. */
  stateDir?: string
  /** Start every function worker up front instead of on first use. */
  eager?: boolean
  /** Run schedules on their own timetable (on-demand runs always work). */
  schedules?: boolean
  retryDelaysMs?: readonly number[]
  /** A template to run instead of synthesizing the stack (tests). */
  template?: CfnTemplate
}

/** Longest a pause of DynamoDB Local may last before it resumes by itself (nothing may hang for good). */
export const MAX_DYNAMODB_PAUSE_MS = 10 * 60 * 1000
const DEFAULT_DYNAMODB_PAUSE_MS = 60 * 1000

/**
 * Faults a test (or `/_local/faults/…`) can inject into the running system, to see it behave as on AWS: a
 * DynamoDB that stops answering (every function waits, those past their timeout are ended and retried), and a
 * Lambda whose process dies in the middle of a handler (`Runtime.ExitError`, then Lambda's async retry).
 */
export interface LocalFaults {
  readonly dynamoDbPaused: boolean
  /**
   * Freezes DynamoDB Local's JVM (SIGSTOP). It resumes on `resumeDynamoDb()`, on `stop()`, when this process
   * exits, and by itself after `maxMs` (default 60 s, at most 10 minutes).
   */
  pauseDynamoDb(options?: { maxMs?: number }): void
  resumeDynamoDb(): void
  /**
   * Pauses DynamoDB Local while `whilePaused` runs (a number: for that many milliseconds) and resumes it in a
   * `finally`, whatever happens.
   */
  withDynamoDbPaused<T>(whilePaused: number | (() => Promise<T>), options?: { maxMs?: number }): Promise<T | undefined>
  /**
   * The function's next invocation (logical id, or a unique prefix such as `AllocationOnCaseEvent`) runs on a
   * worker of its own that is ended in the middle of its handler. Resolves with what was killed, or undefined if
   * disarmed first.
   */
  killDuring(functionId: string, options?: KillDuringOptions): Promise<KilledInvocation | undefined>
  /** Resumes DynamoDB Local and cancels every armed kill. */
  clear(): void
  status(): FaultStatus
}

export interface FaultStatus {
  dynamoDb: { paused: boolean; resumesAt: string | null; pauses: number }
  armedKills: string[]
  kills: KilledInvocation[]
  functions: { functionId: string; timeouts: number; exits: number; kills: number }[]
}

function createFaults(dynamo: DynamoDbLocal, host: FunctionHost): LocalFaults {
  let autoResume: NodeJS.Timeout | undefined
  let resumesAt: number | undefined
  let pauses = 0
  const kills: KilledInvocation[] = []
  const resume = () => {
    clearTimeout(autoResume)
    autoResume = undefined
    resumesAt = undefined
    dynamo.resume()
  }
  const pause = (options: { maxMs?: number } = {}) => {
    const maxMs = Math.min(Math.max(0, options.maxMs ?? DEFAULT_DYNAMODB_PAUSE_MS), MAX_DYNAMODB_PAUSE_MS)
    if (!dynamo.paused) pauses++
    dynamo.pause()
    clearTimeout(autoResume)
    resumesAt = Date.now() + maxMs
    autoResume = setTimeout(resume, maxMs)
    autoResume.unref()
  }
  return {
    get dynamoDbPaused() {
      return dynamo.paused
    },
    pauseDynamoDb: pause,
    resumeDynamoDb: resume,
    async withDynamoDbPaused<T>(whilePaused: number | (() => Promise<T>), options: { maxMs?: number } = {}) {
      const maxMs = options.maxMs ?? (typeof whilePaused === 'number' ? whilePaused + 5000 : undefined)
      pause(maxMs === undefined ? {} : { maxMs })
      try {
        if (typeof whilePaused === 'number') {
          await new Promise(r => setTimeout(r, whilePaused))
          return undefined
        }
        return await whilePaused()
      } finally {
        resume()
      }
    },
    killDuring(functionId, options = {}) {
      return host.killDuring(functionId, options).then(killed => {
        if (killed) kills.push(killed)
        return killed
      })
    },
    clear() {
      resume()
      host.disarmAll()
    },
    status() {
      const stats = host.stats()
      return {
        dynamoDb: {
          paused: dynamo.paused,
          resumesAt: resumesAt === undefined ? null : new Date(resumesAt).toISOString(),
          pauses,
        },
        armedKills: stats.filter(f => f.killArmed).map(f => f.functionId),
        kills: [...kills],
        functions: stats.map(({ functionId, timeouts, exits, kills: k }) => ({
          functionId,
          timeouts,
          exits,
          kills: k,
        })),
      }
    },
  }
}

export interface LocalCloud {
  apiUrl: string
  busUrl: string
  dynamoEndpoint: string
  /** DynamoDB Local's process id (for measuring its memory). */
  dynamoPid: number | undefined
  model: LocalModel
  bus: LocalEventBus
  host: FunctionHost
  queues: LocalQueues
  scheduler: LocalScheduler
  issuer: DevIssuer
  /** Fault injection for tests: DynamoDB paused, a worker killed mid-handler. */
  faults: LocalFaults
  readyInMs: number
  stop(): Promise<void>
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      const a = server.address()
      resolve(typeof a === 'object' && a ? a.port : port)
    })
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/**
 * Starts the whole system on this machine from the synthesized CDK template: DynamoDB Local with the template's
 * tables, one worker per function, the HTTP API, the EventBridge endpoint and the schedules.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const started = Date.now()
  const stateDir = options.stateDir ?? join(REPO_ROOT, '.local')
  const apiPort = await reservePort(options.apiPort ?? 0, 'HTTP API')
  const busPort = await reservePort(options.busPort ?? 0, 'local EventBridge')
  const [template, dynamo] = await Promise.all([
    Promise.resolve().then(() => options.template ?? synthesizeTemplate()),
    startDynamoDbLocal({
      port: options.dynamoPort ?? 0,
      ...(options.persistDir ? { persistDir: options.persistDir } : {}),
    }),
  ])
  // dynamo.stop() resumes a paused DynamoDB Local before it stops it
  const cleanup: (() => Promise<void>)[] = [() => dynamo.stop()]
  try {
    const model = readTemplate(template)
    const ddb = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    })
    await createTables(ddb, model.tables)
    ddb.destroy()

    const apiUrl = `http://127.0.0.1:${apiPort}`
    const busUrl = `http://127.0.0.1:${busPort}`
    const host = new FunctionHost(model.functions, {
      repoRoot: REPO_ROOT,
      logDir: join(stateDir, 'logs'),
      runtimeEnv: {
        AWS_REGION: 'eu-west-2',
        AWS_DEFAULT_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ENDPOINT_URL_EVENTBRIDGE: busUrl,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x_local',
      },
    })
    cleanup.unshift(() => host.stop())
    const queues = new LocalQueues(join(stateDir, 'dead-letter-queues'))
    const bus = new LocalEventBus(model.buses, model.rules, model.functions, host, queues, {
      ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}),
    })
    const scheduler = new LocalScheduler(model.schedules, (fn, payload, origin) => bus.invokeAsync(fn, payload, origin))
    cleanup.unshift(async () => scheduler.stop())
    const issuer = await DevIssuer.open(
      join(stateDir, 'dev-issuer.json'),
      model.jwt?.issuer ?? 'local',
      model.jwt?.audience ?? [],
    )
    const api = createApiHandler(new RouteTable(model.routes), host, issuer, model.cors)
    const faults = createFaults(dynamo, host)
    // first of all on stop: nothing may wait on a paused database or an armed kill
    cleanup.unshift(async () => faults.clear())

    const apiServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', apiUrl)
      const handle = url.pathname.startsWith('/_local/')
        ? control(req, res, url, { model, bus, host, queues, scheduler, faults })
        : api(req, res, url)
      handle.catch(e => sendJson(res, 500, { message: String((e as Error).message) }))
    })
    const busServer = createServer((req, res) => {
      handlePutEvents(req, res, bus).catch(e => sendJson(res, 500, { message: String((e as Error).message) }))
    })
    await listen(apiServer, apiPort)
    cleanup.unshift(() => new Promise<void>(r => apiServer.close(() => r())))
    apiServer.closeIdleConnections?.()
    await listen(busServer, busPort)
    cleanup.unshift(() => new Promise<void>(r => busServer.close(() => r())))
    if (options.eager) await host.warmAll()
    if (options.schedules !== false) scheduler.start()
    return {
      apiUrl,
      busUrl,
      dynamoEndpoint: dynamo.endpoint,
      dynamoPid: dynamo.process.pid,
      model,
      bus,
      host,
      queues,
      scheduler,
      issuer,
      faults,
      readyInMs: Date.now() - started,
      async stop() {
        apiServer.closeAllConnections?.()
        busServer.closeAllConnections?.()
        for (const c of cleanup) await c().catch(() => undefined)
      },
    }
  } catch (e) {
    for (const c of cleanup) await c().catch(() => undefined)
    throw e
  }
}

/** `AWSEvents.PutEvents` over awsJson1.1, as the AWS SDK sends it. */
async function handlePutEvents(req: IncomingMessage, res: ServerResponse, bus: LocalEventBus): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '')
  const body = (await readBody(req)).toString('utf8')
  const reply = (status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
    res.end(JSON.stringify(payload))
  }
  if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
    return reply(400, { __type: 'UnknownOperationException', message: `Unsupported operation ${target || req.method}` })
  }
  let request: { Entries?: PutEventsEntry[] }
  try {
    request = JSON.parse(body) as { Entries?: PutEventsEntry[] }
  } catch {
    return reply(400, { __type: 'SerializationException', message: 'Request body is not JSON' })
  }
  const entries = request.Entries ?? []
  if (entries.length < 1 || entries.length > 10) {
    return reply(400, { __type: 'ValidationException', message: 'Entries must hold between 1 and 10 events' })
  }
  reply(200, bus.putEvents(entries))
}

interface ControlDeps {
  model: LocalModel
  bus: LocalEventBus
  host: FunctionHost
  queues: LocalQueues
  scheduler: LocalScheduler
  faults: LocalFaults
}

const PauseBody = z.object({ forMs: z.number().int().positive().max(MAX_DYNAMODB_PAUSE_MS).optional() }).strict()
const KillBody = z.object({ afterRequests: z.number().int().nonnegative().optional() }).strict()

async function jsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T | z.ZodError> {
  const text = (await readBody(req)).toString('utf8').trim()
  let value: unknown = {}
  if (text) {
    try {
      value = JSON.parse(text)
    } catch {
      return new z.ZodError([{ code: 'custom', path: [], message: 'body is not JSON', input: text }])
    }
  }
  const parsed = schema.safeParse(value)
  return parsed.success ? parsed.data : parsed.error
}

/** `/_local/faults…`: inject faults into the running system (see {@link LocalFaults}). */
async function faultControl(
  req: IncomingMessage,
  res: ServerResponse,
  parts: readonly string[],
  d: ControlDeps,
): Promise<void> {
  const [, target, id, action] = parts
  const invalid = (e: z.ZodError) =>
    sendJson(res, 400, {
      message: 'Invalid request',
      errors: e.issues.map(i => ({ field: ['body', ...i.path].join('.'), reason: i.message })),
    })
  if (req.method === 'GET' && target === undefined) return sendJson(res, 200, d.faults.status())
  if (req.method === 'DELETE' && target === undefined) {
    d.faults.clear()
    return sendJson(res, 200, d.faults.status())
  }
  if (req.method === 'POST' && target === 'dynamodb' && id === 'pause' && action === undefined) {
    const body = await jsonBody(req, PauseBody)
    if (body instanceof z.ZodError) return invalid(body)
    d.faults.pauseDynamoDb(body.forMs === undefined ? {} : { maxMs: body.forMs })
    return sendJson(res, 202, d.faults.status().dynamoDb)
  }
  if (req.method === 'POST' && target === 'dynamodb' && id === 'resume' && action === undefined) {
    d.faults.resumeDynamoDb()
    return sendJson(res, 200, d.faults.status().dynamoDb)
  }
  if (req.method === 'POST' && target === 'functions' && id && action === 'kill-during') {
    const body = await jsonBody(req, KillBody)
    if (body instanceof z.ZodError) return invalid(body)
    let functionId: string
    try {
      functionId = d.host.resolve(id)
    } catch (e) {
      return sendJson(res, 404, { message: (e as Error).message })
    }
    void d.faults.killDuring(functionId, body.afterRequests === undefined ? {} : { afterRequests: body.afterRequests })
    return sendJson(res, 202, { armed: functionId })
  }
  sendJson(res, 404, { message: 'Unknown local fault endpoint' })
}

/** `/_local/*`: what a developer needs to see inside the local cloud. Not part of the deployed API. */
async function control(req: IncomingMessage, res: ServerResponse, url: URL, d: ControlDeps): Promise<void> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1)
  const [area, id, action] = parts
  if (req.method === 'GET' && area === 'health') {
    return sendJson(res, 200, {
      status: 'UP',
      bus: { ...d.bus.counters, pending: d.bus.pending },
      dynamoDbPaused: d.faults.dynamoDbPaused,
      functions: d.host.stats(),
    })
  }
  if (area === 'faults') return faultControl(req, res, parts, d)
  if (req.method === 'GET' && area === 'events') {
    const detailType = url.searchParams.get('detailType') ?? undefined
    const source = url.searchParams.get('source') ?? undefined
    const limit = Number(url.searchParams.get('limit') ?? 100)
    return sendJson(
      res,
      200,
      d.bus.recent({ ...(detailType ? { detailType } : {}), ...(source ? { source } : {}) }).slice(-limit),
    )
  }
  if (req.method === 'GET' && area === 'routes') return sendJson(res, 200, d.model.routes)
  if (req.method === 'GET' && area === 'dead-letter-queues') return sendJson(res, 200, d.queues.list())
  if (req.method === 'POST' && area === 'dead-letter-queues' && id && action === 'redrive') {
    const fn = [...d.model.functions.values()].find(f => f.deadLetterQueue === id)
    if (!fn) return sendJson(res, 404, { message: `No function uses queue ${id}` })
    const messages = d.queues.drain(id)
    for (const m of messages) d.bus.invokeAsync(fn.logicalId, m.body, `redrive:${id}`)
    return sendJson(res, 202, { redriven: messages.length })
  }
  if (req.method === 'GET' && area === 'schedules') return sendJson(res, 200, d.scheduler.list())
  if (req.method === 'POST' && area === 'schedules' && id && action === 'run') {
    const body = (await readBody(req)).toString('utf8')
    const payload = body ? (JSON.parse(body) as unknown) : undefined
    return d.scheduler.run(id, payload)
      ? sendJson(res, 202, { started: id })
      : sendJson(res, 404, { message: `No schedule ${id}` })
  }
  if (req.method === 'POST' && area === 'idle') {
    await d.bus.idle()
    return sendJson(res, 200, { idle: true })
  }
  sendJson(res, 404, { message: 'Unknown local control endpoint' })
}
