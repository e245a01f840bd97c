/**
 * Keeps the allocation read model from events: where each prisoner is and their sentence (prison), their
 * probation case and COM (probation), their tier (tiering), who is responsible and whether a COM is needed
 * (handover). Each part keeps the time it was true, so an older event never overwrites newer state. A move to
 * another prison, a release, or a legal status outside OMiC deallocates the POMs.
 */
import { allocatedComStaffCode, identifierOf, type UpstreamEventOf } from '@omic/contracts'
import { londonDateOf } from '@omic/domain'
import {
  OptimisticRetryExhaustedError,
  type OutgoingEvent,
  type Parked,
  parkUntilLinked,
  RETRY,
  withOptimisticRetry,
} from '@omic/lambda-kit'
import type { CaseEvent } from '../events/subscriptions'
import {
  type CaseRecord,
  type ComRequest,
  type ComState,
  caseStatus,
  legalStatusOutOfPolicy,
  type ParkedParts,
  type RecordOutcome,
  type TierState,
} from '../model'
import { allocationChanged, type Change, removeRoles } from './allocation-changes'
import { type Decision, writeCase } from './case-writer'
import type { Deps } from './deps'

const NOT_A_PRISON = new Set(['OUT', 'TRN'])

interface Ctx {
  at: string
  now: string
  newId: () => string
}

/** What a parked part's CRN link has to offer: each part with when it was true. */
type ParkedByCrn = { [K in keyof ParkedParts]?: Parked<ParkedParts[K]> }

const newer = (part: { at: string } | null, at: string) => part === null || part.at <= at

/** The latest time any movement or prisoner snapshot was recorded. */
function prisonFactsAt(record: CaseRecord): string | null {
  const times = [record.prisoner?.at, record.prisonAt].filter((t): t is string => typeof t === 'string')
  return times.sort().at(-1) ?? null
}

function toDecision(change: Change, result: RecordOutcome): Decision<RecordOutcome> {
  return { write: true, after: change.after, history: change.history, events: change.events, result }
}

/**
 * A prisoner snapshot or movement: record it; on arrival in another prison deallocate the POMs held elsewhere;
 * when the legal status leaves OMiC policy deallocate them.
 */
function decidePrisoner(
  record: CaseRecord,
  event: Extract<CaseEvent, { detailType: `prisoner-offender-search.${string}` }>,
  ctx: Ctx,
): Decision<RecordOutcome> {
  const at = event.detail.occurredAt
  const lastAt = prisonFactsAt(record)
  if (lastAt !== null && at < lastAt) return { write: false, result: 'stale' }
  const info = event.detail.additionalInformation
  const snapshot = info.snapshot ?? null
  let after: CaseRecord = { ...record, prisonAt: at }
  if (snapshot) after.prisoner = { value: snapshot, at }
  let trigger: 'offender_released' | 'offender_transferred' | null = null

  let prisonId: string | null = snapshot?.prisonId ?? record.prisonId
  if (event.detailType === 'prisoner-offender-search.prisoner.received')
    prisonId = event.detail.additionalInformation.prisonId
  if (event.detailType === 'prisoner-offender-search.prisoner.released') {
    const reason = event.detail.additionalInformation.reason
    if (reason === 'RELEASED') {
      prisonId = 'OUT'
      trigger = 'offender_released'
      if (after.prisoner) after.prisoner = { value: { ...after.prisoner.value, status: 'INACTIVE OUT' }, at }
    } else if (reason === 'TRANSFERRED') {
      // In transit: the arrival at the next prison deallocates (allocation.md §3.4)
      prisonId = 'TRN'
    } else {
      // Temporary absence, court, hospital: still this prison's prisoner
      prisonId = record.prisonId ?? event.detail.additionalInformation.prisonId
      if (after.prisoner) after.prisoner = { value: { ...after.prisoner.value, status: 'ACTIVE OUT' }, at }
    }
  }
  if (prisonId === 'OUT' && trigger === null && record.prisonId !== 'OUT') trigger = 'offender_released'

  if (prisonId !== null && prisonId !== record.prisonId && !NOT_A_PRISON.has(prisonId)) {
    const arrival = snapshot?.prisonArrivalDate ?? londonDateOf(new Date(at))
    after = { ...after, arrivedOn: arrival, prisonHistory: [...record.prisonHistory, prisonId] }
  }
  after = { ...after, prisonId }

  let change: Change | null = null
  const alloc = after.allocation
  const heldAt = alloc.primary?.prisonId ?? alloc.coworking?.prisonId ?? null
  if (heldAt !== null) {
    if (trigger === 'offender_released') {
      change = removeRoles(after, { primary: true, coworking: true }, 'offender_released', {
        ...ctx,
        at: ctx.now,
        by: null,
      })
    } else if (prisonId !== null && !NOT_A_PRISON.has(prisonId) && prisonId !== heldAt) {
      change = removeRoles(after, { primary: true, coworking: true }, 'offender_transferred', {
        ...ctx,
        at: ctx.now,
        by: null,
      })
    } else if (legalStatusOutOfPolicy(after)) {
      change = removeRoles(after, { primary: true, coworking: true }, 'legal_status_changed', {
        ...ctx,
        at: ctx.now,
        by: null,
      })
    }
  }
  const outcome: RecordOutcome =
    snapshot || event.detailType !== 'prisoner-offender-search.prisoner.updated' ? 'recorded' : 'thin'
  return toDecision(change ?? { after, history: [], events: [] }, outcome)
}

