import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { z } from 'zod'
import type { LocalFunction } from './template'

export class FunctionError extends Error {
  constructor(
    readonly functionId: string,
    name: string,
    message: string,
    readonly remoteStack?: string,
  ) {
    super(message)
    this.name = name
  }
}

export interface FunctionHostOptions {
  repoRoot: string
  /** Variables the Lambda service itself provides (endpoints, region, credentials). */
  runtimeEnv: Record<string, string>
  /** Where each function's log goes (one file per function, like a log group); stdout when absent. */
  logDir?: string
  /** Invocations one worker handles at a time. */
  concurrency?: number
}

/** How one invocation ended, for tests and fault injection (`FunctionHost.onInvocation`). */
export interface InvocationOutcome {
  functionId: string
  requestId: string
  ok: boolean
  /** `Sandbox.Timedout`, `Runtime.ExitError`, or the name of the error the handler threw. */
  errorName?: string
  errorMessage?: string
  /** From the event's arrival in the sandbox to its outcome (a cold start's init is not part of it, as in Lambda). */
  durationMs: number
  /** Time spent waiting for the sandbox to start (cold start), about 0 when warm. */
  initMs: number
}

export interface KillDuringOptions {
  /**
   * The worker is ended when the invocation starts its outbound HTTP request number `afterRequests + 1`
   * (DynamoDB, EventBridge): `afterRequests` requests have been made, the next one is never sent. Default 2: an
   * event handler has claimed the event id and done one more call. A handler that finishes with fewer requests is
   * ended after it returns and before its result is sent back, so the armed kill always hits this invocation.
   */
  afterRequests?: number
}

/** What `killDuring` did. */
export interface KilledInvocation {
  functionId: string
  requestId: string
  /** Outbound HTTP requests the invocation had started when its worker was ended. */
  requestsMade: number
  /** `mid-handler`: ended before a request; `after-handler`: the handler had returned, its result was lost. */
  phase: 'mid-handler' | 'after-handler'
}

/** The exit code a killed worker reports (128 + SIGKILL), so its invocation fails as `signal: killed`. */
const KILLED_EXIT_CODE = 137

const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({
    type: z.literal('result'),
    id: z.string(),
    ok: z.boolean(),
    value: z.unknown().optional(),
    error: z.object({ name: z.string(), message: z.string(), stack: z.string().optional() }).optional(),
  }),
  z.object({
    type: z.literal('killed'),
    id: z.string(),
    requestsMade: z.number().int().nonnegative(),
    phase: z.enum(['mid-handler', 'after-handler']),
  }),
])

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

interface ArmedKill {
  afterRequests: number
  resolve(killed: KilledInvocation | undefined): void
}

/**
 * One worker thread: a Lambda execution environment (sandbox). It is discarded as a whole when one of its
 * invocations times out or its thread exits; every invocation still running on it then fails as
 * `Runtime.ExitError` (in Lambda each invocation has a sandbox of its own: see docs/decisions/0003-chaos.md).
 */
class Sandbox {
  readonly worker: Worker
  readonly ready: Promise<void>
  readonly pending = new Map<string, Pending>()
  private ended = false
  private readonly kills = new Map<string, KilledInvocation>()

