/** Configuration is read once at cold start; a missing variable fails fast with its name. No defaults here. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name]
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is required`)
  return value
}

export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name]
  return value === undefined || value === '' ? undefined : value
}
