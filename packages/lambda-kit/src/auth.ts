import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda'
import { z } from 'zod'
import { forbidden, unauthorized } from './errors'

/** Staff roles carried in the JWT `roles` claim. */
export const ROLES = {
  spo: 'SPO',
  pom: 'POM',
  com: 'COM',
  admin: 'ADMIN',
  /** The HMPPS subject access request service (ROLE_SAR_DATA_ACCESS in the anchor): SAR routes only. */
  sar: 'SAR',
} as const
export type Role = (typeof ROLES)[keyof typeof ROLES]
const ALL_ROLES = new Set<string>(Object.values(ROLES))

/** Who is calling: from the claims API Gateway's JWT authorizer verified. */
export interface Principal {
  subject: string
  staffId: string | undefined
  /** OIDC `name` and `email` claims, when the identity provider sends them (who acted, for emails). */
  name: string | undefined
  email: string | undefined
  roles: readonly Role[]
  /** Prison codes (NOMIS) the caller may see; `*` means every prison (admins). */
  prisons: readonly string[]
  /** Probation delivery units the caller may see. */
  pdus: readonly string[]
}

/**
 * API Gateway HTTP APIs pass JWT claims as strings; list claims arrive as `"[A B]"`. Accept that, a JSON array,
 * a space- or comma-separated string, or a real array (the local runtime passes claims as issued).
 */
export function claimList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value !== 'string' || value.trim() === '') return []
  const s = value.trim()
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(s)
      if (Array.isArray(parsed)) return parsed.map(String)
    } catch {
      // API Gateway's own "[A B]" rendering is not JSON
    }
    return s
      .slice(1, -1)
      .split(/[\s,]+/)
      .filter(Boolean)
  }
  return s.split(/[\s,]+/).filter(Boolean)
}

export function principalOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal {
  const claims = event.requestContext?.authorizer?.jwt?.claims
  if (!claims || typeof claims.sub !== 'string') throw unauthorized()
  return {
    subject: claims.sub,
    staffId: typeof claims.staff_id === 'string' ? claims.staff_id : undefined,
    name: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : undefined,
    email: typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim() : undefined,
    roles: claimList(claims.roles).filter((r): r is Role => ALL_ROLES.has(r)),
    prisons: claimList(claims.prisons),
    pdus: claimList(claims.pdus),
  }
}

/** Who acted, as published events name them (`changedBy`, `overriddenBy`). */
export interface ActingStaff {
  staffId: string | null
  name: string | null
  email: string | null
}

/**
 * The caller as an event names them: each claim trimmed, null when absent or blank; an email claim that is not a
 * valid address is null, so publishing never fails on a token's contents.
 */
export function actingStaffOf(caller: {
  staffId?: string | undefined
  name?: string | undefined
  email?: string | undefined
}): ActingStaff {
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null)
  const email = text(caller.email)
  return {
    staffId: text(caller.staffId),
    name: text(caller.name),
    email: email !== null && z.email().safeParse(email).success ? email : null,
  }
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.roles.includes(ROLES.admin) || roles.some(r => principal.roles.includes(r))
}

export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!hasRole(principal, ...roles)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`)
}

export function canSeePrison(principal: Principal, prisonId: string): boolean {
  return principal.prisons.includes('*') || principal.prisons.includes(prisonId)
}

export function requirePrison(principal: Principal, prisonId: string): void {
  if (!canSeePrison(principal, prisonId)) throw forbidden(`No access to prison ${prisonId}`)
}
