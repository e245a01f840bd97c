import { Duration } from 'aws-cdk-lib'
import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2'
import type { Construct } from 'constructs'
import { OmicService, type PlatformRefs } from '../constructs/omic-service'

/** Allocation: who manages each prisoner (POM and COM), staff and their workload. */
export function allocationService(scope: Construct, platform: PlatformRefs): OmicService {
  const service = new OmicService(scope, 'allocation', platform)
  const environment = {
    RECOMMENDATION_STRATEGY: 'tier',
    NEW_ARRIVAL_WORKING_DAYS: '2',
    COM_UNTIERED_AS: 'B2',
  }
  service.onEvents(
    'OnCaseEvent',
    {
      entry: 'src/handlers/on-case-event.ts',
      description: 'Keeps the allocation case read model; deallocates on release, transfer and legal status',
      environment,
    },
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
        'offender-management.com.allocation-requested',
      ],
    },
  )
  const { GET, POST, PUT, DELETE } = HttpMethod
  service.http(
    'AllocationApi',
    {
      entry: 'src/handlers/allocation-api.ts',
      description: 'Case lists, staff registry, POM and COM allocation, recommendations, subject access requests',
      environment,
      timeout: Duration.seconds(29),
      memorySize: 1024,
    },
    [
      { method: GET, path: '/prisons/{prisonId}/cases' },
      { method: GET, path: '/cases/{nomsNumber}' },
      { method: GET, path: '/cases/{nomsNumber}/history' },
      { method: GET, path: '/cases/{nomsNumber}/recommendations' },
      { method: POST, path: '/cases/{nomsNumber}/allocation' },
      { method: DELETE, path: '/cases/{nomsNumber}/allocation' },
      { method: POST, path: '/cases/{nomsNumber}/reallocation' },
      { method: PUT, path: '/cases/{nomsNumber}/coworking-pom' },
      { method: DELETE, path: '/cases/{nomsNumber}/coworking-pom' },
      { method: PUT, path: '/prisons/{prisonId}/poms/{staffId}' },
      { method: GET, path: '/prisons/{prisonId}/poms/{staffId}' },
      { method: GET, path: '/prisons/{prisonId}/poms' },
      { method: POST, path: '/prisons/{prisonId}/poms/import' },
      { method: POST, path: '/prisons/{prisonId}/poms/{staffId}/reallocations/preview' },
      { method: POST, path: '/prisons/{prisonId}/poms/{staffId}/reallocations' },
      { method: PUT, path: '/pdus/{pduCode}/coms/{staffCode}' },
      { method: GET, path: '/pdus/{pduCode}/coms' },
      { method: GET, path: '/pdus/{pduCode}/cases' },
      { method: GET, path: '/cases/{nomsNumber}/com-recommendations' },
      { method: POST, path: '/cases/{nomsNumber}/com-allocation' },
      { method: GET, path: '/api/allocation/{nomsNumber}' },
      { method: GET, path: '/api/allocation/{nomsNumber}/primary_pom' },
      { method: POST, path: '/pdus/{pduCode}/coms/import' },
      { method: GET, path: '/subject-access-request' },
      { method: GET, path: '/subject-access-request/template' },
    ],
  )
  return service
}
