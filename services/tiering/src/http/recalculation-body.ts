/**
 * The optional body of `POST /tiers/recalculations`, parsed here rather than by lambda-kit's `optionalBody`: that
 * validates a missing body as `{}`, and here no body means every case while a `{}` body is a 400 (`body.crns`).
 */
import { crnSchema } from '@omic/contracts'
import { badRequest, fieldErrors } from '@omic/lambda-kit'
import { z } from 'zod'
import { MAX_JOB_CRNS } from '../model/recalculation-job'

/** The optional body of `POST /tiers/recalculations`: only these CRNs (distinct, 1–1000). */
export const recalculationBodySchema = z
  .object({
    crns: z
      .array(crnSchema)
      .min(1, `must list 1–${MAX_JOB_CRNS} CRNs`)
      .max(MAX_JOB_CRNS, `must list 1–${MAX_JOB_CRNS} CRNs`),
  })
  .strict()
  .superRefine((body, ctx) => {
    const first = new Map<string, number>()
    body.crns.forEach((crn, i) => {
      const earlier = first.get(crn)
      if (earlier === undefined) first.set(crn, i)
      else ctx.addIssue({ code: 'custom', path: ['crns', i], message: `repeats body.crns.${earlier}` })
    })
  })

/** No body: every case. A body must be JSON and name the CRNs (400 naming `body.crns.N` and why otherwise). */
export function parseRecalculationBody(event: {
  body?: string | undefined
  isBase64Encoded?: boolean
  headers?: Record<string, string | undefined>
}): { crns?: string[] } {
  if (event.body === undefined || event.body === '') return {}
  if (!/^application\/(.+\+)?json($|;)/.test(event.headers?.['content-type'] ?? '')) {
    throw badRequest([{ field: 'content-type', reason: 'must be application/json' }])
  }
  let raw: unknown
  try {
    raw = JSON.parse(event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body)
  } catch {
    throw badRequest([{ field: 'body', reason: 'is not valid JSON' }])
  }
  const parsed = recalculationBodySchema.safeParse(raw)
  if (!parsed.success) throw badRequest(fieldErrors(parsed.error, 'body'))
  return { crns: parsed.data.crns }
}
