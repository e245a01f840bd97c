/**
 * Exactly one email per (template, recipient, case, episode) (notifications.md "What we require"). The key is
 * written with a conditional write before anything is sent; retries and duplicate events find it and stop.
 * An episode is one occurrence of what the email is about: a handover episode for reminders (a new sentence is a
 * new episode, so a second handover gets its own reminders), an allocation for allocation emails, a month for
 * the monthly report.
 */
import type { TemplateName } from './catalogue'

export type RecipientIdentity = { kind: 'staff'; staffId: string } | { kind: 'mailbox'; email: string }

/** A stable identity: a staff member by id (their address may change), a mailbox by its address. */
export function recipientKey(recipient: RecipientIdentity): string {
  return recipient.kind === 'staff' ? `staff:${recipient.staffId}` : `mailbox:${recipient.email.trim().toLowerCase()}`
}

export interface DedupeParts {
  template: TemplateName
  recipient: RecipientIdentity
  /** The case (NOMS number or CRN), or `-` for emails about many cases. */
  caseId: string
  episode: string
}

export function dedupeKey(parts: DedupeParts): string {
  return [parts.template, recipientKey(parts.recipient), parts.caseId, parts.episode].join('|')
}
