/** Subject access request routes (allocation.md §10); the checks and error bodies are in `sar-request.ts`. */
import { hasRole, httpHandler, json } from '@omic/lambda-kit'
import { deps } from '../composition'
import { SAR_TEMPLATE, subjectAccessData } from '../use-cases/subject-access'
import { forbiddenReply, readSarRequest, sarQuery } from './sar-request'

export const subjectAccessRoute = httpHandler({ query: sarQuery }, async ({ query, principal }) => {
  const request = readSarRequest(principal, query)
  if (request.reply) return request.reply
  const outcome = await subjectAccessData(deps, request.nomsNumber, request.window)
  if (!outcome.found) return { status: 204, json: undefined }
  return json({ content: outcome.content })
})

export const subjectAccessTemplateRoute = httpHandler({}, async ({ principal }) => {
  if (!hasRole(principal, 'SAR')) return forbiddenReply()
  return { status: 200, text: SAR_TEMPLATE, contentType: 'text/plain; charset=utf-8' }
})
