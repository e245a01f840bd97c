import { DynamoCrnLinks, documentClient, EventPublisher, systemClock } from '@omic/lambda-kit'
import { DynamoDigestStore } from './adapters/dynamo-digest-store'
import { DynamoDirectory } from './adapters/dynamo-directory'
import { DynamoEmailOutbox } from './adapters/dynamo-email-outbox'
import { DynamoMessageStore } from './adapters/dynamo-message-store'
import { DynamoPreferenceStore } from './adapters/dynamo-preference-store'
import { apiKeyOf } from './adapters/notify-api-key'
import { NotifyChannel } from './adapters/notify-channel'
import { OutboxChannel } from './adapters/outbox-channel'
import { SecretsManagerReader } from './adapters/secrets-manager'
import { loadConfig, NOTIFY_CHANNELS, type NotificationsConfig } from './config'
import { PARKABLE_PART_SCHEMAS, type ParkableParts } from './model/directory'
import { PortalLinks } from './model/links'
import type { CaseCrnLinks, EmailChannel, EmailOutbox } from './ports'
import type { DispatchDeps } from './use-cases/dispatch'
import type { RecordDeps } from './use-cases/handle-event'

async function makeChannel(config: NotificationsConfig, outbox: EmailOutbox): Promise<EmailChannel> {
  if (config.channel === NOTIFY_CHANNELS.outbox || !config.notify) return new OutboxChannel(outbox)
  const secret = await new SecretsManagerReader().getSecretString(config.notify.apiKeySecretArn)
  return NotifyChannel.create({
    apiKey: apiKeyOf(secret),
    timeoutMs: config.notify.timeoutMs,
    ...(config.notify.baseUrl ? { baseUrl: config.notify.baseUrl } : {}),
  })
}

/** Everything the use cases need, as the handlers get it. */
export type ServiceDeps = DispatchDeps & RecordDeps

/** The notifications service's object graph, built once per cold start (the Notify key is read on first use). */
export const config = loadConfig()
const client = documentClient()
export const messages = new DynamoMessageStore(client, config.tableName, config.deadLetterTableName)
export const digests = new DynamoDigestStore(client, config.tableName)
export const preferences = new DynamoPreferenceStore(client, config.tableName)
export const directory = new DynamoDirectory(client, config.tableName)
export const crnLinks: CaseCrnLinks = new DynamoCrnLinks<ParkableParts>(client, config.tableName, PARKABLE_PART_SCHEMAS)
export const emailOutbox = new DynamoEmailOutbox(client, config.tableName)
export const clock = systemClock
const publisher = EventPublisher.fromEnv()
let channel: Promise<EmailChannel> | undefined

export async function deps(): Promise<ServiceDeps> {
  channel ??= makeChannel(config, emailOutbox).catch(e => {
    channel = undefined
    throw e
  })
  return {
    messages,
    preferences,
    digests,
    directory,
    crnLinks,
    links: new PortalLinks(config.portalUrl),
    channel: await channel,
    publisher,
    retryDelaysMs: config.retryDelaysMs,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    clock,
  }
}