/** The COM an nDelius allocation names (`pduCode` from the case's probation record when the event has none). */
function comFromEvent(
  detail: UpstreamEventOf<'person.community.manager.allocated'>,
  staffCode: string,
  fallbackPdu: string | null,
): ComState {
  const s = detail.additionalInformation.snapshot
  return {
    staffCode,
    name: s?.name ?? null,
    email: s?.email ?? null,
    grade: s?.grade ?? null,
    teamCode: s?.teamCode ?? null,
    pduCode: s?.pduCode ?? fallbackPdu,
    source: 'ndelius',
  }
}

/** Orders two requests of the same instant (the one with more known, then the later needed-by date, is kept). */
const requestKey = (r: ComRequest): string =>
  [r.crn !== null, r.pduCode !== null, r.lduCode !== null, r.neededBy, r.crn, r.pduCode, r.lduCode].join('|')

/** Decides what one (non-merge) event does to a case. */
export function decideCaseEvent(record: CaseRecord, event: CaseEvent, ctx: Ctx): Decision<RecordOutcome> {
  const at = event.detail.occurredAt
  const stale: Decision<RecordOutcome> = { write: false, result: 'stale' }
  switch (event.detailType) {
    case 'prisoner-offender-search.prisoner.received':
    case 'prisoner-offender-search.prisoner.updated':
    case 'prisoner-offender-search.prisoner.released':
      return decidePrisoner(record, event, ctx)
    case 'probation-case.details.changed': {
      const crn = identifierOf(event.detail, 'CRN') ?? record.crn
      const snapshot = event.detail.additionalInformation.snapshot
      if (!snapshot)
        return record.crn === crn
          ? { write: false, result: 'thin' }
          : toDecision({ after: { ...record, crn }, history: [], events: [] }, 'thin')
      if (!newer(record.probation, at)) return stale
      return toDecision(
        { after: { ...record, crn, probation: { value: snapshot, at } }, history: [], events: [] },
        'recorded',
      )
    }
    case 'person.community.manager.allocated': {
      const staffCode = allocatedComStaffCode(event.detail)
      if (staffCode === null) return { write: false, result: 'thin' }
      if (!newer(record.com, at)) return stale
      const value = comFromEvent(event.detail, staffCode, record.probation?.value.pduCode ?? null)
      const crn = identifierOf(event.detail, 'CRN') ?? record.crn
      // a COM withdraws the request, whichever came first (the handover service asks only while there is none)
      return toDecision(
        { after: { ...record, crn, com: { value, at }, comRequest: null }, history: [], events: [] },
        'recorded',
      )
    }
    case 'tier.calculation.complete': {
      const info = event.detail.additionalInformation
      const key = info.version === 2 ? 'tierV2' : 'tierV3'
      if (!newer(record[key], at)) return stale
      const value = tierOf(info)
      return toDecision(
        { after: { ...record, crn: record.crn ?? info.crn, [key]: { value, at } }, history: [], events: [] },
        'recorded',
      )
    }
    case 'offender-management.handover.changed': {
      if (!newer(record.handover, at)) return stale
      const { responsibility, handoverStartDate, handoverDate, reason } = event.detail.additionalInformation
      const value = { responsibility, handoverStartDate, handoverDate, reason }
      return toDecision({ after: { ...record, handover: { value, at } }, history: [], events: [] }, 'recorded')
    }
    case 'offender-management.com.allocation-requested': {
      // a case with a COM needs none: a request sent before the handover service knew of the COM is void
      if (record.com !== null) return { write: false, result: 'ignored' }
      if (!newer(record.comRequest, at)) return stale
      const { crn, pduCode, lduCode, neededBy } = event.detail.additionalInformation
      const value = { crn, pduCode, lduCode, neededBy }
      // the same request again (a duplicate delivery): nothing to write; two different ones of the same instant: the
      // same one wins in either order
      if (record.comRequest?.at === at && !(requestKey(value) > requestKey(record.comRequest.value))) return stale
      return toDecision(
        {
          after: { ...record, crn: record.crn ?? crn, comRequest: { value, at } },
          history: [],
          events: [],
        },
        'recorded',
      )
    }
    case 'prison-offender-events.prisoner.merged':
      return { write: false, result: 'ignored' }
  }
}

