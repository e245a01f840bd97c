import { describe, expect, it } from 'vitest'
import {
  emailContent,
  isMailboxRule,
  isTemplateName,
  placeholdersOf,
  RECIPIENT_RULES,
  renderEmail,
  TEMPLATE_NAMES,
  TEMPLATES,
  validatePersonalisation,
} from '../../src/notifications'

describe('the notification catalogue', () => {
  it('has every email of notifications.md (the anchor’s rows 1–17 and our 18), each with a unique Notify template id', () => {
    const rows = new Set(TEMPLATE_NAMES.map(n => TEMPLATES[n].catalogueNumber))
    expect([...rows].sort((a, b) => a - b)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1))
    const ids = TEMPLATE_NAMES.map(n => TEMPLATES[n].notifyTemplateId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    // two templates for co-working (#3), bulk (#6), override (#7), monthly report (#14) and early allocation (#15)
    expect(TEMPLATE_NAMES).toHaveLength(23)
  })

  it('keeps the anchor’s Notify id for the probation allocation email (workload.md §b.6)', () => {
    expect(TEMPLATES['com-allocated'].notifyTemplateId).toBe('5db23c80-9cb6-4b8e-a0f6-56061e50a9ef')
  })

  it.each(TEMPLATE_NAMES)('%s: its text uses exactly its fields, each once declared, on the email channel', name => {
    const t = TEMPLATES[name]
    expect(t.channel).toBe('email')
    expect(t.recipients.length).toBeGreaterThan(0)
    const fields = t.fields.map(f => f.name)
    expect(new Set(fields).size).toBe(fields.length)
    expect(placeholdersOf(t).sort()).toEqual([...fields].sort())
  })

  it('knows which recipients are mailboxes (they cannot opt out)', () => {
    expect(isMailboxRule(RECIPIENT_RULES.lduMailbox)).toBe(true)
    expect(isMailboxRule(RECIPIENT_RULES.extraRecipient)).toBe(true)
    expect(isMailboxRule(RECIPIENT_RULES.primaryPom)).toBe(false)
    expect(isTemplateName('new-allocation')).toBe(true)
    expect(isTemplateName('nope')).toBe(false)
  })
})

describe('validatePersonalisation', () => {
  const template = TEMPLATES['com-allocation-overdue']
  const valid = {
    prisoner_name: 'Dami Okafor',
    prisoner_number: 'G4821KT',
    prisoner_first_name: 'Dami',
    handover_date: '9 April 2021',
    release_date: '1 March 2022',
    is_standard: 'yes',
    is_enhanced: 'no',
    ldu_information: 'LDU: Leeds\nLDU email: Unknown\n',
    has_ldu_email: 'no',
    missing_ldu_email: 'yes',
  }

  it('accepts complete values', () => {
    expect(validatePersonalisation(template, valid)).toEqual({ ok: true, value: valid })
  })

  it('returns every problem as a value: missing, blank, bad flag, unknown field', () => {
    const result = validatePersonalisation(template, {
      ...valid,
      prisoner_name: null,
      handover_date: '  ',
      is_standard: 'true',
      surprise: 'x',
    })
    expect(result).toEqual({
      ok: false,
      error: [
        { field: 'prisoner_name', reason: 'is required' },
        { field: 'handover_date', reason: 'must not be blank' },
        { field: 'is_standard', reason: 'must be "yes" or "no"' },
        { field: 'surprise', reason: 'is not a field of template com-allocation-overdue' },
      ],
    })
  })

  it('lets an optional field be blank but not absent', () => {
    const t = TEMPLATES['coworking-removed']
    expect(emailContent('coworking-allocated-primary', {}).ok).toBe(false)
    expect(validatePersonalisation(t, {}).ok).toBe(false)
    const ok = emailContent('coworking-allocated-primary', {
      pom_first_name: 'Ann',
      coworking_pom_name: 'Bob Ray',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      note: '',
      url: 'https://x',
    })
    expect(ok.ok).toBe(true)
  })
})

describe('renderEmail', () => {
  it('fills placeholders, keeps conditional text only for "yes" and collapses the blank lines left behind', () => {
    const content = emailContent('bulk-allocations-created', {
      pom_name: 'Ann Lee',
      previous_pom_name: 'Bob Ray',
      cases: 'Dami Okafor (G4821KT) – responsible',
      has_message: 'no',
      message: '',
      url: 'https://portal/caseload',
    })
    if (!content.ok) throw new Error('expected valid content')
    const rendered = renderEmail(content.value)
    expect(rendered.subject).toBe('Cases have been reallocated to you')
    expect(rendered.body).toBe(
      'Dear Ann Lee,\n\nThese cases have been reallocated to you from Bob Ray:\nDami Okafor (G4821KT) – responsible\n\nYour caseload: https://portal/caseload',
    )
    const withMessage = emailContent('bulk-allocations-created', {
      ...content.value.personalisation,
      has_message: 'yes',
      message: 'Staff changes',
    })
    if (!withMessage.ok) throw new Error('expected valid content')
    expect(renderEmail(withMessage.value).body).toContain(
      'Message from your head of offender management delivery: Staff changes',
    )
  })
})
