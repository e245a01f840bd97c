import { documentClient, EventPublisher } from '@omic/lambda-kit'
import { DirectoryRepository } from './adapters/directory-repository'
import { NotificationStore } from './adapters/notification-store'
import { apiKeyOf } from './adapters/notify-api-key'
import { NotifyChannel } from './adapters/notify-channel'
import { OutboxChannel } from './adapters/outbox-channel'
import { SecretsManagerReader } from './adapters/secrets-manager'
import { loadConfig, NOTIFY_CHANNELS, type NotificationsConfig } from './config'
import type { EmailChannel } from './ports'
import type { DispatchDeps } from './use-cases/dispatch'
import type { EventDeps } from './use-cases/handle-event'
import { PortalLinks } from './use-cases/plan-emails'

async function makeChannel(config: NotificationsConfig, store: NotificationStore): Promise<EmailChannel> {
  if (config.channel === NOTIFY_CHANNELS.outbox || !config.notify) return new OutboxChannel(store)
  const secret = await SecretsManagerReader.fromEnv().getSecretString(config.notify.apiKeySecretArn)
  return NotifyChannel.create({
    apiKey: apiKeyOf(secret),
    timeoutMs: config.notify.timeoutMs,
    ...(config.notify.baseUrl ? { baseUrl: config.notify.baseUrl } : {}),
  })
}

/** The notifications service's object graph, built once per cold start (the Notify key is read on first use). */
export const config = loadConfig()
const client = documentClient()
export const directory = new DirectoryRepository(client, config.tableName)
export const store = new NotificationStore(client, config.tableName, config.deadLetterTableName)
const publisher = EventPublisher.fromEnv()
let channel: Promise<EmailChannel> | undefined

export async function deps(): Promise<DispatchDeps & EventDeps> {
  channel ??= makeChannel(config, store).catch(e => {
    channel = undefined
    throw e
  })
  return {
    store,
    directory,
    links: new PortalLinks(config.portalUrl),
    channel: await channel,
    publisher,
    retryDelaysMs: config.retryDelaysMs,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    now: () => new Date(),
  }
}
