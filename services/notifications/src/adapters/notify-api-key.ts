/** The API key is the secret's string, or its `apiKey` field when the secret is JSON. */
export function apiKeyOf(secret: string): string {
  try {
    const parsed = JSON.parse(secret) as { apiKey?: unknown }
    if (typeof parsed.apiKey === 'string') return parsed.apiKey
  } catch {
    // a plain string secret
  }
  return secret.trim()
}
