/**
 * Reading a subject access request (allocation.md §10) in the HMPPS subject access request service's contract:
 * errors as `{developerMessage, errorCode, status, userMessage}`, 209 for a CRN alone (our services find people
 * by prison number), 210 for dates it cannot read; the service answers 204 when it holds nothing. Allocation and
 * handover each answer for their own data with this one reader.
 */
import { nomsNumberSchema } from '@omic/contracts'
import { z } from 'zod'
import { hasRole, type Principal } from './auth'
import { json, type Reply } from './http'

/** A date window of a request: London days, both inclusive (the anchor's `[fromDate, toDate + 1 day)`). */
export interface SarWindow {
  from: string
  to: string
}

/** The query as sent: every parameter optional here, so the checks below decide the answer (and its code). */
export const sarQuery = z.object({
  prn: z.string().optional(),
  crn: z.string().optional(),
  fromDate: z.string().optional(),
  toDate: z.string().optional(),
})
export type SarQuery = z.infer<typeof sarQuery>

function sarError(
  status: number,
  errorCode: number,
  userMessage: string,
  developerMessage: string,
  field?: string,
): Reply {
  return json(
    {
      developerMessage,
      errorCode,
      status,
      userMessage,
      ...(field ? { errors: [{ field, reason: developerMessage }] } : {}),
    },
    status,
  )
}

export const forbiddenSarReply = () =>
  sarError(403, 5, 'You are not allowed to request this data', 'The token needs the SAR (or ADMIN) role')

/** A calendar date YYYY-MM-DD that exists (2026-02-30 does not). */
function readDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const d = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : value
}

export type SarRequest = { reply: Reply } | { reply?: undefined; nomsNumber: string; window: SarWindow | null }

/** Checks a request in the anchor's order: role, identifiers, dates; then the prison number's shape. */
export function readSarRequest(principal: Principal, query: SarQuery): SarRequest {
  if (!hasRole(principal, 'SAR')) return { reply: forbiddenSarReply() }
  const prn = query.prn?.trim() || undefined
  const crn = query.crn?.trim() || undefined
  if (prn && crn)
    return {
      reply: sarError(
        400,
        2,
        'Give either a prison number or a CRN, not both',
        'prn and crn were both given',
        'query.crn',
      ),
    }
  if (crn)
    return {
      reply: sarError(
        209,
        3,
        'This service holds data by prison number only',
        'crn is not supported by this service; search by prn',
        'query.crn',
      ),
    }
  const dates: { from?: string | null; to?: string | null } = {}
  for (const [key, field] of [
    ['fromDate', 'from'],
    ['toDate', 'to'],
  ] as const) {
    const raw = query[key]?.trim()
    if (!raw) continue
    const date = readDate(raw)
    if (date === null)
      return {
        reply: sarError(210, 4, 'The dates could not be read', `${key} must be a date YYYY-MM-DD`, `query.${key}`),
      }
    dates[field] = date
  }
  if (!prn)
    return {
      reply: sarError(400, 2, 'Give a prison number', 'prn is required (a NOMS number such as A1234BC)', 'query.prn'),
    }
  const noms = nomsNumberSchema.safeParse(prn.toUpperCase())
  if (!noms.success)
    return {
      reply: sarError(
        400,
        2,
        'The prison number is not valid',
        'prn must be a NOMS number such as A1234BC',
        'query.prn',
      ),
    }
  const window = dates.from && dates.to ? { from: dates.from, to: dates.to } : null
  return { nomsNumber: noms.data, window }
}
