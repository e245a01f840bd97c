/** Minimal `--name value` / `--flag` parsing for the local CLIs. */
export function parseArgs(argv: readonly string[]): Map<string, string | true> {
  const out = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? ''
    if (!a.startsWith('--')) continue
    const [name, inline] = a.slice(2).split('=', 2) as [string, string | undefined]
    const next = argv[i + 1]
    if (inline !== undefined) out.set(name, inline)
    else if (next !== undefined && !next.startsWith('--')) {
      out.set(name, next)
      i++
    } else out.set(name, true)
  }
  return out
}

export function intArg(args: Map<string, string | true>, name: string, fallback: number): number {
  const v = args.get(name)
  if (v === undefined || v === true) return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${v}`)
  return n
}

export function stringArg(args: Map<string, string | true>, name: string): string | undefined {
  const v = args.get(name)
  return typeof v === 'string' ? v : undefined
}
