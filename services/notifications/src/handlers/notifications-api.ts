import { nomsNumberSchema } from '@omic/contracts'
import { isMailboxRule, TEMPLATE_NAMES, TEMPLATES, type TemplateName } from '@omic/domain'
import {
  badRequest,
  canSeePrison,
  conflict,
  deadLetterRoutes,
  forbidden,
  hasRole,
  httpHandler,
  httpRouter,
  json,
  logger,
  notFound,
  type Principal,
  requireRole,
} from '@omic/lambda-kit'
import { z } from 'zod'
import { MESSAGE_STATUSES, type MessageRecord } from '../adapters/notification-store'
import { deps, store } from '../composition'
import { redrive } from '../use-cases/redrive'
import { pipeline } from './on-domain-event'

/** Templates a staff member can opt out of: those that go to staff (mailbox-only ones cannot be). */
export const OPTIONAL_TEMPLATES = TEMPLATE_NAMES.filter(n => TEMPLATES[n].recipients.some(r => !isMailboxRule(r)))

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

const listNotifications = httpHandler(
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
      ? await store.listByCase(query.nomsNumber, 200)
      : await store.listByRecipient(query.recipient ?? '', 200)
    const matching = items.filter(
      m =>
        (!query.status || m.status === query.status) &&
        (!query.recipient || m.recipient.email?.toLowerCase() === query.recipient.toLowerCase()) &&
        visible(principal, m),
    )
    return json({ notifications: matching.slice(0, query.limit).map(view) })
  },
)

const listOutbox = httpHandler({ query: z.object({ limit: limitSchema }) }, async ({ query, principal }) => {
  requireRole(principal, 'ADMIN')
  return json({ channel: (await deps()).channel.name, outbox: await store.listOutbox(query.limit) })
})

const listDeadLetters = httpHandler({ query: z.object({ limit: limitSchema }) }, async ({ query, principal }) => {
  requireRole(principal, 'ADMIN')
  return json({ deadLetters: await store.listDeadLetters(query.limit) })
})

const redriveDeadLetter = httpHandler(
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

const staffPath = z.object({ staffId: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'must be a staff id') })

function requireSelfOrAdmin(principal: Principal, staffId: string): void {
  if (principal.staffId !== staffId && !hasRole(principal)) {
    throw forbidden('Only the staff member or an admin can see or change these preferences')
  }
}

function preferencesView(staffId: string, optOut: readonly TemplateName[], updatedAt: string | null) {
  return { staffId, optOut, optional: OPTIONAL_TEMPLATES, updatedAt }
}

const getPreferences = httpHandler({ path: staffPath }, async ({ path, principal }) => {
  requireSelfOrAdmin(principal, path.staffId)
  const prefs = await store.getPreferences(path.staffId)
  return json(preferencesView(prefs.staffId, prefs.optOut, prefs.updatedAt))
})

const putPreferences = httpHandler(
  {
    path: staffPath,
    body: z.object({ optOut: z.array(z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]])).max(50) }).strict(),
  },
  async ({ path, body, principal }) => {
    requireSelfOrAdmin(principal, path.staffId)
    const errors = body.optOut
      .map((name, i) => ({ name, i }))
      .filter(({ name }) => !OPTIONAL_TEMPLATES.includes(name))
      .map(({ i }) => ({ field: `body.optOut.${i}`, reason: 'goes to mailboxes only, which cannot opt out' }))
    if (errors.length) throw badRequest(errors)
    const prefs = { staffId: path.staffId, optOut: [...new Set(body.optOut)], updatedAt: new Date().toISOString() }
    await store.putPreferences(prefs)
    return json(preferencesView(prefs.staffId, prefs.optOut, prefs.updatedAt))
  },
)

export const handler = httpRouter({
  'GET /notifications': listNotifications,
  'GET /notifications/outbox': listOutbox,
  'GET /notifications/dead-letters': listDeadLetters,
  'POST /notifications/dead-letters/{id}/redrive': redriveDeadLetter,
  'GET /staff/{staffId}/notification-preferences': getPreferences,
  'PUT /staff/{staffId}/notification-preferences': putPreferences,
  ...deadLetterRoutes('notifications', pipeline),
})
