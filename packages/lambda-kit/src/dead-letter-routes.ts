import { z } from 'zod'
import { requireRole } from './auth'
import { deadLetterRoutePaths } from './dead-letter-paths'
import type { DeadLetter } from './dead-letters'
import { HttpProblem, notFound } from './errors'
import type { EventPipeline } from './event-handler'
import { httpHandler, json, type RouteHandler } from './http'
import { logger } from './logger'

const eventIdPath = z.object({ eventId: z.string().min(1).max(200) })

function letterView(letter: DeadLetter) {
  return {
    eventId: letter.id,
    source: letter.source,
    detailType: letter.detailType,
    time: letter.time ?? null,
    reason: letter.reason,
    errors: letter.errors,
    receivedAt: letter.receivedAt,
    detail: letter.detail,
  }
}

/**
 * ADMIN: list the events this service dead-lettered (invalid, implausible or rejected by a rule, newest first, with
 * the field and reason) and redrive one: it goes through exactly the pipeline a delivery takes (validation, then
 * once per event id). Still invalid → 422 with the errors and the letter kept; handled (or already handled) → the
 * letter is removed.
 */
export function deadLetterRoutes(service: string, pipeline: EventPipeline): Record<string, RouteHandler> {
  const paths = deadLetterRoutePaths(service)
  const list = httpHandler(
    { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
    async ({ query, principal }) => {
      requireRole(principal, 'ADMIN')
      const letters = await pipeline.stores().deadLetters.list(query.limit)
      return json({ service, count: letters.length, deadLetters: letters.map(letterView) })
    },
  )
  const redrive = httpHandler({ path: eventIdPath }, async ({ path, principal, context }) => {
    requireRole(principal, 'ADMIN')
    const { deadLetters } = pipeline.stores()
    const letter = await deadLetters.findByEventId(path.eventId)
    if (!letter) throw notFound(`No dead-lettered event ${path.eventId} in ${service}`)
    const result = await pipeline.process(busEventOf(letter), context, { deadLetter: false })
    if (result.outcome === 'invalid') {
      throw new HttpProblem(422, `Event ${path.eventId} is still invalid; it stays in the dead-letter store`, [
        ...result.errors,
      ])
    }
    await deadLetters.remove(letter.key)
    logger.info('dead letter redriven', { eventId: path.eventId, outcome: result.outcome })
    return json({ service, eventId: path.eventId, outcome: result.outcome })
  })
  return { [`GET ${paths.list}`]: list, [`POST ${paths.redrive}`]: redrive }
}

function busEventOf(letter: DeadLetter) {
  return {
    version: '0',
    id: letter.id,
    'detail-type': letter.detailType,
    source: letter.source,
    account: '',
    time: letter.time ?? letter.receivedAt,
    region: '',
    resources: [],
    detail: letter.detail,
  }
}
