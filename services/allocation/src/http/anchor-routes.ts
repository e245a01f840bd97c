/**
 * Manage POM Cases' JSON API (allocation.md §7) for consumers that call it today (nDelius, ACP): same paths under
 * `/api`, same field names, same 404 bodies.
 */
import { canSeePrison, forbidden, json, type Reply, requireRole } from '@omic/lambda-kit'
import { deps } from '../composition'
import type { CaseRecord, PomRef } from '../model'
import { nomsPath } from './common'
import { route } from './errors'

const notReady = () => json({ message: 'Not ready for allocation', status: 'error' }, 404)
const notAllocated = () => json({ message: 'Not allocated', status: 'error' }, 404)

type Found = { reply: Reply } | { reply?: undefined; record: CaseRecord; primary: PomRef }

async function allocatedCase(nomsNumber: string, principal: Parameters<typeof canSeePrison>[0]): Promise<Found> {
  const record = await deps.store.getCase(nomsNumber)
  if (!record || record.prisoner === null) return { reply: notReady() }
  const primary = record.allocation.primary
  if (primary === null) return { reply: notAllocated() }
  if (!canSeePrison(principal, primary.prisonId)) throw forbidden(`No access to prison ${primary.prisonId}`)
  return { record, primary }
}

/** `GET /api/allocation/{noms}` → `{primary_pom: {staff_id, name}, secondary_pom: {staff_id, name} | {}}`. */
export const apiAllocationRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const found = await allocatedCase(path.nomsNumber, principal)
  if (found.reply) return found.reply
  const secondary = found.record.allocation.coworking
  return json({
    primary_pom: { staff_id: found.primary.staffId, name: found.primary.name },
    secondary_pom: secondary ? { staff_id: secondary.staffId, name: secondary.name } : {},
  })
})

/** `GET /api/allocation/{noms}/primary_pom` → `{manager: {code, forename, surname, email}, prison: {code}}`. */
export const apiPrimaryPomRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const found = await allocatedCase(path.nomsNumber, principal)
  if (found.reply) return found.reply
  const pom = await deps.store.getPom(found.primary.prisonId, found.primary.staffId)
  const [forename = '', ...rest] = (pom?.name ?? found.primary.name).split(' ')
  return json({
    manager: { code: found.primary.staffId, forename, surname: rest.join(' '), email: pom?.email ?? null },
    prison: { code: found.primary.prisonId },
  })
})
