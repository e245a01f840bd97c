import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../runtime/local-cloud'

/** What a running `npm start` tells the other CLIs (token, seed): where it listens and its JWT settings. */
export interface RuntimeInfo {
  pid: number
  apiUrl: string
  busUrl: string
  busName: string
  dynamoEndpoint: string
  issuer: string
  audience: string[]
  stateDir: string
}

export const RUNTIME_FILE = join(REPO_ROOT, '.local', 'runtime.json')

export function writeRuntimeInfo(info: RuntimeInfo): void {
  writeFileSync(RUNTIME_FILE, JSON.stringify(info, null, 2))
}

export function readRuntimeInfo(): RuntimeInfo | undefined {
  if (!existsSync(RUNTIME_FILE)) return undefined
  const info = JSON.parse(readFileSync(RUNTIME_FILE, 'utf8')) as RuntimeInfo
  try {
    process.kill(info.pid, 0)
    return info
  } catch {
    return undefined
  }
}

export function removeRuntimeInfo(): void {
  rmSync(RUNTIME_FILE, { force: true })
}
