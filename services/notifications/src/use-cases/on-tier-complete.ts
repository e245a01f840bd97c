/** tier.calculation.complete → the tier part of the case. */
import type { NotificationEventOf } from '../events/subscriptions'
import type { TierPart } from '../model/directory'
import type { PlannedEmail } from '../model/planned-email'
import { nomsForCrn } from './case-facts'
import { applyOrPark, type RecordDeps } from './record-support'

/** A tier calculated: applied to the case, or parked under the CRN until linked. */
export async function onTierComplete(
  deps: RecordDeps,
  event: NotificationEventOf<'tier.calculation.complete'>,
): Promise<PlannedEmail[]> {
  const at = event.detail.occurredAt
  const info = event.detail.additionalInformation
  const noms = await nomsForCrn(deps.crnLinks, info.crn)
  // the inputs it lacked are kept with it: a COM-allocated email waits a bounded time for a tier without them
  const tier: TierPart = {
    tier: String(info.tier),
    ...(info.missingInputs === undefined ? {} : { missingInputs: [...info.missingInputs] }),
  }
  await applyOrPark(deps, info.crn, noms, at, { part: 'tier', value: tier })
  return []
}
