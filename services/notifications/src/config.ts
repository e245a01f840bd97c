import { parseEnv } from '@omic/lambda-kit'
import { z } from 'zod'

export const NOTIFY_CHANNELS = { outbox: 'outbox', notify: 'notify' } as const
export type NotifyChannelName = (typeof NOTIFY_CHANNELS)[keyof typeof NOTIFY_CHANNELS]

export interface NotificationsConfig {
  tableName: string
  deadLetterTableName: string
  /** `outbox` (local runs: nothing leaves the machine) or `notify` (GOV.UK Notify). */
  channel: NotifyChannelName
  /** Base URL of the staff portal, for the links in emails. */
  portalUrl: string
  /** Waits before each retry of a transient failure; its length is the retry budget. */
  retryDelaysMs: number[]
  notify?: {
    /** Secrets Manager secret holding the GOV.UK Notify API key. */
    apiKeySecretArn: string
    /** Another Notify API host (tests); GOV.UK Notify's own when absent. */
    baseUrl?: string
    timeoutMs: number
  }
}

/** An unset or empty variable is absent. */
const optional = z.preprocess(v => (v === '' ? undefined : v), z.string().optional())
const required = z.string().min(1, 'is required')

/** The environment as infra sets it (infra/src/services/notifications.ts). */
const envSchema = z
  .object({
    TABLE_NAME: required,
    DEAD_LETTER_TABLE_NAME: required,
    NOTIFY_CHANNEL: z.enum(Object.values(NOTIFY_CHANNELS)),
    PORTAL_URL: required.transform(url => url.replace(/\/+$/, '')),
    NOTIFY_RETRY_DELAYS_MS: required.transform((value, ctx) => {
      const parsed = value.split(',').map(v => Number(v.trim()))
      if (parsed.some(n => !Number.isInteger(n) || n < 0)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated whole milliseconds' })
        return z.NEVER
      }
      return parsed
    }),
    NOTIFY_API_KEY_SECRET_ARN: optional,
    NOTIFY_TIMEOUT_MS: optional,
    NOTIFY_BASE_URL: optional,
  })
  .superRefine((env, ctx) => {
    if (env.NOTIFY_CHANNEL !== NOTIFY_CHANNELS.notify) return
    for (const name of ['NOTIFY_API_KEY_SECRET_ARN', 'NOTIFY_TIMEOUT_MS'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required with NOTIFY_CHANNEL=notify' })
    }
  })

/** The notifications service's configuration, read once at cold start; a missing variable fails fast. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const e = parseEnv('notifications', envSchema, env)
  return {
    tableName: e.TABLE_NAME,
    deadLetterTableName: e.DEAD_LETTER_TABLE_NAME,
    channel: e.NOTIFY_CHANNEL,
    portalUrl: e.PORTAL_URL,
    retryDelaysMs: e.NOTIFY_RETRY_DELAYS_MS,
    ...(e.NOTIFY_CHANNEL === NOTIFY_CHANNELS.notify && e.NOTIFY_API_KEY_SECRET_ARN
      ? {
          notify: {
            apiKeySecretArn: e.NOTIFY_API_KEY_SECRET_ARN,
            timeoutMs: Number(e.NOTIFY_TIMEOUT_MS),
            ...(e.NOTIFY_BASE_URL ? { baseUrl: e.NOTIFY_BASE_URL } : {}),
          },
        }
      : {}),
  }
}
