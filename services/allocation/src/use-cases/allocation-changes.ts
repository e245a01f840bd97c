/**
 * Building blocks of every change of POM (pure): the `offender-management.allocation.changed` event, the history
 * entry, and removing roles from a case.
 */
import type { OutgoingEvent } from '@omic/lambda-kit'
import type { AllocationTrigger, CaseRecord, HistoryEntry, PomRef } from '../model'
import type { Actor } from './deps'

export const ALLOCATION_CHANGED = 'offender-management.allocation.changed'

type Staff = { staffId: number; name: string; email: string | null }

/** `changedBy` on `allocation.changed`: the acting staff member's id, name and email; null for the system. */
export type ChangedBy = { staffId: string | null; name: string | null; email: string | null }

export function changedByOf(by: Actor | null): ChangedBy | null {
  return by ? { staffId: by.staffId, name: by.name, email: by.email } : null
}

/** The SPO's note as `allocation.changed` carries it: trimmed, and null when there is none or it is blank. */
export function eventNote(note: string | null | undefined): string | null {
  const trimmed = note?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

/**
 * `offender-management.allocation.changed`: who holds the role now (`null` when it was removed) and who held it
 * before, with names and emails so the notifications service can write to both without calling back, who
 * caused the change (`changedBy`, null when the system did: release, transfer, legal status, merge) and the SPO's
 * note for the POM(s) (`note`: allocate, reallocate, co-working and bulk reallocation; null otherwise).
 */
export function allocationChanged(
  nomsNumber: string,
  now: Staff | null,
  prisonId: string,
  role: 'primary' | 'coworking',
  trigger: AllocationTrigger,
  at: string,
  previous: Staff | null,
  by: Actor | null,
  note: string | null = null,
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
      changedBy: changedByOf(by),
      note: eventNote(note),
    },
  }
}

type HistoryFields = Pick<HistoryEntry, 'id' | 'at' | 'nomsNumber' | 'prisonId' | 'event' | 'trigger' | 'role'> &
  Partial<HistoryEntry>

type HistoryInput = Omit<HistoryFields, 'by'> & { by?: Actor | HistoryEntry['by'] }

/** A history entry; the actor is kept as subject and staff id only (their name and email are not stored). */
export function historyEntry(fields: HistoryInput): HistoryEntry {
  const { by, ...rest } = fields
  return {
    from: null,
    to: null,
    recommendation: null,
    override: null,
    reallocation: null,
    note: null,
    tier: null,
    rosh: null,
    decision: null,
    ...rest,
    by: by ? { subject: by.subject, staffId: by.staffId } : null,
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
        ctx.by,
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
      allocationChanged(
        record.nomsNumber,
        null,
        alloc.primary.prisonId,
        'primary',
        trigger,
        ctx.at,
        alloc.primary,
        ctx.by,
      ),
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
