import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Notifications: emails to staff about allocations and handovers; a local outbox instead of GOV.UK Notify. */
export function notificationsService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'notifications', platform)
  service.onEvents(
    'OnDomainEvent',
    {
      entry: 'src/handlers/on-domain-event.ts',
      description: 'Turns domain events into emails',
      environment: { NOTIFY_CHANNEL: 'outbox' },
    },
    {
      source: ['omic.allocation', 'omic.handover'],
      detailType: [
        'offender-management.allocation.changed',
        'offender-management.handover.changed',
        'offender-management.com.allocation-requested',
      ],
    },
  )
  service.http('NotificationsApi', { entry: 'src/handlers/notifications-api.ts', description: 'Sent emails' }, [
    { method: HttpMethod.GET, path: '/notifications' },
  ])
  return service
}
