/** Email history per case or address, the local outbox, the dead-letter store and its redrive. */
import { nomsNumberSchema } from '@omic/contracts'
import { TEMPLATES } from '@omic/domain'
import { canSeePrison, conflict, hasRole, json, logger, notFound, type Principal, requireRole } from '@omic/lambda-kit'
import { z } from 'zod'
import { deps, emailOutbox, messages } from '../composition'
import { MESSAGE_STATUSES, type MessageRecord } from '../model/messages'
import { redrive } from '../use-cases/redrive'
import { route } from './errors'

/** What the API shows of a message: its history, not its personalisation. */
function view(m: MessageRecord): Record<string, unknown> {
  return {
    id: m.id,
    template: m.template,
    catalogueNumber: TEMPLATES[m.template].catalogueNumber,
    notifyTemplateId: m.notifyTemplateId,
    channel: m.channel,
    status: m.status,
    reason: m.reason ?? null,
    violations: m.violations ?? [],
    recipientRule: m.recipientRule,
    recipient: m.recipient,
    nomsNumber: m.nomsNumber,
    crn: m.crn,
    prisonId: m.prisonId,
    episode: m.episode,
    reference: m.reference,
    attempts: m.attempts,
    errors: m.errors,
    redrives: m.redrives,
    createdAt: m.createdAt,
    sentAt: m.sentAt ?? null,
    deliveryStatus: m.deliveryStatus ?? null,
    deliveryStatusAt: m.deliveryStatusAt ?? null,
  }
}

/** An SPO sees the emails about cases in their prisons; reports about many cases are for admins. */
function visible(principal: Principal, m: MessageRecord): boolean {
  if (hasRole(principal)) return true
  return m.prisonId !== null && canSeePrison(principal, m.prisonId)
}

const limitSchema = z.coerce.number().int().min(1).max(200).default(50)

export const listNotificationsRoute = route(
  {
    query: z
      .object({
        nomsNumber: nomsNumberSchema.optional(),
        recipient: z.email().max(254).optional(),
        status: z.enum(Object.values(MESSAGE_STATUSES)).optional(),
        limit: limitSchema,
      })
      .refine(q => q.nomsNumber || q.recipient, {
        message: 'give nomsNumber or recipient (dead letters: GET /notifications/dead-letters)',
        path: ['nomsNumber'],
      }),
  },
  async ({ query, principal }) => {
    requireRole(principal, 'SPO')
    // history per case, or per person (then narrowed to the case when both are given)
    const items = query.nomsNumber
      ? await messages.listByCase(query.nomsNumber, 200)
      : await messages.listByRecipient(query.recipient ?? '', 200)
    const matching = items.filter(
      m =>
        (!query.status || m.status === query.status) &&
        (!query.recipient || m.recipient.email?.toLowerCase() === query.recipient.toLowerCase()) &&
        visible(principal, m),
    )
    return json({ notifications: matching.slice(0, query.limit).map(view) })
  },
)

export const listOutboxRoute = route({ query: z.object({ limit: limitSchema }) }, async ({ query, principal }) => {
  requireRole(principal, 'ADMIN')
  return json({ channel: (await deps()).channel.name, outbox: await emailOutbox.list(query.limit) })
})

export const listDeadLettersRoute = route({ query: z.object({ limit: limitSchema }) }, async ({ query, principal }) => {
  requireRole(principal, 'ADMIN')
  return json({ deadLetters: await messages.listDeadLetters(query.limit) })
})

export const redriveRoute = route(
  { path: z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be a notification id') }) },
  async ({ path, principal }) => {
    requireRole(principal, 'ADMIN')
    const result = await redrive(await deps(), path.id)
    if (result.outcome === 'not-found') throw notFound(`No notification ${path.id}`)
    if (result.outcome === 'not-dead-lettered') {
      throw conflict(`Notification ${path.id} is ${result.status}, not in the dead-letter store`)
    }
    logger.info('dead letter redriven', { notificationId: path.id, status: result.status })
    return json(view(result.message))
  },
)
