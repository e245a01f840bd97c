import { allocatedComStaffCode, identifierOf } from '@omic/contracts'
import { type CrnLink, parkUntilLinked } from '@omic/lambda-kit'
import type { CaseEvent } from '../events/subscriptions'
import {
  type ApplyOutcome,
  applyCom,
  applyCustody,
  applyParoleReview,
  applyPom,
  applyPrisoner,
  applyProbation,
  mergeRecords,
} from '../model/apply-event'
import type { ParkedParts } from '../model/parked'
import type { CaseRecord } from '../model/records'
import { type HandoverDeps, updateCase } from './update-case'

export type RecordOutcome = 'recalculated' | 'unchanged' | 'parked' | 'unlinked' | 'merged' | 'ignored'

/** The outcome of applying several facts: changed when any of them applied. */
function combine(...outcomes: ApplyOutcome[]): 'changed' | 'skip' {
  return outcomes.includes('applied') ? 'changed' : 'skip'
}

/**
 * Keeps the handover read model from upstream events and recalculates whenever a fact changed: prison (sentence,
 * location, release, merge), probation (LDU, MAPPA, enhanced resourcing, England/Wales, COM), parole reviews and
 * the primary POM (from the allocation service). The event's `id` (EventBridge's, the same on every retry of a
 * delivery) holds the outbox events its handling saves (see updateCase).
 */
export async function recordCaseEvent(deps: HandoverDeps, event: CaseEvent): Promise<RecordOutcome> {
  const at = event.detail.occurredAt
  const trigger = event.detailType
  const run = async (nomsNumber: string, mutate: (r: CaseRecord) => 'changed' | 'skip', createIfMissing = true) => {
    const result = await updateCase(deps, {
      nomsNumber,
      mutate,
      source: 'calculation',
      trigger,
      createIfMissing,
      holder: event.id,
    })
    return result.outcome ? 'recalculated' : 'unchanged'
  }

  switch (event.detailType) {
    case 'prisoner-offender-search.prisoner.received': {
      const info = event.detail.additionalInformation
      return run(identifierOf(event.detail, 'NOMS') ?? '', r =>
        combine(applyPrisoner(r, info.snapshot, at), applyCustody(r, 'in_custody', info.prisonId, null, at)),
      )
    }
    case 'prisoner-offender-search.prisoner.updated': {
      const snapshot = event.detail.additionalInformation.snapshot
      return run(identifierOf(event.detail, 'NOMS') ?? '', r => {
        if (!snapshot) return 'skip'
        const released = snapshot.status === 'INACTIVE OUT'
        return combine(
          applyPrisoner(r, snapshot, at),
          applyCustody(
            r,
            released ? 'released' : 'in_custody',
            released ? null : snapshot.prisonId,
            'INACTIVE OUT',
            at,
          ),
        )
      })
    }
    case 'prisoner-offender-search.prisoner.released': {
      const info = event.detail.additionalInformation
      return run(identifierOf(event.detail, 'NOMS') ?? '', r =>
        combine(
          info.reason === 'RELEASED' ? applyCustody(r, 'released', info.prisonId, info.reason, at) : 'ignored',
          // after a release the snapshot says OUT; keep the prison the prisoner left for scoping and history
          applyPrisoner(
            r,
            info.snapshot && info.reason === 'RELEASED' ? { ...info.snapshot, prisonId: info.prisonId } : info.snapshot,
            at,
          ),
        ),
      )
    }
    case 'prison-offender-events.prisoner.merged': {
      const { nomsNumber: kept, removedNomsNumber: removed } = event.detail.additionalInformation
      return mergeCases(deps, kept, removed, trigger, event.id)
    }
    case 'probation-case.details.changed': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const snapshot = event.detail.additionalInformation.snapshot
      let noms = identifierOf(event.detail, 'NOMS') ?? snapshot?.nomsNumber ?? null
      if (!noms) {
        if (!snapshot) {
          noms = (await deps.crnLinks.get(crn)).nomsNumber
          if (!noms) return 'unlinked'
        } else {
          const linked = await parkUntilLinked(deps.crnLinks, crn, 'probation', { at, value: snapshot })
          if (linked === 'parked') return 'parked'
          noms = linked.nomsNumber
        }
      }
      const { parked } = await deps.crnLinks.link(crn, noms)
      const outcome = await run(noms, r => {
        const linked = r.crn !== crn
        r.crn = crn
        return combine(
          linked ? 'applied' : 'ignored',
          ...applyParked(r, parked),
          snapshot ? applyProbation(r, snapshot, at) : 'thin',
        )
      })
      if (parked.probation || parked.com) {
        await deps.crnLinks.clear(crn, {
          ...(parked.probation ? { probation: parked.probation.at } : {}),
          ...(parked.com ? { com: parked.com.at } : {}),
        })
      }
      return outcome
    }
    case 'person.community.manager.allocated': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const info = event.detail.additionalInformation
      const staffCode = allocatedComStaffCode(event.detail)
      // hmpps-workload's thin event names no one: nothing to apply until it is enriched
      if (staffCode === null) return 'ignored'
      const com = info.snapshot ?? { staffCode }
      let noms = identifierOf(event.detail, 'NOMS')
      if (!noms) {
        // linked just after it was parked, it is applied now and stays parked until the next link (applied again
        // then, as stale: the COM of a newer event is kept)
        const linked = await parkUntilLinked(deps.crnLinks, crn, 'com', {
          at,
          value: { name: null, email: null, ...com },
        })
        if (linked === 'parked') return 'parked'
        noms = linked.nomsNumber
      }
      return run(noms, r => {
        r.crn ??= crn
        return combine(applyCom(r, com, at))
      })
    }
    case 'parole.review.updated': {
      const snapshot = event.detail.additionalInformation.snapshot
      return run(identifierOf(event.detail, 'NOMS') ?? '', r => combine(applyParoleReview(r, snapshot, at)))
    }
    case 'offender-management.allocation.changed': {
      const info = event.detail.additionalInformation
      if (info.role !== 'primary') return 'ignored'
      return run(info.nomsNumber, r => combine(applyPom(r, info, at)))
    }
  }
}

/** The parts parked under the CRN until it was linked (lambda-kit's CRN links parse each with its schema). */
function applyParked(record: CaseRecord, parked: CrnLink<ParkedParts>['parked']): ApplyOutcome[] {
  const out: ApplyOutcome[] = []
  if (parked.probation) out.push(applyProbation(record, parked.probation.value, parked.probation.at))
  if (parked.com) out.push(applyCom(record, parked.com.value, parked.com.at))
  return out
}

/** Merges move every record of the removed NOMS number onto the kept one (events.md §3); nothing is lost. */
async function mergeCases(
  deps: HandoverDeps,
  kept: string,
  removed: string,
  trigger: string,
  holder: string | undefined,
): Promise<RecordOutcome> {
  const old = await deps.store.load(removed)
  if (!old) return 'ignored'
  // the removed record's outbox moves with it: published now when abandoned, otherwise carried along (its writer
  // can no longer clear it on the removed record, so it goes out again after the lease: at least once, never lost)
  await updateCase(deps, {
    nomsNumber: kept,
    createIfMissing: true,
    source: 'calculation',
    trigger,
    holder,
    adopt: old.pendingEvents,
    mutate: r => {
      Object.assign(r, mergeRecords(r, old))
      return 'changed'
    },
  })
  await deps.store.absorb(old, kept)
  if (old.crn) await deps.crnLinks.link(old.crn, kept)
  return 'merged'
}