/** The NOMS number an event names: its NOMS identifier (for a probation case, else its snapshot's). */
function nomsNamed(event: CaseEvent): string | undefined {
  const noms = identifierOf(event.detail, 'NOMS')
  if (event.detailType === 'probation-case.details.changed')
    return noms ?? event.detail.additionalInformation.snapshot?.nomsNumber ?? undefined
  return noms
}

/** A tier as the case keeps it. */
function tierOf(info: {
  tier: string
  calculationId: string
  version: 2 | 3
  provisional?: boolean | undefined
}): TierState {
  return {
    tier: info.tier,
    calculationId: info.calculationId,
    ...(info.version === 3 && info.provisional !== undefined ? { provisional: info.provisional } : {}),
  }
}

/**
 * The NOMS number linked to an event's CRN. Tiers and nDelius COM allocations identified by a CRN not yet linked
 * to a prisoner are parked by CRN until it is (lambda-kit `parkUntilLinked`: it parks, then reads the link again,
 * and the linking event links, then reads what is parked, so whichever runs second sees the other's write).
 */
async function nomsLinkedTo(deps: Deps, event: CaseEvent, crn: string): Promise<string | undefined> {
  const at = event.detail.occurredAt
  let linked: { nomsNumber: string } | 'parked'
  if (event.detailType === 'tier.calculation.complete') {
    const info = event.detail.additionalInformation
    const part = info.version === 2 ? 'tierV2' : 'tierV3'
    linked = await parkUntilLinked(deps.crnLinks, crn, part, { at, value: tierOf(info) })
  } else if (event.detailType === 'person.community.manager.allocated') {
    const staffCode = allocatedComStaffCode(event.detail)
    if (staffCode === null) return undefined
    linked = await parkUntilLinked(deps.crnLinks, crn, 'com', {
      at,
      value: comFromEvent(event.detail, staffCode, null),
    })
  } else return (await deps.crnLinks.get(crn)).nomsNumber ?? undefined
  return linked === 'parked' ? undefined : linked.nomsNumber
}

export async function recordCaseEvent(deps: Deps, event: CaseEvent): Promise<RecordOutcome> {
  if (event.detailType === 'prison-offender-events.prisoner.merged') return mergePrisoners(deps, event.detail)
  const ctx: Ctx = {
    at: event.detail.occurredAt,
    now: deps.clock.now().toISOString(),
    newId: () => deps.ids.next(),
  }
  const crn = identifierOf(event.detail, 'CRN')
  const noms = nomsNamed(event) ?? (crn ? await nomsLinkedTo(deps, event, crn) : undefined)
  if (!noms) return 'unlinked'
  // What was parked before the CRN was linked is applied with the first event that finds it linked
  const parked: ParkedByCrn = crn ? (await deps.crnLinks.link(crn, noms)).parked : {}
  return writeCase(deps, noms, current => {
    const decision = decideCaseEvent(current, event, ctx)
    const after = applyParked(decision.write ? decision.after : current, parked)
    if (after === null) return decision
    return decision.write ? { ...decision, after } : { write: true, after, result: decision.result }
  })
}

