import type { PublishedEventOf, UpstreamEventOf } from '@omic/contracts'
import { identifierOf } from '@omic/contracts'
import { CASE_PARTS, type CaseRecord, type CaseRepository } from '../adapters/case-repository'

export type CaseEvent =
  | {
      detailType: 'prisoner-offender-search.prisoner.received'
      detail: UpstreamEventOf<'prisoner-offender-search.prisoner.received'>
    }
  | {
      detailType: 'prisoner-offender-search.prisoner.updated'
      detail: UpstreamEventOf<'prisoner-offender-search.prisoner.updated'>
    }
  | {
      detailType: 'prisoner-offender-search.prisoner.released'
      detail: UpstreamEventOf<'prisoner-offender-search.prisoner.released'>
    }
  | {
      detailType: 'prison-offender-events.prisoner.merged'
      detail: UpstreamEventOf<'prison-offender-events.prisoner.merged'>
    }
  | { detailType: 'probation-case.details.changed'; detail: UpstreamEventOf<'probation-case.details.changed'> }
  | { detailType: 'person.community.manager.allocated'; detail: UpstreamEventOf<'person.community.manager.allocated'> }
  | { detailType: 'tier.calculation.complete'; detail: PublishedEventOf<'tier.calculation.complete'> }
  | {
      detailType: 'offender-management.handover.changed'
      detail: PublishedEventOf<'offender-management.handover.changed'>
    }

export type RecordOutcome = 'recorded' | 'stale' | 'thin' | 'unlinked'

/**
 * Keeps the allocation service's view of each prisoner: where they are and their sentence (prison events),
 * their probation case and COM (probation events), their tier and who is responsible (our own services' events).
 */
export async function recordCaseEvent(repo: CaseRepository, event: CaseEvent): Promise<RecordOutcome> {
  const at = event.detail.occurredAt
  switch (event.detailType) {
    case 'prisoner-offender-search.prisoner.received':
    case 'prisoner-offender-search.prisoner.updated': {
      const snapshot = event.detail.additionalInformation.snapshot
      if (!snapshot) return 'thin'
      const sortName = `${snapshot.lastName.toUpperCase()} ${snapshot.firstName.toUpperCase()}#${snapshot.nomsNumber}`
      const ok = await repo.putPart(snapshot.nomsNumber, 'prisoner', at, snapshot, {
        prisonId: snapshot.prisonId,
        gsi1pk: `PRISON#${snapshot.prisonId}`,
        gsi1sk: sortName,
      })
      return ok ? 'recorded' : 'stale'
    }
    case 'prisoner-offender-search.prisoner.released': {
      const noms = identifierOf(event.detail, 'NOMS') ?? ''
      const info = event.detail.additionalInformation
      const existing = await repo.get(noms)
      const ok = await repo.putPart(
        noms,
        'prisoner',
        at,
        {
          ...(info.snapshot ?? existing?.prisoner ?? {}),
          status: 'INACTIVE OUT',
          releasedFrom: info.prisonId,
          releaseReason: info.reason,
        },
        { prisonId: 'OUT', gsi1pk: 'PRISON#OUT', gsi1sk: noms },
      )
      return ok ? 'recorded' : 'stale'
    }
    case 'prison-offender-events.prisoner.merged': {
      const { nomsNumber: kept, removedNomsNumber: removed } = event.detail.additionalInformation
      const old = await repo.get(removed)
      if (!old) return 'recorded'
      const current = await repo.get(kept)
      // Every part moves onto the kept number unless the kept record already has a newer one: nothing is lost
      const merged: CaseRecord = { ...old, ...current, nomsNumber: kept, mergedFrom: removed }
      for (const part of CASE_PARTS) {
        const oldAt = old[`${part}At`] as string | undefined
        const keptAt = current?.[`${part}At`] as string | undefined
        if (oldAt && (!keptAt || oldAt > keptAt)) {
          merged[part] = old[part]
          merged[`${part}At`] = oldAt
        }
      }
      await repo.replace(merged)
      await repo.delete(removed)
      if (typeof merged.crn === 'string') await repo.linkCrn(merged.crn, kept)
      return 'recorded'
    }
    case 'probation-case.details.changed': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const noms = identifierOf(event.detail, 'NOMS') ?? (await repo.nomsForCrn(crn))
      const snapshot = event.detail.additionalInformation.snapshot
      if (!noms) return 'unlinked'
      await repo.linkCrn(crn, noms)
      if (!snapshot) return 'thin'
      const ok = await repo.putPart(noms, 'probation', at, snapshot, { crn })
      const parked = await repo.parkedTier(crn)
      if (parked) await repo.putPart(noms, 'tier', parked.at, parked.tier)
      return ok ? 'recorded' : 'stale'
    }
    case 'person.community.manager.allocated': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const noms = identifierOf(event.detail, 'NOMS') ?? (await repo.nomsForCrn(crn))
      if (!noms) return 'unlinked'
      const info = event.detail.additionalInformation
      const ok = await repo.putPart(noms, 'com', at, info.snapshot ?? { staffCode: info.staffCode })
      return ok ? 'recorded' : 'stale'
    }
    case 'tier.calculation.complete': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const noms = await repo.nomsForCrn(crn)
      const tier = event.detail.additionalInformation as unknown as Record<string, unknown>
      if (!noms) {
        await repo.parkTier(crn, at, tier)
        return 'unlinked'
      }
      return (await repo.putPart(noms, 'tier', at, tier)) ? 'recorded' : 'stale'
    }
    case 'offender-management.handover.changed': {
      const info = event.detail.additionalInformation
      const ok = await repo.putPart(info.nomsNumber, 'handover', at, info as unknown as Record<string, unknown>)
      return ok ? 'recorded' : 'stale'
    }
  }
}
