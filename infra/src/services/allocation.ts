import { ROUTES } from '@omic/allocation/routes'
import { caseEvents } from '@omic/allocation/subscriptions'
import { Duration } from 'aws-cdk-lib'
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
    caseEvents,
  )
  service.http(
    'AllocationApi',
    {
      entry: 'src/handlers/allocation-api.ts',
      description: 'Case lists, staff registry, POM and COM allocation, recommendations, subject access requests',
      environment,
      timeout: Duration.seconds(29),
      memorySize: 1024,
    },
    ROUTES,
  )
  // republishes every 5 minutes what a failed publish left in the case outboxes (decision 0005)
  service.outboxDrain({ environment })
  return service
}
