/**
 * One incoming event: keep the directory up to date (order-safe), work out the emails it calls for, and send
 * each exactly once. Each event type has its handler (on-*.ts), found in {@link RECORDERS}.
 */
import type { HandledDetailType, NotificationEvent, NotificationEventOf } from '../events/subscriptions'
import type { PlannedEmail } from '../model/planned-email'
import { type DispatchDeps, type DispatchOutcome, dispatch } from './dispatch'
import { onAllocationChanged } from './on-allocation-changed'
import { onAssessmentProduced } from './on-assessment-produced'
import { onComAllocated } from './on-com-allocated'
import { onComAllocationRequested } from './on-com-allocation-requested'
import { onEarlyAllocationChanged } from './on-early-allocation-changed'
import { onHandoverChanged } from './on-handover-changed'
import { onHandoverReminderDue } from './on-handover-reminder-due'
import { onPrisonerReceivedOrUpdated, onPrisonerReleased } from './on-prisoner-event'
import { onProbationDetailsChanged } from './on-probation-details-changed'
import { onTierComplete } from './on-tier-complete'
import type { EventDeps, RecordDeps } from './record-support'
import { caseIdsOfEvent, replanParked } from './replan'

export type { EventDeps, RecordDeps } from './record-support'

/** Records an event of one type in the directory (and digests) and returns the emails it calls for. */
type Recorder<T extends HandledDetailType> = (
  deps: RecordDeps,
  event: NotificationEventOf<T>,
) => Promise<PlannedEmail[]>

/** The handler of each event type the service subscribes to (events/subscriptions.ts). */
const RECORDERS: { [T in HandledDetailType]: Recorder<T> } = {
  'offender-management.allocation.changed': onAllocationChanged,
  'offender-management.handover.changed': onHandoverChanged,
  'offender-management.handover.reminder-due': onHandoverReminderDue,
  'offender-management.com.allocation-requested': onComAllocationRequested,
  'community-early-allocation-eligibility.status.changed': onEarlyAllocationChanged,
  'tier.calculation.complete': onTierComplete,
  'person.community.manager.allocated': onComAllocated,
  'probation-case.details.changed': onProbationDetailsChanged,
  'assessment.summary.produced': onAssessmentProduced,
  'prisoner-offender-search.prisoner.received': onPrisonerReceivedOrUpdated,
  'prisoner-offender-search.prisoner.updated': onPrisonerReceivedOrUpdated,
  'prisoner-offender-search.prisoner.released': onPrisonerReleased,
}

function recorderOf<T extends HandledDetailType>(detailType: T): Recorder<T> {
  return RECORDERS[detailType]
}

/** Records the event with its type's handler; returns the emails it calls for. */
export function recordAndPlan(deps: RecordDeps, event: NotificationEvent): Promise<PlannedEmail[]> {
  return recorderOf(event.detailType)(deps, event)
}

export interface HandledOutcome {
  planned: number
  /** Outcome per template (names only: logged). */
  outcomes: { template: string; outcome: DispatchOutcome }[]
}

/**
 * Records the event, sends the emails it calls for, then plans the parked emails of its cases again: the facts it
 * brought may complete them, and an email parked just now sees a fact that landed meanwhile (replan.ts). The
 * outcomes list this event's emails first, then the parked ones that moved on.
 */
export async function handleEvent(
  deps: EventDeps & RecordDeps & DispatchDeps,
  event: NotificationEvent,
): Promise<HandledOutcome> {
  const planned = await recordAndPlan(deps, event)
  const outcomes: HandledOutcome['outcomes'] = []
  for (const email of planned) outcomes.push({ template: email.template, outcome: await dispatch(deps, email) })
  outcomes.push(...(await replanParked(deps, await caseIdsOfEvent(deps, event, planned))))
  return { planned: planned.length, outcomes }
}
