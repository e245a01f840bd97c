import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = join(import.meta.dirname, '..', 'src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

const files = sourceFiles(SRC).map(path => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }))
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '')

describe('packages/domain is pure', () => {
  it('imports nothing but its own files and zod (no AWS SDK, no node:*, no I/O)', () => {
    const offending = files.flatMap(f =>
      [...code(f.text).matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)]
        .map(m => m[1] ?? m[2] ?? '')
        .filter(spec => !spec.startsWith('.') && spec !== 'zod')
        .map(spec => `${f.path} imports ${spec}`),
    )
    expect(offending).toEqual([])
  })

  it('never reads the clock, randomness or the environment (today and ids are passed in)', () => {
    const forbidden = [
      /\bDate\.now\s*\(/,
      /\bnew Date\s*\(/,
      /\bMath\.random\s*\(/,
      /\bprocess\./,
      /\brandomUUID\b/,
      /\bperformance\.now\b/,
    ]
    const offending = files.flatMap(f =>
      forbidden.filter(re => re.test(code(f.text))).map(re => `${f.path} uses ${re.source}`),
    )
    expect(offending).toEqual([])
  })

  it('has rules in every area', () => {
    for (const area of ['handover', 'tiering', 'allocation', 'shared']) {
      expect(files.some(f => f.path.startsWith(`${area}/`))).toBe(true)
    }
  })
})
