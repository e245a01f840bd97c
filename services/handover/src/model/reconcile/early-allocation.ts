/**
 * Early allocation eligibility flips (incl. licence expiry and a new sentence: quirk j.13, j.24), and a new
 * in-window referral (automatic, or discretionary awaiting the community's decision: email #15).
 */
import { currentSentenceAssessments, type TraceStep } from '@omic/domain'
import { type EligibilityBasis, earlyAllocationEligibilityChanged } from '../events'
import type { Calculation, CaseRecord, DomainEvent, EarlyAllocationRecord } from '../records'
import type { ReconcileContext } from './context'

/** Writes that save an assessment: a new in-window referral is published even when the status does not flip. */
export const ASSESSMENT_TRIGGERS: ReadonlySet<string> = new Set([
  'early-allocation.assessed',
  'early-allocation.reassessed',
])

/** The latest assessment of the current sentence (the one that decides early allocation, handover.md §e.3). */
export function latestAssessment(record: CaseRecord): EarlyAllocationRecord | null {
  const ssd = record.prisoner?.snapshot.sentenceStartDate
  if (!ssd) return null
  return currentSentenceAssessments(record.earlyAllocations, ssd).at(-1) ?? null
}

/** An in-window automatic or discretionary referral still without a community decision: `<id>:<outcome>`. */
function referralKey(latest: EarlyAllocationRecord | null): string | null {
  if (!latest?.createdWithinReferralWindow || latest.communityDecision !== null) return null
  return latest.outcome === 'eligible' || latest.outcome === 'discretionary' ? `${latest.id}:${latest.outcome}` : null
}

/**
 * What an eligibility event says about the assessment behind it:
 * - eligible now: the active assessment, `eligible` (automatic) or `discretionary` (accepted by the community);
 * - not eligible, the latest is an in-window discretionary referral awaiting the community: `discretionary`
 *   (the LDU must decide, email #15) — eligibility stays false until the community accepts (handover.md §e.3);
 * - not eligible, the latest assessment is ineligible: `ineligible`;
 * - otherwise (no assessment, made outside the window, declined by the community, licence expired): null.
 */
export function eligibilityBasis(active: boolean, latest: EarlyAllocationRecord | null): EligibilityBasis {
  if (latest === null) return { assessmentId: null, assessmentOutcome: null }
  if (active) return { assessmentId: latest.id, assessmentOutcome: latest.outcome }
  const awaitingCommunity =
    latest.outcome === 'discretionary' && latest.createdWithinReferralWindow && latest.communityDecision === null
  if (awaitingCommunity) return { assessmentId: latest.id, assessmentOutcome: 'discretionary' }
  return { assessmentId: latest.id, assessmentOutcome: latest.outcome === 'ineligible' ? 'ineligible' : null }
}

/** The eligibility event when eligibility flipped or a new in-window referral was saved; the record keeps both. */
export function earlyAllocationEvents(
  record: CaseRecord,
  calc: Calculation,
  ctx: ReconcileContext,
  happened: TraceStep[],
): DomainEvent[] {
  const events: DomainEvent[] = []
  const latest = latestAssessment(record)
  const basis = eligibilityBasis(calc.earlyAllocationActive, latest)
  const referral = referralKey(latest)
  const flipped = calc.earlyAllocationActive !== record.earlyAllocationEligible
  const newReferral =
    referral !== null &&
    referral !== record.earlyAllocationReferral &&
    ASSESSMENT_TRIGGERS.has(ctx.trigger) &&
    (calc.earlyAllocationActive ? basis.assessmentOutcome === 'eligible' : basis.assessmentOutcome === 'discretionary')
  if (flipped || newReferral) {
    events.push(earlyAllocationEligibilityChanged(record, calc.earlyAllocationActive, ctx.now, basis))
    happened.push({
      rule: 'handover.service.earlyAllocationEvent',
      explanation: flipped
        ? `early allocation eligibility is now ${calc.earlyAllocationActive} (assessment ${basis.assessmentId ?? 'none'}, ${basis.assessmentOutcome ?? 'no active outcome'})`
        : `new ${basis.assessmentOutcome} early allocation referral inside the window (assessment ${basis.assessmentId ?? 'none'}): published for the LDU`,
    })
  }
  if (flipped) {
    record.earlyAllocationEligible = calc.earlyAllocationActive
    record.earlyAllocationStatusAt = ctx.now
  }
  if (referral !== null) record.earlyAllocationReferral = referral
  return events
}
