import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
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

interface Pending {
  resolve(value: unknown): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/** One function's worker thread, started on first use (cold start) and restarted after a timeout. */
class FunctionWorker {
  private worker: Worker | undefined
  private ready: Promise<void> | undefined
  private readonly pending = new Map<string, Pending>()
  private readonly queue: (() => void)[] = []
  private running = 0
  private log: WriteStream | undefined
  invocations = 0
  coldStarts = 0

  constructor(
    readonly fn: LocalFunction,
    private readonly options: FunctionHostOptions,
  ) {}

  get started(): boolean {
    return this.worker !== undefined
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready
    this.coldStarts++
    const env: Record<string, string> = {
      ...this.fn.environment,
      ...this.options.runtimeEnv,
      AWS_LAMBDA_FUNCTION_NAME: this.fn.logicalId,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(this.fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    }
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      env,
      workerData: { entryPath: join(this.options.repoRoot, this.fn.entry), handlerExport: this.fn.handlerExport },
      stdout: this.options.logDir !== undefined,
      stderr: this.options.logDir !== undefined,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(256, this.fn.memoryMb) },
    })
    if (this.options.logDir) {
      mkdirSync(this.options.logDir, { recursive: true })
      this.log ??= createWriteStream(join(this.options.logDir, `${this.fn.logicalId}.log`), { flags: 'a' })
      worker.stdout.pipe(this.log, { end: false })
      worker.stderr.pipe(this.log, { end: false })
    }
    this.worker = worker
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { type: string; id?: string; ok?: boolean; value?: unknown; error?: never }) => {
        if (m.type === 'ready') return resolve()
        if (m.type !== 'result' || !m.id) return
        const p = this.pending.get(m.id)
        if (!p) return
        this.pending.delete(m.id)
        clearTimeout(p.timer)
        if (m.ok) p.resolve(m.value)
        else {
          const e = (m.error ?? {}) as { name?: string; message?: string; stack?: string }
          p.reject(new FunctionError(this.fn.logicalId, e.name ?? 'Error', e.message ?? 'failed', e.stack))
        }
      })
      worker.once('error', e => {
        reject(e)
        this.failAll(e)
        this.reset()
      })
      worker.once('exit', code => {
        const e = new Error(`${this.fn.logicalId} worker exited with code ${code}`)
        reject(e)
        this.failAll(e)
        this.reset()
      })
    })
    return this.ready
  }

  private failAll(error: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(new FunctionError(this.fn.logicalId, 'Runtime.ExitError', error.message))
      this.pending.delete(id)
    }
  }

  private reset(): void {
    this.worker = undefined
    this.ready = undefined
  }

  warm(): Promise<void> {
    return this.start()
  }

  async invoke(event: unknown): Promise<unknown> {
    const limit = this.options.concurrency ?? 8
    if (this.running >= limit) await new Promise<void>(resolve => this.queue.push(resolve))
    this.running++
    try {
      await this.start()
      this.invocations++
      return await this.send(event)
    } finally {
      this.running--
      this.queue.shift()?.()
    }
  }

  private send(event: unknown): Promise<unknown> {
    const id = randomUUID()
    const timeoutMs = this.fn.timeoutSeconds * 1000
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(
          new FunctionError(this.fn.logicalId, 'Sandbox.Timedout', `Task timed out after ${this.fn.timeoutSeconds}s`),
        )
        // Lambda discards a timed-out sandbox: so do we (the next invocation cold-starts)
        void this.worker?.terminate()
      }, timeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      this.worker?.postMessage({
        type: 'invoke',
        id,
        event,
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

  async stop(): Promise<void> {
    await this.worker?.terminate()
    this.reset()
    this.log?.end()
  }
}

/** Runs every function of the template in its own worker thread, with exactly its own environment. */
export class FunctionHost {
  private readonly workers = new Map<string, FunctionWorker>()

  constructor(functions: ReadonlyMap<string, LocalFunction>, options: FunctionHostOptions) {
    for (const [id, fn] of functions) this.workers.set(id, new FunctionWorker(fn, options))
  }

  has(functionId: string): boolean {
    return this.workers.has(functionId)
  }

  invoke(functionId: string, event: unknown): Promise<unknown> {
    const w = this.workers.get(functionId)
    if (!w) return Promise.reject(new Error(`No local function ${functionId}`))
    return w.invoke(event)
  }

  /** Starts every worker now instead of on first use. */
  async warmAll(): Promise<void> {
    await Promise.all([...this.workers.values()].map(w => w.warm()))
  }

  stats(): { functionId: string; started: boolean; invocations: number; coldStarts: number }[] {
    return [...this.workers.values()].map(w => ({
      functionId: w.fn.logicalId,
      started: w.started,
      invocations: w.invocations,
      coldStarts: w.coldStarts,
    }))
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.values()].map(w => w.stop()))
  }
}
