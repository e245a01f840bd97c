import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Allocation: who manages each prisoner (POM and COM), staff and their workload. */
export function allocationService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'allocation', platform)
  service.onEvents(
    'OnCaseEvent',
    { entry: 'src/handlers/on-case-event.ts', description: 'Keeps the allocation case read model' },
    {
      source: ['hmpps.prison', 'hmpps.probation', 'omic.tiering', 'omic.handover'],
      detailType: [
        'prisoner-offender-search.prisoner.received',
        'prisoner-offender-search.prisoner.updated',
        'prisoner-offender-search.prisoner.released',
        'prison-offender-events.prisoner.merged',
        'probation-case.details.changed',
        'person.community.manager.allocated',
        'tier.calculation.complete',
        'offender-management.handover.changed',
      ],
    },
  )
  service.http('AllocationApi', { entry: 'src/handlers/allocation-api.ts', description: 'Case lists' }, [
    { method: HttpMethod.GET, path: '/prisons/{prisonId}/cases' },
    { method: HttpMethod.GET, path: '/cases/{nomsNumber}' },
  ])
  return service
}
