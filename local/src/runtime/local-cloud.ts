import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { join } from 'node:path'
import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DevIssuer } from './dev-issuer'
import { startDynamoDbLocal } from './dynamodb-local'
import { LocalEventBus, type PutEventsEntry } from './event-bus'
import { FunctionHost } from './function-host'
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

    const apiServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', apiUrl)
      const handle = url.pathname.startsWith('/_local/')
        ? control(req, res, url, { model, bus, host, queues, scheduler })
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
}

/** `/_local/*`: what a developer needs to see inside the local cloud. Not part of the deployed API. */
async function control(req: IncomingMessage, res: ServerResponse, url: URL, d: ControlDeps): Promise<void> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1)
  const [area, id, action] = parts
  if (req.method === 'GET' && area === 'health') {
    return sendJson(res, 200, {
      status: 'UP',
      bus: { ...d.bus.counters, pending: d.bus.pending },
      functions: d.host.stats(),
    })
  }
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
