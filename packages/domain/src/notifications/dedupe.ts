/**
 * Exactly one email per (template, recipient, case, episode) (notifications.md "What we require"). The key is
 * written with a conditional write before anything is sent; retries and duplicate events find it and stop.
 * An episode is one occurrence of what the email is about: a handover episode for reminders (a new sentence is a
 * new episode, so a second handover gets its own reminders), an allocation for allocation emails, a month for
 * the monthly report.
 */
import type { TemplateName } from './catalogue'

export type RecipientIdentity =
  | { kind: 'staff'; staffId: string }
  | { kind: 'mailbox'; email: string }
  /** The LDU mailbox of the case (or of the report's LDU), whatever its address: the directory supplies it. */
  | { kind: 'ldu-mailbox' }

/**
 * A stable identity: a staff member by id (their address may change), an address given by the event by itself, the
 * case's LDU mailbox by its role — its address comes from the directory and may be learnt after the email was
 * first planned, so the same email has the same key whether the address was known then or not.
 */
export function recipientKey(recipient: RecipientIdentity): string {
  switch (recipient.kind) {
    case 'staff':
      return `staff:${recipient.staffId}`
    case 'mailbox':
      return `mailbox:${recipient.email.trim().toLowerCase()}`
    case 'ldu-mailbox':
      return 'ldu-mailbox'
  }
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
