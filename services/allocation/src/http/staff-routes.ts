/** Staff registry routes: POMs per prison (with CSV import) and COMs per PDU. */
import { badRequest, json, notFound, requirePrison, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { config, deps } from '../composition'
import { comInputSchema, pomInputSchema, pomView } from '../model'
import { importComs, importPoms, listComs, listPoms, upsertCom, upsertPom } from '../use-cases/staff-registry'
import { actorOf, pduPath, pomPath, prisonPath, rawBody, requirePdu, staffCodeSchema } from './common'
import { route } from './errors'
import { readComCsv, readPomCsv } from './staff-csv'

export const putPomRoute = route({ path: pomPath, body: pomInputSchema }, async ({ path, body, principal }) => {
  requireRole(principal, 'SPO')
  requirePrison(principal, path.prisonId)
  const outcome = await upsertPom(deps, actorOf(principal), path.prisonId, path.staffId, body)
  return json({ ...outcome.pom, deallocated: outcome.deallocated }, outcome.created ? 201 : 200)
})

export const listPomsRoute = route({ path: prisonPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM')
  requirePrison(principal, path.prisonId)
  return json({ prisonId: path.prisonId, poms: await listPoms(deps, path.prisonId) })
})

export const getPomRoute = route({ path: pomPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM')
  requirePrison(principal, path.prisonId)
  const [pom, entries] = await Promise.all([
    deps.store.getPom(path.prisonId, path.staffId),
    deps.store.caseload(path.prisonId, path.staffId),
  ])
  if (!pom) throw notFound(`No POM ${path.staffId} at ${path.prisonId}`)
  return json({
    ...pomView(pom, entries, deps.clock.now().toISOString()),
    cases: entries.map(e => ({ nomsNumber: e.nomsNumber, role: e.role, tier: e.tier, allocatedAt: e.allocatedAt })),
  })
})

export const importPomsRoute = route({ path: prisonPath }, async ({ path, principal, event }) => {
  requireRole(principal, 'SPO')
  requirePrison(principal, path.prisonId)
  const contentType = event.headers?.['content-type'] ?? ''
  if (!/^text\/csv($|;)/.test(contentType)) throw badRequest([{ field: 'content-type', reason: 'must be text/csv' }])
  const { rows, errors } = readPomCsv(rawBody(event))
  if (errors.length > 0) throw badRequest(errors, 'Some rows are not valid; nothing was imported')
  const outcome = await importPoms(deps, actorOf(principal), path.prisonId, rows)
  return json({ prisonId: path.prisonId, ...outcome })
})

const comPath = pduPath.extend({ staffCode: staffCodeSchema })

export const putComRoute = route({ path: comPath, body: comInputSchema }, async ({ path, body, principal }) => {
  requireRole(principal, 'SPO')
  requirePdu(principal, path.pduCode)
  const outcome = await upsertCom(deps, actorOf(principal), path.pduCode, path.staffCode, body, config.comUntieredAs)
  return json(outcome.com, outcome.created ? 201 : 200)
})

export const listComsRoute = route(
  {
    path: pduPath,
    query: z.object({
      teamCode: z
        .string()
        .regex(/^[A-Z0-9]{2,12}$/)
        .optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO', 'COM')
    requirePdu(principal, path.pduCode)
    const coms = await listComs(deps, path.pduCode, config.comUntieredAs)
    return json({
      pduCode: path.pduCode,
      coms: query.teamCode ? coms.filter(c => c.teamCode === query.teamCode) : coms,
    })
  },
)

export const importComsRoute = route({ path: pduPath }, async ({ path, principal, event }) => {
  requireRole(principal, 'SPO')
  requirePdu(principal, path.pduCode)
  const contentType = event.headers?.['content-type'] ?? ''
  if (!/^text\/csv($|;)/.test(contentType)) throw badRequest([{ field: 'content-type', reason: 'must be text/csv' }])
  const { rows, errors } = readComCsv(rawBody(event))
  if (errors.length > 0) throw badRequest(errors, 'Some rows are not valid; nothing was imported')
  const outcome = await importComs(deps, actorOf(principal), path.pduCode, rows, config.comUntieredAs)
  return json({ pduCode: path.pduCode, ...outcome })
})
