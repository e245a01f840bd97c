/**
 * The notification catalogue as data (notifications.md "Catalogue"): every email the system sends, with its
 * GOV.UK Notify template id, channel, who receives it, the personalisation fields it needs and our own
 * plain-text rendering (used by the local outbox and kept in step with the Notify template of the same id).
 *
 * Placeholders use Notify's syntax: `((field))` is replaced by the value; `((flag??text))` shows `text` only
 * when the yes/no field `flag` is "yes".
 */

export const CHANNELS = { email: 'email' } as const
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS]

/** Who a template goes to. Staff may opt out of their emails; mailboxes cannot (notifications.md). */
export const RECIPIENT_RULES = {
  newPrimaryPom: 'new-primary-pom',
  previousPrimaryPom: 'previous-primary-pom',
  primaryPom: 'primary-pom',
  coworkingPom: 'coworking-pom',
  bulkTargetPom: 'bulk-target-pom',
  bulkSourcePom: 'bulk-source-pom',
  actingSpo: 'acting-spo',
  lduMailbox: 'ldu-mailbox',
  allocatedCom: 'allocated-com',
  allocatingOfficer: 'allocating-officer',
  extraRecipient: 'extra-recipient',
} as const
export type RecipientRule = (typeof RECIPIENT_RULES)[keyof typeof RECIPIENT_RULES]

/** Recipients that are shared mailboxes (or addresses given for one email), not a staff member with preferences. */
export const MAILBOX_RULES: ReadonlySet<RecipientRule> = new Set([
  RECIPIENT_RULES.lduMailbox,
  RECIPIENT_RULES.extraRecipient,
])

export const FIELD_KINDS = {
  /** Must be present and not blank. */
  text: 'text',
  /** Must be present; may be blank (e.g. an optional note). */
  optionalText: 'optional-text',
  /** Must be "yes" or "no" (Notify conditional content). */
  flag: 'flag',
} as const
export type FieldKind = (typeof FIELD_KINDS)[keyof typeof FIELD_KINDS]

export interface TemplateField {
  name: string
  kind: FieldKind
}

export interface NotificationTemplate {
  name: string
  /** Row of the catalogue in notifications.md. */
  catalogueNumber: number
  /** The GOV.UK Notify template id. */
  notifyTemplateId: string
  channel: Channel
  recipients: readonly RecipientRule[]
  fields: readonly TemplateField[]
  subject: string
  body: string
  /** A file sent with the email (Notify `prepareUpload`, placed in this personalisation field). */
  attachment?: { field: string; contentType: 'text/csv' }
}

const text = (name: string): TemplateField => ({ name, kind: FIELD_KINDS.text })
const optional = (name: string): TemplateField => ({ name, kind: FIELD_KINDS.optionalText })
const flag = (name: string): TemplateField => ({ name, kind: FIELD_KINDS.flag })

const PRISONER = [text('prisoner_name'), text('prisoner_number')]
const R = RECIPIENT_RULES

