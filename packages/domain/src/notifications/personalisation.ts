/**
 * Personalisation: the flat map of strings a template is filled with. Values are validated against the template
 * before anything is sent: a missing or blank required field is an error value (a list of violations), never a
 * throw, so the caller can record the email as invalid and carry on.
 */
import { fail, ok, type Result, type RuleViolation } from '../shared/result'
import { FIELD_KINDS, type NotificationTemplate, TEMPLATES, type TemplateName } from './catalogue'

export type Personalisation = Readonly<Record<string, string>>

/** A file sent with an email (the monthly pipeline CSV). */
export interface Attachment {
  filename: string
  contentType: 'text/csv'
  content: string
}

/** A template filled in and validated: ready to be rendered (outbox) or sent (GOV.UK Notify). */
export interface EmailContent {
  template: TemplateName
  personalisation: Personalisation
  attachment?: Attachment
}

export type EmailResult = Result<EmailContent, RuleViolation[]>

/** The reason of a violation for a field that has no value at all (as opposed to a blank or malformed one). */
export const MISSING_FIELD = 'is required'

/** Checks values against the template's fields: every field present, text not blank, flags yes/no, no extras. */
export function validatePersonalisation(
  template: NotificationTemplate,
  values: Readonly<Record<string, string | null | undefined>>,
): Result<Personalisation, RuleViolation[]> {
  const violations: RuleViolation[] = []
  const out: Record<string, string> = {}
  for (const field of template.fields) {
    const value = values[field.name]
    if (value === undefined || value === null) {
      violations.push({ field: field.name, reason: MISSING_FIELD })
      continue
    }
    if (field.kind === FIELD_KINDS.text && value.trim() === '') {
      violations.push({ field: field.name, reason: 'must not be blank' })
      continue
    }
    if (field.kind === FIELD_KINDS.flag && value !== 'yes' && value !== 'no') {
      violations.push({ field: field.name, reason: 'must be "yes" or "no"' })
      continue
    }
    out[field.name] = value
  }
  const known = new Set(template.fields.map(f => f.name))
  for (const name of Object.keys(values)) {
    if (!known.has(name)) violations.push({ field: name, reason: `is not a field of template ${template.name}` })
  }
  return violations.length ? fail(violations) : ok(out)
}

/** Builds validated content for a template from values (null/undefined = missing). */
export function emailContent(
  name: TemplateName,
  values: Readonly<Record<string, string | null | undefined>>,
  attachment?: Attachment,
): EmailResult {
  const checked = validatePersonalisation(TEMPLATES[name], values)
  if (!checked.ok) return checked
  return ok({ template: name, personalisation: checked.value, ...(attachment ? { attachment } : {}) })
}

/** The rendered text of an email: what the local outbox shows and what Notify's template of the same id says. */
export interface RenderedEmail {
  subject: string
  body: string
}

const PLACEHOLDER = /\(\(([a-z0-9_]+)\)\)/g

/** Replaces `((flag??text))` blocks: the text is kept when the flag is "yes" and dropped otherwise. */
function applyConditionals(text: string, values: Personalisation): string {
  let out = ''
  let i = 0
  for (;;) {
    const start = text.indexOf('((', i)
    if (start < 0) return out + text.slice(i)
    const cond = /^\(\(([a-z0-9_]+)\?\?/.exec(text.slice(start))
    if (!cond) {
      out += text.slice(i, start + 2)
      i = start + 2
      continue
    }
    // find the matching `))`, allowing nested `((field))` placeholders inside the text
    let depth = 1
    let j = start + cond[0].length
    while (j < text.length && depth > 0) {
      if (text.startsWith('((', j)) {
        depth++
        j += 2
      } else if (text.startsWith('))', j)) {
        depth--
        j += 2
      } else j++
    }
    const inner = text.slice(start + cond[0].length, j - 2)
    out += text.slice(i, start) + (values[cond[1] ?? ''] === 'yes' ? inner : '')
    i = j
  }
}

function fill(text: string, values: Personalisation): string {
  return applyConditionals(text, values).replace(PLACEHOLDER, (_, name: string) => values[name] ?? '')
}

/** Renders subject and body as plain text (blank runs of lines left by empty fields are collapsed). */
export function renderEmail(content: EmailContent): RenderedEmail {
  const template = TEMPLATES[content.template]
  const body = fill(template.body, content.personalisation)
    .split('\n')
    .map(line => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return { subject: fill(template.subject, content.personalisation), body }
}

/** Field names a template's text uses (placeholders and conditional flags). */
export function placeholdersOf(template: NotificationTemplate): string[] {
  const names = new Set<string>()
  for (const text of [template.subject, template.body]) {
    for (const m of text.matchAll(/\(\(([a-z0-9_]+)(?:\)\)|\?\?)/g)) names.add(m[1] ?? '')
  }
  return [...names]
}
