import { ROUTES } from '@omic/handover/routes'
import { caseEvents } from '@omic/handover/subscriptions'
import { Duration, TimeZone } from 'aws-cdk-lib'
import { ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Settings every handover function reads at cold start (services/handover/src/config.ts; no defaults there). */
const HANDOVER_ENVIRONMENT = {
  /** handover.md §i: two checklist tasks for enhanced handovers from 2026-09-01. */
  SIMPLIFIED_ENHANCED_HANDOVER: 'true',
  /** With no recorded sweep run, the first run catches up this many past days of the due index. */
  SWEEP_FIRST_RUN_LOOKBACK_DAYS: '31',
}

/** Handover: OMiC responsibility and handover dates per prisoner, the daily sweep, and the handover API. */
export function handoverService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'handover', platform)
  service.onEvents(
    'OnCaseEvent',
    {
      entry: 'src/handlers/on-case-event.ts',
      description: 'Keeps the handover read model and recalculates',
      environment: HANDOVER_ENVIRONMENT,
    },
    caseEvents,
  )
  service.http(
    'HandoverApi',
    {
      entry: 'src/handlers/handover-api.ts',
      description: 'Handovers, lists, timeline, overrides, checklist, early allocation, forecast, SAR',
      environment: HANDOVER_ENVIRONMENT,
    },
    ROUTES,
  )
  service.scheduled(
    'DailySweep',
    {
      entry: 'src/handlers/daily-sweep.ts',
      description: 'Applies due responsibility changes and reminders',
      timeout: Duration.minutes(15),
      environment: HANDOVER_ENVIRONMENT,
    },
    ScheduleExpression.cron({ minute: '0', hour: '3', timeZone: TimeZone.EUROPE_LONDON }),
  )
  // the case outboxes: events whose lease ran out (a failed publish, a writer that died) go out within minutes
  service.outboxDrain({ environment: HANDOVER_ENVIRONMENT })
  return service
}