const templates = [
  {
    name: 'new-allocation',
    catalogueNumber: 1,
    notifyTemplateId: 'f807a02b-1d87-4977-b0b0-e2667fa5e738',
    recipients: [R.newPrimaryPom],
    fields: [
      text('pom_first_name'),
      text('responsibility'),
      ...PRISONER,
      optional('note'),
      text('url'),
      text('last_oasys_date'),
      text('handover_start_date'),
      text('handover_date'),
      text('com_name'),
      text('com_email'),
    ],
    subject: 'New OMIC allocation',
    body: `Dear ((pom_first_name)),

You have been allocated a new case as the ((responsibility)) POM:
((prisoner_name)) (((prisoner_number)))

((note))

Last OASys assessment: ((last_oasys_date))
Handover start date: ((handover_start_date))
Handover date: ((handover_date))
Community offender manager: ((com_name)) (((com_email)))

View the case: ((url))`,
  },
  {
    name: 'reallocation-previous-pom',
    catalogueNumber: 2,
    notifyTemplateId: '55e3e4fd-f2dc-47c0-bb1c-a009bda99c0b',
    recipients: [R.previousPrimaryPom],
    fields: [text('previous_pom_first_name'), text('new_pom_name'), ...PRISONER, text('prison_name'), text('url')],
    subject: 'OMIC case reallocation',
    body: `Dear ((previous_pom_first_name)),

((prisoner_name)) (((prisoner_number))) at ((prison_name)) has been reallocated to ((new_pom_name)).
You are no longer their prison offender manager.

Your caseload: ((url))`,
  },
  {
    name: 'coworking-allocated-primary',
    catalogueNumber: 3,
    notifyTemplateId: '03bb308e-847b-4ad9-915c-685e2cf914f8',
    recipients: [R.primaryPom],
    fields: [text('pom_first_name'), text('coworking_pom_name'), ...PRISONER, optional('note'), text('url')],
    subject: 'A co-working POM has been allocated to your case',
    body: `Dear ((pom_first_name)),

((coworking_pom_name)) is now co-working ((prisoner_name)) (((prisoner_number))) with you.

((note))

View the case: ((url))`,
  },
  {
    name: 'coworking-allocated-coworker',
    catalogueNumber: 3,
    notifyTemplateId: 'c66ebec1-8eb4-4c8e-a6cd-4e265a6a687d',
    recipients: [R.coworkingPom],
    fields: [
      text('pom_first_name'),
      text('responsible_pom_name'),
      text('responsibility'),
      ...PRISONER,
      optional('note'),
      text('url'),
    ],
    subject: 'You have been allocated as co-working POM',
    body: `Dear ((pom_first_name)),

You are now the co-working POM for ((prisoner_name)) (((prisoner_number))).
The ((responsibility)) POM is ((responsible_pom_name)).

((note))

View the case: ((url))`,
  },
  {
    name: 'coworking-removed',
    catalogueNumber: 4,
    notifyTemplateId: '77314ee3-b4b8-48f7-913b-585c6456f90a',
    recipients: [R.primaryPom],
    fields: [text('pom_name'), text('coworking_pom_name'), ...PRISONER, text('url')],
    subject: 'A co-working POM has been removed from your case',
    body: `Dear ((pom_name)),

((coworking_pom_name)) is no longer co-working ((prisoner_name)) (((prisoner_number))).

View the case: ((url))`,
  },
  {
    name: 'offender-deallocated',
    catalogueNumber: 5,
    notifyTemplateId: 'f2b07638-eaa3-448b-a27d-3c1379abcf5b',
    recipients: [R.previousPrimaryPom],
    fields: [text('pom_first_name'), ...PRISONER, text('prison_name'), text('url')],
    subject: 'A prisoner has left your caseload',
    body: `Dear ((pom_first_name)),

((prisoner_name)) (((prisoner_number))) has been released or transferred out of ((prison_name)) and has been removed from your caseload.

Your caseload: ((url))`,
  },
  {
    name: 'bulk-allocations-created',
    catalogueNumber: 6,
    notifyTemplateId: '4fabd97f-4792-4d13-ae11-8b824f94f0fd',
    recipients: [R.bulkTargetPom],
    fields: [
      text('pom_name'),
      text('previous_pom_name'),
      text('cases'),
      flag('has_message'),
      optional('message'),
      text('url'),
    ],
    subject: 'Cases have been reallocated to you',
    body: `Dear ((pom_name)),

These cases have been reallocated to you from ((previous_pom_name)):
((cases))

((has_message??Message from your head of offender management delivery: ((message))))

Your caseload: ((url))`,
  },
  {
    name: 'bulk-allocations-removed',
    catalogueNumber: 6,
    notifyTemplateId: 'b43ed9e1-50d4-433d-8aa1-f17010e54411',
    recipients: [R.bulkSourcePom],
    fields: [
      text('pom_name'),
      text('new_pom_name'),
      text('cases'),
      flag('has_message'),
      optional('message'),
      text('url'),
    ],
    subject: 'Cases have been reallocated from you',
    body: `Dear ((pom_name)),

These cases have been reallocated to ((new_pom_name)):
((cases))

((has_message??Message from your head of offender management delivery: ((message))))

Your caseload: ((url))`,
  },
  {
    name: 'responsibility-override',
    catalogueNumber: 7,
    notifyTemplateId: 'dbed5c86-728f-480f-af97-6a63cd05f742',
    recipients: [R.actingSpo, R.lduMailbox],
    fields: [...PRISONER, text('prison_name'), text('reason')],
    subject: 'Responsibility for a case has been changed to the community',
    body: `Responsibility for ((prisoner_name)) (((prisoner_number))) at ((prison_name)) has been overridden: the community offender manager is now responsible.

Reason: ((reason))`,
  },
  {
    name: 'responsibility-override-removed',
    catalogueNumber: 7,
    notifyTemplateId: '0ea76e4b-547c-4fa9-a920-247fce6fb152',
    recipients: [R.actingSpo, R.lduMailbox, R.primaryPom],
    fields: [
      ...PRISONER,
      text('prison_name'),
      optional('notes'),
      text('responsible_pom_name'),
      text('responsible_pom_email'),
    ],
    subject: 'Responsibility for a case has returned to custody',
    body: `The responsibility override for ((prisoner_name)) (((prisoner_number))) at ((prison_name)) has been removed: the prison offender manager is responsible again.

Responsible POM: ((responsible_pom_name)) (((responsible_pom_email)))
((notes))`,
  },
  {
    name: 'upcoming-handover-window',
    catalogueNumber: 8,
    notifyTemplateId: '52251884-1e6c-4cc1-8d72-4e501d51b6b8',
    recipients: [R.primaryPom],
    fields: [
      ...PRISONER,
      text('prisoner_first_name'),
      text('handover_date'),
      text('release_date'),
      flag('is_standard'),
      flag('is_enhanced'),
    ],
    subject: 'Handover to the community starts soon',
    body: `Handover of ((prisoner_name)) (((prisoner_number))) to the community offender manager is on ((handover_date)), in 8 weeks.
Earliest release date: ((release_date))

((is_enhanced??This is an enhanced handover: attend the handover meeting and review the last OASys assessment.))
((is_standard??This is a standard handover: make contact with the COM and send the handover report.))

Start preparing ((prisoner_first_name))'s handover now.`,
  },
  {
    name: 'handover-date',
    catalogueNumber: 9,
    notifyTemplateId: '9738726f-2377-4762-979d-19799fbb9e84',
    recipients: [R.primaryPom],
    fields: [
      ...PRISONER,
      text('prisoner_first_name'),
      text('release_date'),
      flag('is_standard'),
      flag('is_enhanced'),
      text('com_name'),
      text('com_email'),
    ],
    subject: 'Handover date reached: the COM is now responsible',
    body: `The community offender manager is now responsible for ((prisoner_name)) (((prisoner_number))).
COM: ((com_name)) (((com_email)))
Earliest release date: ((release_date))

((is_enhanced??Enhanced handover: keep supporting the COM until ((prisoner_first_name)) is released.))
((is_standard??Standard handover: make sure the handover report has been sent.))`,
  },
  {
    name: 'com-allocation-overdue',
    catalogueNumber: 10,
    notifyTemplateId: 'de6cbb2e-d05b-482c-84d4-5a63e354c9a9',
    recipients: [R.primaryPom],
    fields: [
      ...PRISONER,
      text('prisoner_first_name'),
      text('handover_date'),
      text('release_date'),
      flag('is_standard'),
      flag('is_enhanced'),
      text('ldu_information'),
      flag('has_ldu_email'),
      flag('missing_ldu_email'),
    ],
    subject: 'No community offender manager has been allocated',
    body: `The handover date of ((prisoner_name)) (((prisoner_number))) was ((handover_date)) and no community offender manager has been allocated yet.
Earliest release date: ((release_date))

((is_enhanced??This is an enhanced handover: until a COM is allocated, keep supporting ((prisoner_first_name)) yourself.))
((is_standard??This is a standard handover: the COM takes over once allocated.))

((ldu_information))
((has_ldu_email??Contact the local delivery unit to ask for a COM to be allocated.))
((missing_ldu_email??We do not have an email address for the local delivery unit: contact your head of offender management delivery.))`,
  },
  {
    name: 'short-sentence-com-needed',
    catalogueNumber: 11,
    notifyTemplateId: '24427c6d-8477-4c54-9936-905fc046fa7d',
    recipients: [R.lduMailbox],
    fields: [...PRISONER, text('prison_name'), text('crn_number')],
    subject: 'A community offender manager is needed now',
    body: `((prisoner_name)) (((prisoner_number)), CRN ((crn_number))) at ((prison_name)) has 10 months or less to serve.
The community offender manager is responsible now, and none has been allocated.

Please allocate a COM in nDelius.`,
  },
  {
    name: 'open-prison-supporting-com-needed',
    catalogueNumber: 12,
    notifyTemplateId: '7fe27fc0-ca6c-42c0-8d36-89600bc83f99',
    recipients: [R.lduMailbox],
    fields: [...PRISONER, text('prisoner_crn'), text('prison_name'), text('ldu_name')],
    subject: 'A supporting community offender manager is needed',
    body: `Dear ((ldu_name)),

((prisoner_name)) (((prisoner_number)), CRN ((prisoner_crn))) is serving an indeterminate sentence and has moved to open conditions at ((prison_name)).
A community offender manager is now needed to support the prison offender manager.

Please allocate a COM in nDelius.`,
  },
  {
    name: 'urgent-pipeline-to-community',
    catalogueNumber: 13,
    notifyTemplateId: 'e4a48be4-456e-413f-b0fb-33e9fae98a51',
    recipients: [R.lduMailbox],
    fields: [
      text('ldu_name'),
      ...PRISONER,
      text('crn'),
      text('sentence_type'),
      text('prison_name'),
      text('start_date'),
      text('responsibility_handover_date'),
      text('pom_name'),
      text('pom_email'),
    ],
    subject: 'Urgent: a community offender manager is needed for a handover',
    body: `Dear ((ldu_name)),

Handover of ((prisoner_name)) (((prisoner_number)), CRN ((crn))) started on ((start_date)) and no community offender manager has been allocated.

Sentence: ((sentence_type))
Prison: ((prison_name))
COM responsible from: ((responsibility_handover_date))
Prison offender manager: ((pom_name)) (((pom_email)))

Please allocate a COM in nDelius.`,
  },
  {
    name: 'pipeline-to-community',
    catalogueNumber: 14,
    notifyTemplateId: '5a451a2a-241d-4fc4-a4b5-a21f3d5623c1',
    recipients: [R.lduMailbox],
    fields: [text('ldu_name'), text('case_count'), text('from_date'), text('to_date'), text('link_to_file')],
    attachment: { field: 'link_to_file', contentType: 'text/csv' },
    subject: 'Handovers starting in the next 45 days',
    body: `Dear ((ldu_name)),

((case_count)) cases in your local delivery unit start their handover to the community between ((from_date)) and ((to_date)), or have had their handover dates changed in the last month.

The attached file lists each case with its prison offender manager and release date:
((link_to_file))`,
  },
  {
    name: 'pipeline-to-community-no-handovers',
    catalogueNumber: 14,
    notifyTemplateId: 'e4622584-a5f6-4ef8-b64b-90b03c14b2d3',
    recipients: [R.lduMailbox],
    fields: [text('ldu_name'), text('from_date'), text('to_date')],
    subject: 'No handovers start in the next 45 days',
    body: `Dear ((ldu_name)),

No cases in your local delivery unit start their handover to the community between ((from_date)) and ((to_date)).`,
  },
  {
    name: 'auto-early-allocation',
    catalogueNumber: 15,
    notifyTemplateId: 'a8c6dfd7-e914-4164-bdb9-8c0aaa7892b3',
    recipients: [R.lduMailbox],
    fields: [...PRISONER, text('pom_name'), text('pom_email_address'), text('prison_name'), text('link_to_document')],
    subject: 'A prisoner is eligible for early allocation',
    body: `((prisoner_name)) (((prisoner_number))) at ((prison_name)) is eligible for early allocation to a community offender manager.

Prison offender manager: ((pom_name)) (((pom_email_address)))
Assessment: ((link_to_document))`,
  },
  {
    name: 'community-early-allocation',
    catalogueNumber: 15,
    notifyTemplateId: '079a5b63-9a31-46eb-89a1-12309498fa41',
    recipients: [R.lduMailbox],
    fields: [...PRISONER, text('pom_name'), text('pom_email_address'), text('prison_name'), text('link_to_document')],
    subject: 'Early allocation: a community decision is needed',
    body: `((prisoner_name)) (((prisoner_number))) at ((prison_name)) may be suitable for early allocation to a community offender manager. The community must decide.

Prison offender manager: ((pom_name)) (((pom_email_address)))
Assessment: ((link_to_document))`,
  },
  {
    name: 'review-early-allocation',
    catalogueNumber: 16,
    notifyTemplateId: '9fd8a0a8-487d-4fc6-b678-e322ed84ae50',
    recipients: [R.primaryPom],
    fields: [...PRISONER, text('prison_name'), text('start_page_link'), text('equip_guidance_link')],
    subject: 'Re-assess early allocation',
    body: `((prisoner_name)) (((prisoner_number))) at ((prison_name)) is now within 18 months of release. Their earlier early allocation assessment must be done again.

Start the assessment: ((start_page_link))
Guidance: ((equip_guidance_link))`,
  },
  {
    name: 'com-allocated',
    catalogueNumber: 17,
    notifyTemplateId: '5db23c80-9cb6-4b8e-a0f6-56061e50a9ef',
    recipients: [R.allocatedCom, R.allocatingOfficer, R.extraRecipient],
    fields: [
      text('officer_name'),
      text('case_name'),
      text('crn'),
      text('tier'),
      text('rosh'),
      text('rsr_level'),
      text('ogrs_level'),
      text('sentence'),
      optional('notes'),
      text('allocating_officer_name'),
    ],
    subject: 'You have been allocated a new case',
    body: `Dear ((officer_name)),

((case_name)) (CRN ((crn))) has been allocated to you by ((allocating_officer_name)).

Tier: ((tier))
RoSH: ((rosh))
RSR: ((rsr_level))
OGRS: ((ogrs_level))
Sentence: ((sentence))

((notes))`,
  },
  {
    // Ours (an extension of the anchor's catalogue, which ends at 17): the "tells the SPO"
    name: 'pom-inactive-cases-returned',
    catalogueNumber: 18,
    notifyTemplateId: '3c9e51d2-7b40-4f8a-9d26-1e5a0c7f4b83',
    recipients: [R.actingSpo],
    fields: [
      text('spo_first_name'),
      text('pom_name'),
      text('prison_name'),
      text('case_count'),
      text('cases'),
      text('url'),
    ],
    subject: 'Cases have returned to the unallocated list',
    body: `Dear ((spo_first_name)),

((pom_name)) is now inactive (away from work) at ((prison_name)), so the cases they held as primary POM have returned to the unallocated list (((case_count))):
((cases))

Allocate a new POM to each case: ((url))`,
  },
] as const satisfies readonly (Omit<NotificationTemplate, 'channel' | 'recipients'> & {
  recipients: readonly RecipientRule[]
})[]

export type TemplateName = (typeof templates)[number]['name']

/** Every template, by name. */
export const TEMPLATES: Readonly<Record<TemplateName, NotificationTemplate>> = Object.fromEntries(
  templates.map(t => [t.name, { ...t, channel: CHANNELS.email } as NotificationTemplate]),
) as Record<TemplateName, NotificationTemplate>

export const TEMPLATE_NAMES = templates.map(t => t.name) as readonly TemplateName[]

export function isTemplateName(value: unknown): value is TemplateName {
  return typeof value === 'string' && Object.hasOwn(TEMPLATES, value)
}

/** A template's recipients of this rule are mailboxes (no preferences, cannot opt out). */
export function isMailboxRule(rule: RecipientRule): boolean {
  return MAILBOX_RULES.has(rule)
}
