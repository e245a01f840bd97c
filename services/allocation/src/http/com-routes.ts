/** COM routes: the cases of a PDU that need a COM, ranked practitioners for a case, and the SPO's allocation. */
import { lineManagerAuthorisationSchema, reallocationReasonSchema } from '@omic/domain'
import { badRequest, forbidden, json, notFound, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { config, deps } from '../composition'
import { allocateCom, casesNeedingCom, comRecommendations, pduOf } from '../use-cases/com-allocation'
import { actorOf, canSeePdu, nomsPath, pduPath, requirePdu, staffCodeSchema } from './common'
import { route } from './errors'

export const casesNeedingComRoute = route(
  {
    path: pduPath,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO', 'COM')
    requirePdu(principal, path.pduCode)
    const page = await casesNeedingCom(deps, path.pduCode, query)
    return json({ pduCode: path.pduCode, cases: page.items, next: page.cursor ?? null })
  },
)

export const comRecommendationsRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO')
  const record = await deps.store.getCase(path.nomsNumber)
  if (!record) throw notFound(`No case for ${path.nomsNumber}`)
  const pdu = pduOf(record)
  if (pdu === null) throw notFound('No probation delivery unit is known for the case yet')
  requirePdu(principal, pdu)
  const recommendations = await comRecommendations(deps, record, config.comUntieredAs)
  return json(recommendations)
})

export const allocateComRoute = route(
  {
    path: nomsPath,
    body: z.object({
      staffCode: staffCodeSchema,
      expectedStaffCode: staffCodeSchema.nullable().optional(),
      notes: z.string().max(3500).nullable().optional(),
      sensitive: z.boolean().default(false),
      reason: reallocationReasonSchema.nullable().optional(),
      lineManagerAuthorisation: lineManagerAuthorisationSchema.nullable().optional(),
      emailTo: z.array(z.email()).max(10).optional(),
      sendEmailCopyToAllocatingOfficer: z.boolean().optional(),
    }),
  },
  async ({ path, body, principal }) => {
    requireRole(principal, 'SPO')
    const outcome = await allocateCom(
      deps,
      actorOf(principal),
      path.nomsNumber,
      body,
      pdu => canSeePdu(principal, pdu),
      config.comUntieredAs,
    )
    if (outcome.ok) return json(outcome.allocation, outcome.created ? 201 : 200)
    switch (outcome.kind) {
      case 'not_found':
        throw notFound('No case for that NOMS number')
      case 'forbidden':
        throw forbidden(`No access to PDU ${outcome.pduCode}`)
      case 'invalid':
        throw badRequest(outcome.errors)
      case 'conflict':
        return json({ status: 409, message: outcome.message, currentAllocation: outcome.current }, 409)
    }
  },
)
