/** Who may see or change a case: prison scoping (prisons claim), PDU scoping for COMs, the allocated POM. */
import type { CaseRecord } from './records'

/** The caller, as the HTTP edge verified it (structurally the lambda-kit Principal). */
export interface Actor {
  subject: string
  staffId: string | undefined
  /** OIDC `name` and `email` claims, when the identity provider sends them. */
  name?: string | undefined
  email?: string | undefined
  roles: readonly string[]
  prisons: readonly string[]
  pdus: readonly string[]
}

export const isAdmin = (actor: Actor): boolean => actor.roles.includes('ADMIN')

/** The prison a case belongs to: the current one, or the one a released prisoner left. */
export function scopePrisonId(record: CaseRecord): string | null {
  if (record.custody?.status === 'released') return record.custody.prisonId
  return record.prisoner?.snapshot.prisonId ?? record.custody?.prisonId ?? null
}

export function canSeePrison(actor: Actor, prisonId: string | null): boolean {
  return prisonId !== null && (actor.prisons.includes('*') || actor.prisons.includes(prisonId))
}

/** Admins; prison staff of the case's prison; a COM whose PDUs include the case's PDU. */
export function canSeeCase(actor: Actor, record: CaseRecord): boolean {
  if (isAdmin(actor) || canSeePrison(actor, scopePrisonId(record))) return true
  const pdu = record.probation?.snapshot.pduCode ?? null
  return actor.roles.includes('COM') && pdu !== null && (actor.pdus.includes('*') || actor.pdus.includes(pdu))
}

/** The primary POM the allocation service last allocated to the case. */
export function isAllocatedPom(actor: Actor, record: CaseRecord): boolean {
  const staffCode = record.pom?.staffCode
  return (
    actor.roles.includes('POM') &&
    actor.staffId !== undefined &&
    staffCode !== undefined &&
    staffCode !== null &&
    String(staffCode) === actor.staffId
  )
}