/** The case with every parked part that is newer than what it holds; null when none is. */
export function applyParked(record: CaseRecord, parked: ParkedByCrn): CaseRecord | null {
  let after = record
  let applied = false
  for (const key of ['tierV2', 'tierV3'] as const) {
    const p = parked[key]
    if (p && newer(after[key], p.at) && after[key]?.at !== p.at) {
      after = { ...after, [key]: { value: p.value, at: p.at } }
      applied = true
    }
  }
  const com = parked.com
  if (com && newer(after.com, com.at) && after.com?.at !== com.at) {
    const value = { ...com.value, pduCode: com.value.pduCode ?? after.probation?.value.pduCode ?? null }
    after = { ...after, com: { value, at: com.at }, comRequest: null }
    applied = true
  }
  return applied ? after : null
}

/**
 * A prisoner merge: every part of the removed NOMS number moves onto the kept one unless the kept one has a newer
 * part; the allocation moves when the kept number has none; history moves too. Nothing is lost.
 */
async function mergePrisoners(
  deps: Deps,
  detail: UpstreamEventOf<'prison-offender-events.prisoner.merged'>,
): Promise<RecordOutcome> {
  const { nomsNumber: kept, removedNomsNumber: removed } = detail.additionalInformation
  const now = deps.clock.now().toISOString()
  const attempts = 8
  const merge = async (): Promise<RecordOutcome | typeof RETRY> => {
    const old = await deps.store.getCase(removed)
    await deps.store.moveHistory(removed, kept)
    if (!old) return 'recorded'
    await writeCase(deps, kept, current => {
      const merged: CaseRecord = {
        ...current,
        crn: current.crn ?? old.crn,
        prisonHistory: current.prisonHistory.length > 0 ? current.prisonHistory : old.prisonHistory,
        mergedFrom: [...new Set([...current.mergedFrom, removed, ...old.mergedFrom])],
      }
      for (const key of ['prisoner', 'probation', 'tierV2', 'tierV3', 'handover', 'com', 'comRequest'] as const) {
        const o = old[key]
        const k = current[key]
        if (o !== null && (k === null || o.at > k.at)) (merged as Record<string, unknown>)[key] = o
      }
      // the kept case needs no COM once either had one
      if (merged.com !== null) merged.comRequest = null
      if (
        current.prisoner === null ||
        (old.prisonAt !== null && (current.prisonAt === null || old.prisonAt > current.prisonAt))
      ) {
        merged.prisonId = old.prisonId
        merged.prisonAt = old.prisonAt
        merged.arrivedOn = old.arrivedOn
      }
      const events: OutgoingEvent[] = []
      if (current.allocation.primary === null && old.allocation.primary !== null) {
        merged.allocation = old.allocation
        events.push(
          allocationChanged(
            kept,
            old.allocation.primary,
            old.allocation.primary.prisonId,
            'primary',
            'offender_merged',
            now,
            null,
            null,
          ),
        )
        if (old.allocation.coworking) {
          events.push(
            allocationChanged(
              kept,
              old.allocation.coworking,
              old.allocation.coworking.prisonId,
              'coworking',
              'offender_merged',
              now,
              null,
              null,
            ),
          )
        }
      }
      return { write: true, after: merged, events, result: true }
    })
    // the removed case changed since it was read (an event for the old number): merge again from what is there now
    if (!(await deps.store.removeMergedCase(old, caseStatus(old, deps.clock.today(), deps.rules)))) return RETRY
    if (old.crn) await deps.crnLinks.link(old.crn, kept)
    return 'recorded'
  }
  try {
    return await withOptimisticRetry(merge, { what: 'merged case', attempts })
  } catch (error) {
    // as before: the kept case has everything; the removed one stays until an event for it merges it again
    if (!(error instanceof OptimisticRetryExhaustedError)) throw error
    deps.log.warn('the merged case kept changing; it was not removed', { attempts })
    return 'recorded'
  }
}
