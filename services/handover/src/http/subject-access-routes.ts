/** Subject access request (allocation.md §10): lambda-kit's reader gives the HMPPS SAR service's codes and bodies. */
import { json, readSarRequest, sarQuery } from '@omic/lambda-kit'
import { deps } from '../composition'
import { subjectAccess } from '../use-cases/queries'
import { route } from './errors'

export const subjectAccessRoute = route({ query: sarQuery }, async ({ principal, query }) => {
  const request = readSarRequest(principal, query)
  if (request.reply) return request.reply
  const content = await subjectAccess(deps, request.nomsNumber, request.window)
  return content === null ? json(undefined, 204) : json({ content })
})
