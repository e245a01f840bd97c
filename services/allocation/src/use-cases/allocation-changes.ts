/**
 * Building blocks of every change of POM (pure): the `offender-management.allocation.changed` event, the history
 * entry, and removing roles from a case.
 */
import type { OutgoingEvent } from '@omic/lambda-kit'
import type { AllocationTrigger, CaseRecord, HistoryEntry, PomRef } from '../model'
import type { Actor } from './deps'

export const ALLOCATION_CHANGED = 'offender-management.allocation.changed'

type Staff = { staffId: number; name: string; email: string | null }

/**
 * `offender-management.allocation.changed`: who holds the role now (`null` when it was removed) and who held it
 * before, with names and emails so the notifications service can write to both without calling back.
 */
export function allocationChanged(
  nomsNumber: string,
  now: Staff | null,
  prisonId: string,
  role: 'primary' | 'coworking',
  trigger: AllocationTrigger,
  at: string,
  previous: Staff | null = null,
): OutgoingEvent {
  return {
    eventType: ALLOCATION_CHANGED,
    occurredAt: at,
    identifiers: { noms: nomsNumber },
    description: now === null ? `The ${role} POM was removed` : `A ${role} POM was allocated`,
    additionalInformation: {
      nomsNumber,
      staffCode: now?.staffId ?? null,
      prisonId,
      role,
      eventTrigger: trigger,
      staffName: now?.name || null,
      staffEmail: now?.email ?? null,
      previousStaffCode: previous?.staffId ?? null,
      previousStaffName: previous?.name || null,
      previousStaffEmail: previous?.email ?? null,
    },
  }
}

type HistoryFields = Pick<HistoryEntry, 'id' | 'at' | 'nomsNumber' | 'prisonId' | 'event' | 'trigger' | 'role'> &
  Partial<HistoryEntry>

export function historyEntry(fields: HistoryFields): HistoryEntry {
  return {
    from: null,
    to: null,
    by: null,
    recommendation: null,
    override: null,
    reallocation: null,
    note: null,
    tier: null,
    rosh: null,
    decision: null,
    ...fields,
  }
}

export const pomParty = (pom: Pick<PomRef, 'staffId' | 'name'> | null) =>
  pom ? { id: String(pom.staffId), name: pom.name } : null

export interface Change {
  after: CaseRecord
  history: HistoryEntry[]
  events: OutgoingEvent[]
}

/**
 * Removes POM roles from a case. Removing the primary POM also ends co-working (a co-working POM supports a
 * primary; Manage POM Cases left co-workers on cases with no primary, MO-1899). The removed primary is kept as
 * the previous POM and the case starts waiting again from now.
 */
export function removeRoles(
  record: CaseRecord,
  roles: { primary: boolean; coworking: boolean },
  trigger: AllocationTrigger,
  ctx: { at: string; newId: () => string; by: Actor | null; note?: string | null },
): Change {
  const alloc = record.allocation
  const history: HistoryEntry[] = []
  const events: OutgoingEvent[] = []
  const removePrimary = roles.primary && alloc.primary !== null
  const removeCoworking = (roles.coworking || removePrimary) && alloc.coworking !== null
  const base = { at: ctx.at, nomsNumber: record.nomsNumber, trigger, by: ctx.by, note: ctx.note ?? null }
  if (removeCoworking && alloc.coworking) {
    history.push(
      historyEntry({
        ...base,
        id: ctx.newId(),
        prisonId: alloc.coworking.prisonId,
        event: 'deallocate_secondary_pom',
        role: 'coworking',
        from: pomParty(alloc.coworking),
      }),
    )
    events.push(
      allocationChanged(
        record.nomsNumber,
        null,
        alloc.coworking.prisonId,
        'coworking',
        trigger,
        ctx.at,
        alloc.coworking,
      ),
    )
  }
  if (removePrimary && alloc.primary) {
    history.push(
      historyEntry({
        ...base,
        id: ctx.newId(),
        prisonId: alloc.primary.prisonId,
        event: 'deallocate_primary_pom',
        role: 'primary',
        from: pomParty(alloc.primary),
      }),
    )
    events.push(
      allocationChanged(record.nomsNumber, null, alloc.primary.prisonId, 'primary', trigger, ctx.at, alloc.primary),
    )
  }
  const after: CaseRecord = {
    ...record,
    allocation: {
      primary: removePrimary ? null : alloc.primary,
      coworking: removeCoworking ? null : alloc.coworking,
      lastDeallocatedAt: removePrimary ? ctx.at : alloc.lastDeallocatedAt,
      previousPrimary: removePrimary && alloc.primary ? { ...alloc.primary, until: ctx.at } : alloc.previousPrimary,
    },
  }
  return { after, history, events }
}
