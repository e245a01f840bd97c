/** The anchor's JSON API (allocation.md §7) for consumers that call it today: same paths under /api, same fields. */
import { json, requireRole } from '@omic/lambda-kit'
import { deps } from '../composition'
import { apiHandoverView, apiOffenderView } from '../model/views'
import { apiCase } from '../use-cases/queries'
import { nomsPath } from './common'
import { route } from './errors'

const apiNotFound = () => json({ status: 'error', message: 'Not found' }, 404)

export const apiHandoverRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const record = await apiCase(deps, principal, path.nomsNumber)
  const view = record && apiHandoverView(record)
  return view ? json(view) : apiNotFound()
})

export const apiOffenderRoute = route({ path: nomsPath }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const record = await apiCase(deps, principal, path.nomsNumber)
  const view = record && apiOffenderView(record)
  return view ? json(view) : apiNotFound()
})
