import { Duration, TimeZone } from 'aws-cdk-lib'
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Handover: OMiC responsibility and handover dates per prisoner, the daily sweep, and the handover API. */
export function handoverService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'handover', platform)
  service.onEvents(
    'OnCaseEvent',
    { entry: 'src/handlers/on-case-event.ts', description: 'Keeps the handover read model and recalculates' },
    {
      source: ['hmpps.prison', 'hmpps.probation', 'hmpps.parole'],
      detailType: [
        'prisoner-offender-search.prisoner.received',
        'prisoner-offender-search.prisoner.updated',
        'prisoner-offender-search.prisoner.released',
        'prison-offender-events.prisoner.merged',
        'probation-case.details.changed',
        'person.community.manager.allocated',
        'parole.review.updated',
      ],
    },
  )
  service.http('HandoverApi', { entry: 'src/handlers/handover-api.ts', description: 'Handover queries' }, [
    { method: HttpMethod.GET, path: '/handovers/{nomsNumber}' },
    { method: HttpMethod.GET, path: '/prisons/{prisonId}/handovers' },
  ])
  service.scheduled(
    'DailySweep',
    {
      entry: 'src/handlers/daily-sweep.ts',
      description: 'Applies due responsibility changes and reminders',
      timeout: Duration.minutes(15),
    },
    ScheduleExpression.cron({ minute: '0', hour: '3', timeZone: TimeZone.EUROPE_LONDON }),
  )
  return service
}
