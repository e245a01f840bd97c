import { Duration, TimeZone } from 'aws-cdk-lib'
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Tiering: tier v2 and v3 per probation case, recalculated from events, explained through the API. */
export function tieringService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'tiering', platform)
  service.onEvents(
    'OnCaseEvent',
    { entry: 'src/handlers/on-case-event.ts', description: 'Keeps tiering inputs and recalculates the tier' },
    {
      source: ['hmpps.probation'],
      detailType: [
        'probation-case.registration.added',
        'probation-case.registration.updated',
        'probation-case.registration.deleted',
        'assessment.summary.produced',
        'probation-case.convictions.changed',
        'probation-case.details.changed',
        'probation-case.merge.completed',
      ],
    },
  )
  service.http('TierApi', { entry: 'src/handlers/tier-api.ts', description: 'Tier queries and previews' }, [
    { method: HttpMethod.GET, path: '/tiers/{crn}' },
    { method: HttpMethod.GET, path: '/tiers/{crn}/history' },
    { method: HttpMethod.POST, path: '/tiers/preview' },
  ])
  service.scheduled(
    'WeeklyRecalculation',
    {
      entry: 'src/handlers/weekly-recalculation.ts',
      description: 'Recalculates every stored case',
      timeout: Duration.minutes(15),
    },
    ScheduleExpression.cron({ minute: '0', hour: '2', weekDay: 'SUN', timeZone: TimeZone.EUROPE_LONDON }),
  )
  return service
}
