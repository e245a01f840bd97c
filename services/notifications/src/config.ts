import { optionalEnv, requireEnv } from '@omic/lambda-kit'

export const NOTIFY_CHANNELS = { outbox: 'outbox', notify: 'notify' } as const
export type NotifyChannelName = (typeof NOTIFY_CHANNELS)[keyof typeof NOTIFY_CHANNELS]

/**
 * How long an email may wait for optional case facts it shows that are expected but not known yet (the tier, the
 * RoSH level, RSR and OGRS of a COM allocation: `expectedOptionalFacts` in packages/domain), counted from when it was
 * first planned. Within it the email is parked (`waiting-for:tier,…`) and goes as soon as they arrive; once it has
 * passed, the quarter-hourly run sends it with what is known ("Unknown", "Score Unavailable"). 60 minutes: the
 * facts come from events upstream publishes within seconds to minutes of one another (a tier follows its inputs
 * at once), so an hour covers a late or redelivered event and a Lambda retry (about 1 and 2 minutes) with room to
 * spare, while a COM learns of a new case the same hour; with the quarter-hourly run an email waits at most
 * 75 minutes for a fact that never comes. A constant, not CDK context: it is a product rule, not an environment's.
 */
export const OPTIONAL_FACTS_WAIT_MS = 60 * 60_000

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

function delays(value: string): number[] {
  const parsed = value.split(',').map(v => Number(v.trim()))
  if (parsed.some(n => !Number.isInteger(n) || n < 0)) {
    throw new Error('Environment variable NOTIFY_RETRY_DELAYS_MS must be comma-separated whole milliseconds')
  }
  return parsed
}

/** The notifications service's configuration, read once at cold start; a missing variable fails fast. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const channel = requireEnv('NOTIFY_CHANNEL', env)
  if (channel !== NOTIFY_CHANNELS.outbox && channel !== NOTIFY_CHANNELS.notify) {
    throw new Error(`Environment variable NOTIFY_CHANNEL must be outbox or notify, not ${channel}`)
  }
  const baseUrl = optionalEnv('NOTIFY_BASE_URL', env)
  return {
    tableName: requireEnv('TABLE_NAME', env),
    deadLetterTableName: requireEnv('DEAD_LETTER_TABLE_NAME', env),
    channel,
    portalUrl: requireEnv('PORTAL_URL', env).replace(/\/+$/, ''),
    retryDelaysMs: delays(requireEnv('NOTIFY_RETRY_DELAYS_MS', env)),
    ...(channel === NOTIFY_CHANNELS.notify
      ? {
          notify: {
            apiKeySecretArn: requireEnv('NOTIFY_API_KEY_SECRET_ARN', env),
            timeoutMs: Number(requireEnv('NOTIFY_TIMEOUT_MS', env)),
            ...(baseUrl ? { baseUrl } : {}),
          },
        }
      : {}),
  }
}
