import { ROUTES } from '@omic/notifications/routes'
import { notificationEvents } from '@omic/notifications/subscriptions'
import { Duration, TimeZone, Validations } from 'aws-cdk-lib'
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import { Secret } from 'aws-cdk-lib/aws-secretsmanager'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

export const NOTIFY_CHANNEL_CONTEXT = 'omic:notifyChannel'
export const PORTAL_URL_CONTEXT = 'omic:portalUrl'
/** Where links in emails point when no portal is configured; only allowed with the local outbox channel. */
const LOCAL_PORTAL_URL = 'http://localhost:3000'

/**
 * Notifications: every email of the catalogue (docs/notifications.md), exactly once. The channel comes from CDK
 * context `omic:notifyChannel`: `outbox` (cdk.json, local runs: emails land in the service's table) or `notify`
 * (a deployment passes `-c omic:notifyChannel=notify`: GOV.UK Notify, API key in Secrets Manager).
 */
export function notificationsService(scope: Construct, platform: PlatformRefs): OmicService {
  const channel = scope.node.tryGetContext(NOTIFY_CHANNEL_CONTEXT) as unknown
  if (channel !== 'outbox' && channel !== 'notify') {
    throw new Error(`CDK context ${NOTIFY_CHANNEL_CONTEXT} must be "outbox" or "notify" (cdk.json or -c)`)
  }
  const portalUrl = (scope.node.tryGetContext(PORTAL_URL_CONTEXT) as string | undefined) ?? undefined
  if (!portalUrl && channel === 'notify') {
    throw new Error(`CDK context ${PORTAL_URL_CONTEXT} is required with the notify channel (links in real emails)`)
  }

  const service = new OmicService(scope, 'notifications', platform)
  const apiKey = new Secret(service, 'NotifyApiKey', {
    description: 'GOV.UK Notify API key of the notifications service (set by hand from the Notify admin site)',
  })
  const environment = {
    NOTIFY_CHANNEL: channel,
    PORTAL_URL: portalUrl ?? LOCAL_PORTAL_URL,
    NOTIFY_API_KEY_SECRET_ARN: apiKey.secretArn,
    NOTIFY_TIMEOUT_MS: '10000',
  }

  const onEvent = service.onEvents(
    'OnDomainEvent',
    {
      entry: 'src/handlers/on-domain-event.ts',
      description: 'Keeps the contact directory and sends the emails events call for',
      // three attempts of up to 10 s, 1 s and 4 s apart (plus jitter), per email
      timeout: Duration.minutes(2),
      environment: { ...environment, NOTIFY_RETRY_DELAYS_MS: '1000,4000' },
    },
    notificationEvents,
  )
  const api = service.http(
    'NotificationsApi',
    {
      entry: 'src/handlers/notifications-api.ts',
      description: 'Email history, outbox, dead letters and staff preferences',
      // API Gateway waits 30 s: a redrive gets two quick retries
      timeout: Duration.seconds(29),
      environment: { ...environment, NOTIFY_TIMEOUT_MS: '5000', NOTIFY_RETRY_DELAYS_MS: '500,2000' },
    },
    ROUTES,
  )
  const report = service.scheduled(
    'MonthlyPipelineReport',
    {
      entry: 'src/handlers/monthly-pipeline-report.ts',
      description: 'Monthly LDU pipeline report (handovers in the next 45 days)',
      timeout: Duration.minutes(10),
      environment: { ...environment, NOTIFY_RETRY_DELAYS_MS: '1000,4000' },
    },
    ScheduleExpression.cron({ minute: '4', hour: '9', day: '1', timeZone: TimeZone.EUROPE_LONDON }),
  )
  const quarterHourly = service.scheduled(
    'EveryQuarterHour',
    {
      entry: 'src/handlers/every-quarter-hour.ts',
      description: 'Reads GOV.UK Notify delivery statuses; sends bulk reallocation summaries',
      timeout: Duration.minutes(5),
      environment: { ...environment, NOTIFY_RETRY_DELAYS_MS: '1000,4000' },
    },
    ScheduleExpression.cron({ minute: '0/15', timeZone: TimeZone.EUROPE_LONDON }),
  )
  for (const fn of [onEvent, api, report, quarterHourly]) apiKey.grantRead(fn)

  Validations.of(apiKey).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      'GOV.UK Notify API keys are created and revoked in the Notify admin site; there is no API to rotate them, ' +
      'so rotation is a manual runbook step (docs/notifications.md).',
  })
  return service
}
