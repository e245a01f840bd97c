/** Shared pieces of the allocation API routes: who is acting, scopes, path schemas and outcome mapping. */
import { nomsNumberSchema, prisonIdSchema } from '@omic/contracts'
import {
  actingStaffOf,
  badRequest,
  forbidden,
  type HttpEvent,
  json,
  notFound,
  type Principal,
  type Reply,
} from '@omic/lambda-kit'
import { z } from 'zod'
import type { AllocationOutcome } from '../model'
import type { Actor } from '../use-cases/deps'

export const staffIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a NOMIS staff id (a positive whole number)')
  .transform(Number)
export const staffCodeSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an upper-case nDelius staff code')
export const pduCodeSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an upper-case nDelius PDU code')

export const nomsPath = z.object({ nomsNumber: nomsNumberSchema })
export const prisonPath = z.object({ prisonId: prisonIdSchema })
export const pomPath = z.object({ prisonId: prisonIdSchema, staffId: staffIdSchema })
export const pduPath = z.object({ pduCode: pduCodeSchema })

/** The caller as an actor, named as events name them. */
export function actorOf(principal: Principal): Actor {
  return { subject: principal.subject, ...actingStaffOf(principal) }
}

export function canSeePdu(principal: Principal, pduCode: string): boolean {
  return principal.pdus.includes('*') || principal.pdus.includes(pduCode)
}

export function requirePdu(principal: Principal, pduCode: string): void {
  if (!canSeePdu(principal, pduCode)) throw forbidden(`No access to PDU ${pduCode}`)
}

/** Maps an allocation outcome to the HTTP answer: 201/200, 400, 403, 404 or 409 with the current allocation. */
export function allocationReply(outcome: AllocationOutcome): Reply {
  if (outcome.ok) return json(outcome.allocation, outcome.created ? 201 : 200)
  switch (outcome.kind) {
    case 'not_found':
      throw notFound('No case for that NOMS number')
    case 'forbidden':
      throw forbidden(`No access to prison ${outcome.prisonId ?? ''}`.trim())
    case 'invalid':
      throw badRequest(outcome.errors)
    case 'conflict':
      return json({ status: 409, message: outcome.message, currentAllocation: outcome.current }, 409)
  }
}

/** The raw request body as text (API Gateway may base64-encode it). */
export function rawBody(event: HttpEvent): string {
  if (event.body === undefined || event.body === null) return ''
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body
}
