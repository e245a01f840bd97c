import { ROUTES } from '@omic/tiering/routes'
import { caseEvents } from '@omic/tiering/subscriptions'
import { Duration, TimeZone } from 'aws-cdk-lib'
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

const TIER_VERSIONS = ['v2', 'v3'] as const

/** CDK context `omic:tierVersion` (cdk.json): which model gives *the* tier. Both are always calculated. */
function tierVersion(scope: Construct): string {
  const version = (scope.node.tryGetContext('omic:tierVersion') as string | undefined) ?? 'v2'
  if (!(TIER_VERSIONS as readonly string[]).includes(version)) {
    throw new Error(`CDK context omic:tierVersion must be one of ${TIER_VERSIONS.join(', ')}, got ${version}`)
  }
  return version
}

/** Tiering: tier v2 and v3 per probation case, recalculated from events, explained through the API. */
export function tieringService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'tiering', platform)
  const environment = { TIER_VERSION: tierVersion(scope), RECALCULATION_SEGMENTS: '8' }
  // One rule, two kinds of work: probation events keep the inputs and recalculate one case; our own segment requests
  // run a part of a full recalculation (until shortly before the timeout, then a continuation takes over).
  service.onEvents(
    'OnCaseEvent',
    {
      entry: 'src/handlers/on-case-event.ts',
      description: 'Keeps tiering inputs and recalculates the tier; runs full-recalculation segments',
      timeout: Duration.minutes(15),
      memorySize: 1024,
      environment,
    },
    caseEvents,
  )
  service.http(
    'TierApi',
    { entry: 'src/handlers/tier-api.ts', description: 'Tier queries, previews and recalculations', environment },
    ROUTES,
  )
  service.scheduled(
    'WeeklyRecalculation',
    {
      entry: 'src/handlers/weekly-recalculation.ts',
      description: 'Starts the weekly full recalculation of every stored case',
      timeout: Duration.minutes(1),
      environment,
    },
    ScheduleExpression.cron({ minute: '0', hour: '2', weekDay: 'SUN', timeZone: TimeZone.EUROPE_LONDON }),
  )
  // tier.calculation.complete left in a case's outbox by a failed publish (docs/decisions/0005-outbox.md)
  service.outboxDrain({ environment })
  return service
}
