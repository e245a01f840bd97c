/** A staff member's notification preferences: which optional emails they opted out of. */
import { isMailboxRule, TEMPLATE_NAMES, TEMPLATES, type TemplateName } from '@omic/domain'
import { badRequest, forbidden, hasRole, json, type Principal } from '@omic/lambda-kit'
import { z } from 'zod'
import { clock, preferences } from '../composition'
import { route } from './errors'

/** Templates a staff member can opt out of: those that go to staff (mailbox-only ones cannot be). */
export const OPTIONAL_TEMPLATES = TEMPLATE_NAMES.filter(n => TEMPLATES[n].recipients.some(r => !isMailboxRule(r)))

const staffPath = z.object({ staffId: z.string().regex(/^[A-Za-z0-9]{1,20}$/, 'must be a staff id') })

function requireSelfOrAdmin(principal: Principal, staffId: string): void {
  if (principal.staffId !== staffId && !hasRole(principal)) {
    throw forbidden('Only the staff member or an admin can see or change these preferences')
  }
}

function preferencesView(staffId: string, optOut: readonly TemplateName[], updatedAt: string | null) {
  return { staffId, optOut, optional: OPTIONAL_TEMPLATES, updatedAt }
}

export const getPreferencesRoute = route({ path: staffPath }, async ({ path, principal }) => {
  requireSelfOrAdmin(principal, path.staffId)
  const prefs = await preferences.get(path.staffId)
  return json(preferencesView(prefs.staffId, prefs.optOut, prefs.updatedAt))
})

export const putPreferencesRoute = route(
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
    const prefs = { staffId: path.staffId, optOut: [...new Set(body.optOut)], updatedAt: clock.now().toISOString() }
    await preferences.put(prefs)
    return json(preferencesView(prefs.staffId, prefs.optOut, prefs.updatedAt))
  },
)