  constructor(
    private readonly fn: LocalFunction,
    options: FunctionHostOptions,
    log: WriteStream | undefined,
    private readonly onEnd: (sandbox: Sandbox) => void,
  ) {
    const env: Record<string, string> = {
      ...fn.environment,
      ...options.runtimeEnv,
      AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    }
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      env,
      workerData: { entryPath: join(options.repoRoot, fn.entry), handlerExport: fn.handlerExport },
      stdout: log !== undefined,
      stderr: log !== undefined,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(256, fn.memoryMb) },
    })
    if (log) {
      worker.stdout.pipe(log, { end: false })
      worker.stderr.pipe(log, { end: false })
    }
    this.worker = worker
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (raw: unknown) => {
        const parsed = WorkerMessage.safeParse(raw)
        if (!parsed.success) return
        const m = parsed.data
        if (m.type === 'ready') return resolve()
        if (m.type === 'killed') {
          const killed = { functionId: fn.logicalId, requestId: m.id, requestsMade: m.requestsMade, phase: m.phase }
          this.kills.set(m.id, killed)
          return
        }
        const p = this.pending.get(m.id)
        if (!p) return
        this.pending.delete(m.id)
        clearTimeout(p.timer)
        if (m.ok) p.resolve(m.value ?? null)
        else {
          const e = m.error ?? { name: 'Error', message: 'failed' }
          p.reject(new FunctionError(fn.logicalId, e.name, e.message, e.stack))
        }
      })
      worker.once('error', e => {
        reject(e)
        this.end(`Runtime exited with error: ${e.name}: ${e.message}`)
      })
      worker.once('exit', code => {
        const reason = code === KILLED_EXIT_CODE ? 'signal: killed' : `exit status ${code}`
        const e = new FunctionError(fn.logicalId, 'Runtime.ExitError', `Runtime exited with error: ${reason}`)
        reject(e)
        this.end(e.message)
      })
    })
    this.ready.catch(() => undefined)
  }

  get alive(): boolean {
    return !this.ended
  }

  private end(reason: string): void {
    if (this.ended) return
    this.ended = true
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new FunctionError(this.fn.logicalId, 'Runtime.ExitError', `RequestId: ${id} Error: ${reason}`))
    }
    this.pending.clear()
    this.onEnd(this)
  }

  /** What the worker said before it ended itself for an armed kill (`killDuring`). */
  killReport(id: string): KilledInvocation | undefined {
    return this.kills.get(id)
  }

  send(id: string, event: unknown, onTimeout: () => void, fault?: { exitAfterRequests: number }): Promise<unknown> {
    const timeoutMs = this.fn.timeoutSeconds * 1000
    return new Promise((resolve, reject) => {
      if (this.ended) {
        reject(new FunctionError(this.fn.logicalId, 'Runtime.ExitError', `RequestId: ${id} Error: sandbox ended`))
        return
      }
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(
          new FunctionError(
            this.fn.logicalId,
            'Sandbox.Timedout',
            `RequestId: ${id} Error: Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds`,
          ),
        )
        onTimeout()
      }, timeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      this.worker.postMessage({
        type: 'invoke',
        id,
        event,
        ...(fault ? { fault } : {}),
        context: {
          functionName: this.fn.logicalId,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${this.fn.logicalId}`,
          memoryLimitInMB: String(this.fn.memoryMb),
          awsRequestId: id,
          logGroupName: `/aws/lambda/${this.fn.logicalId}`,
          logStreamName: 'local',
          deadlineMs: Date.now() + timeoutMs,
        },
      })
    })
  }

  /** Ends the thread; what still runs on it fails as `Runtime.ExitError`. */
  async terminate(): Promise<void> {
    if (this.ended) return
    await this.worker.terminate()
  }
}

/**
 * One function: a worker thread (sandbox) started on first use (cold start), replaced after a timeout or an exit,
 * and the faults armed against it.
 */
class FunctionWorker {
  private current: Sandbox | undefined
  /** Sandboxes still ending, and the dedicated ones of armed kills. */
  private readonly others = new Set<Sandbox>()
  private readonly queue: (() => void)[] = []
  private running = 0
  private log: WriteStream | undefined
  private armed: ArmedKill | undefined
  invocations = 0
  coldStarts = 0
  timeouts = 0
  exits = 0
  kills = 0

  constructor(
    readonly fn: LocalFunction,
    private readonly options: FunctionHostOptions,
    private readonly report: (outcome: InvocationOutcome) => void,
  ) {}

  get started(): boolean {
    return this.current?.alive === true
  }

  get killArmed(): boolean {
    return this.armed !== undefined
  }

  private newSandbox(): Sandbox {
    this.coldStarts++
    if (this.options.logDir && !this.log) {
      mkdirSync(this.options.logDir, { recursive: true })
      this.log = createWriteStream(join(this.options.logDir, `${this.fn.logicalId}.log`), { flags: 'a' })
    }
    return new Sandbox(this.fn, this.options, this.log, ended => {
      if (this.current === ended) this.current = undefined
      this.others.delete(ended)
    })
  }

  /** Takes the sandbox out of service at once (the next invocation cold-starts) and ends it. */
  private discard(sandbox: Sandbox): void {
    if (this.current === sandbox) this.current = undefined
    this.others.add(sandbox)
    void sandbox.terminate()
  }

  warm(): Promise<void> {
    this.current ??= this.newSandbox()
    return this.current.ready
  }

  /** The next invocation runs on a sandbox of its own, which is ended in the middle of its handler. */
  killDuring(options: KillDuringOptions = {}): Promise<KilledInvocation | undefined> {
    this.armed?.resolve(undefined)
    return new Promise(resolve => {
      this.armed = { afterRequests: options.afterRequests ?? 2, resolve }
    })
  }

  disarm(): void {
    this.armed?.resolve(undefined)
    this.armed = undefined
  }

  async invoke(event: unknown): Promise<unknown> {
    const limit = this.options.concurrency ?? 8
    if (this.running >= limit) await new Promise<void>(resolve => this.queue.push(resolve))
    this.running++
    const id = randomUUID()
    const timing = { began: Date.now(), sentAt: 0 }
    const durations = () => {
      const sentAt = timing.sentAt || Date.now()
      return { durationMs: Date.now() - sentAt, initMs: sentAt - timing.began }
    }
    try {
      const value = await this.run(id, event, timing)
      this.report({ functionId: this.fn.logicalId, requestId: id, ok: true, ...durations() })
      return value
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      if (error.name === 'Sandbox.Timedout') this.timeouts++
      if (error.name === 'Runtime.ExitError') this.exits++
      this.report({
        functionId: this.fn.logicalId,
        requestId: id,
        ok: false,
        errorName: error.name,
        errorMessage: error.message,
        ...durations(),
      })
      throw error
    } finally {
      this.running--
      this.queue.shift()?.()
    }
  }

  private async run(id: string, event: unknown, timing: { sentAt: number }): Promise<unknown> {
    const armed = this.armed
    this.armed = undefined
    if (armed) {
      // a sandbox of its own, so that ending it ends only this invocation (as in Lambda)
      const sandbox = this.newSandbox()
      this.others.add(sandbox)
      let killed: KilledInvocation | undefined
      try {
        await sandbox.ready
        this.invocations++
        timing.sentAt = Date.now()
        return await sandbox.send(id, event, () => this.discard(sandbox), { exitAfterRequests: armed.afterRequests })
      } catch (e) {
        if (e instanceof FunctionError && e.name === 'Runtime.ExitError') killed = sandbox.killReport(id)
        if (killed) this.kills++
        throw e
      } finally {
        armed.resolve(killed)
        this.discard(sandbox)
      }
    }
    const sandbox = this.current?.alive ? this.current : this.newSandbox()
    this.current = sandbox
    await sandbox.ready
    this.invocations++
    timing.sentAt = Date.now()
    return sandbox.send(id, event, () => this.discard(sandbox))
  }

  async stop(): Promise<void> {
    this.disarm()
    const all = [...this.others, ...(this.current ? [this.current] : [])]
    this.current = undefined
    await Promise.all(all.map(s => s.terminate()))
    this.log?.end()
    this.log = undefined
  }
}

/** Runs every function of the template in its own worker thread, with exactly its own environment. */
export class FunctionHost {
  private readonly workers = new Map<string, FunctionWorker>()
  private readonly listeners = new Set<(outcome: InvocationOutcome) => void>()

  constructor(functions: ReadonlyMap<string, LocalFunction>, options: FunctionHostOptions) {
    for (const [id, fn] of functions) {
      this.workers.set(id, new FunctionWorker(fn, options, o => this.emit(o)))
    }
  }

  private emit(outcome: InvocationOutcome): void {
    for (const l of this.listeners) l(outcome)
  }

  has(functionId: string): boolean {
    return this.workers.has(functionId)
  }

  /** The function with this logical id, or the only one whose logical id starts with it (`AllocationOnCaseEvent`). */
  resolve(idOrPrefix: string): string {
    if (this.workers.has(idOrPrefix)) return idOrPrefix
    const matches = [...this.workers.keys()].filter(id => id.startsWith(idOrPrefix))
    const [only] = matches
    if (matches.length !== 1 || only === undefined) {
      throw new Error(
        matches.length ? `${idOrPrefix} names ${matches.length} functions` : `No local function ${idOrPrefix}`,
      )
    }
    return only
  }

  invoke(functionId: string, event: unknown): Promise<unknown> {
    const w = this.workers.get(functionId)
    if (!w) return Promise.reject(new Error(`No local function ${functionId}`))
    return w.invoke(event)
  }

  /** Calls `listener` with the outcome of every invocation from now on; returns the unsubscribe. */
  onInvocation(listener: (outcome: InvocationOutcome) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The next invocation outcome that satisfies `predicate`. */
  nextInvocation(predicate: (outcome: InvocationOutcome) => boolean): Promise<InvocationOutcome> {
    return new Promise(resolve => {
      const off = this.onInvocation(o => {
        if (!predicate(o)) return
        off()
        resolve(o)
      })
    })
  }

  /**
   * Fault injection: the function's next invocation runs on a worker of its own that is ended in the middle of
   * its handler (see {@link KillDuringOptions}); the invocation fails as `Runtime.ExitError` and an asynchronous
   * invocation is then retried on a fresh worker. Resolves with what was killed (undefined when disarmed first).
   */
  killDuring(functionId: string, options: KillDuringOptions = {}): Promise<KilledInvocation | undefined> {
    const w = this.workers.get(this.resolve(functionId))
    if (!w) return Promise.reject(new Error(`No local function ${functionId}`))
    return w.killDuring(options)
  }

  /** Cancels every armed kill. */
  disarmAll(): void {
    for (const w of this.workers.values()) w.disarm()
  }

  /** Starts every worker now instead of on first use. */
  async warmAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map(w => w.warm()))
  }

  stats(): {
    functionId: string
    started: boolean
    invocations: number
    coldStarts: number
    timeouts: number
    exits: number
    kills: number
    killArmed: boolean
  }[] {
    return [...this.workers.values()].map(w => ({
      functionId: w.fn.logicalId,
      started: w.started,
      invocations: w.invocations,
      coldStarts: w.coldStarts,
      timeouts: w.timeouts,
      exits: w.exits,
      kills: w.kills,
      killArmed: w.killArmed,
    }))
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map(w => w.stop()))
  }
}
