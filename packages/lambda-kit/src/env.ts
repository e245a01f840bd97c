import type { z } from 'zod'

/**
 * Configuration is read once at cold start, through one zod schema per service (`src/config.ts`): a missing or bad
 * variable fails the cold start naming every variable and why. No defaults here: infra sets every value.
 */
export function parseEnv<S extends z.ZodType>(
  service: string,
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const parsed = schema.safeParse(env)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map(i => `${i.path.join('.') || '(environment)'}: ${i.message}`).join('; ')
  throw new Error(`Invalid ${service} configuration: ${problems}`)
}

export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name]
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is required`)
  return value
}

export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}
