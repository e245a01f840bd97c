import { nomsNumberSchema, prisonIdSchema } from '@omic/contracts'
import { httpHandler, httpRouter, json, notFound, requirePrison, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import type { CaseRecord } from '../adapters/case-repository'
import { cases } from '../composition'

/** What a portal shows for a case: the read model without storage keys. */
function view(c: CaseRecord): Record<string, unknown> {
  const p = (c.prisoner ?? {}) as Record<string, unknown>
  return {
    nomsNumber: c.nomsNumber,
    crn: c.crn ?? null,
    prisonId: c.prisonId ?? null,
    name: p.firstName ? `${p.firstName} ${p.lastName}` : null,
    legalStatus: p.legalStatus ?? null,
    sentenceStartDate: p.sentenceStartDate ?? null,
    releaseDate: p.releaseDate ?? p.conditionalReleaseDate ?? null,
    tier: c.tier ?? null,
    responsibility: c.handover ?? null,
    probation: c.probation ?? null,
    com: c.com ?? null,
    updatedAt: c.updatedAt ?? null,
  }
}

const listCases = httpHandler(
  {
    path: z.object({ prisonId: prisonIdSchema }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
  },
  async ({ path, query, principal }) => {
    requireRole(principal, 'SPO', 'POM')
    requirePrison(principal, path.prisonId)
    const page = await cases.listByPrison(path.prisonId, {
      limit: query.limit,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    })
    return json({ prisonId: path.prisonId, cases: page.items.map(view), next: page.cursor ?? null })
  },
)

const getCase = httpHandler({ path: z.object({ nomsNumber: nomsNumberSchema }) }, async ({ path, principal }) => {
  requireRole(principal, 'SPO', 'POM', 'COM')
  const c = await cases.get(path.nomsNumber)
  if (!c) throw notFound(`No case for ${path.nomsNumber}`)
  if (c.prisonId && c.prisonId !== 'OUT') requirePrison(principal, c.prisonId)
  return json(view(c))
})

export const handler = httpRouter({
  'GET /prisons/{prisonId}/cases': listCases,
  'GET /cases/{nomsNumber}': getCase,
})
