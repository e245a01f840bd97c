/** Subject access request routes (allocation.md §10); the checks and error bodies are lambda-kit's `readSarRequest`. */
import { forbiddenSarReply, hasRole, json, readSarRequest, sarQuery } from '@omic/lambda-kit'
import { deps } from '../composition'
import { SAR_TEMPLATE, subjectAccessData } from '../use-cases/subject-access'
import { route } from './errors'

export const subjectAccessRoute = route({ query: sarQuery }, async ({ query, principal }) => {
  const request = readSarRequest(principal, query)
  if (request.reply) return request.reply
  const outcome = await subjectAccessData(deps, request.nomsNumber, request.window)
  if (!outcome.found) return { status: 204, json: undefined }
  return json({ content: outcome.content })
})

export const subjectAccessTemplateRoute = route({}, async ({ principal }) => {
  if (!hasRole(principal, 'SAR')) return forbiddenSarReply()
  return { status: 200, text: SAR_TEMPLATE, contentType: 'text/plain; charset=utf-8' }
})
