/**
 * Which emails an event calls for, to whom, about which case and episode (notifications.md catalogue).
 * Pure: the directory facts are looked up beforehand and passed in; personalisation comes from packages/domain.
 */
import { identifierOf, type PublishedEventOf, type UpstreamEventOf } from '@omic/contracts'
import {
  comAllocatedEmail,
  comAllocationOverdueEmail,
  coworkingAllocatedCoworkerEmail,
  coworkingAllocatedPrimaryEmail,
  coworkingRemovedEmail,
  type EmailResult,
  earlyAllocationEmail,
  expectedOptionalFacts,
  fullName,
  type HandoverKind,
  handoverDateEmail,
  minDate,
  newAllocationEmail,
  OVERRIDE_REASON_TEXT,
  offenderDeallocatedEmail,
  openPrisonSupportingComNeededEmail,
  type PrisonerRef,
  prisonName,
  RECIPIENT_RULES,
  type RecipientRule,
  reallocationPreviousPomEmail,
  responsibilityOverrideEmail,
  responsibilityOverrideRemovedEmail,
  reviewEarlyAllocationEmail,
  shortSentenceComNeededEmail,
  TEMPLATES,
  type TemplateName,
  upcomingHandoverWindowEmail,
  urgentPipelineToCommunityEmail,
} from '@omic/domain'
import type { ApplyOutcome, CaseRecord, HandoverPart, StaffRef } from '../model/directory'
import type { PortalLinks } from '../model/links'
import type { Recipient } from '../model/messages'
import type { CaseRef, ComAllocationExtras, PlannedEmail } from '../model/planned-email'

const staff = (ref: StaffRef): Recipient => ({ kind: 'staff', staffId: ref.staffId, email: ref.email })
const mailbox = (email: string | null | undefined): Recipient => ({ kind: 'mailbox', email: email ?? null })

export function prisonerOf(record: CaseRecord | undefined, noms: string): PrisonerRef {
  return { nomsNumber: noms, name: fullName(record?.prisoner?.firstName, record?.prisoner?.lastName) }
}

/** A prison by its name from the domain's table (the events carry no prison register), else by its NOMIS code. */
export function prisonNameOf(prisonId: string | null | undefined): string {
  return prisonName(prisonId)
}

// ---------------------------------------------------------------------------------------------------------------
// offender-management.allocation.changed: #1, #2, #3, #4, #5

export interface AllocationFacts {
  record: CaseRecord | undefined
  outcome: ApplyOutcome
  /** The POM who held the role before this change, if any. */
  previous: StaffRef | null
  /** The POM now in the role (null when removed). */
  current: StaffRef | null
  /** The primary POM, for co-working emails. */
  primaryPom: StaffRef | null
}

const RELEASE_TRIGGERS = new Set(['offender_released', 'offender_transferred'])

export function planAllocationChanged(
  event: PublishedEventOf<'offender-management.allocation.changed'>,
  f: AllocationFacts,
  links: PortalLinks,
): PlannedEmail[] {
  if (f.outcome === 'stale') return []
  const info = event.additionalInformation
  const noms = info.nomsNumber
  const caseRef: CaseRef = { nomsNumber: noms, crn: f.record?.crn ?? null, prisonId: info.prisonId }
  const prisoner = prisonerOf(f.record, noms)
  const episode = `${info.role}:${info.staffCode ?? 'none'}@${event.occurredAt}`
  const responsibility = f.record?.handover?.responsibility ?? null
  // the SPO's note (#1, #3): "Additional information: …" in the email, blank without one
  const note = info.note ?? null
  const plans: PlannedEmail[] = []
  const plan = (template: TemplateName, rule: RecipientRule, to: StaffRef, content: EmailResult) =>
    plans.push({ template, rule, recipient: staff(to), caseRef, episode, content })
  const previousDiffers = f.previous !== null && f.previous.staffId !== f.current?.staffId

  // Bulk reallocations are summarised per POM (#6), not emailed case by case
  if (info.eventTrigger === 'bulk_reallocation') return []

  if (info.role === 'primary') {
    if (f.current) {
      plan(
        'new-allocation',
        RECIPIENT_RULES.newPrimaryPom,
        f.current,
        newAllocationEmail({
          pomName: f.current.name,
          responsibility,
          prisoner,
          note,
          url: links.caseAllocation(info.prisonId, noms),
          lastOasysDate: f.record?.assessment?.completedDate ?? null,
          handoverStartDate: f.record?.handover?.handoverStartDate ?? null,
          handoverDate: f.record?.handover?.handoverDate ?? null,
          comName: f.record?.com?.name ?? null,
          comEmail: f.record?.com?.email ?? null,
        }),
      )
      if (f.previous && previousDiffers) {
        plan(
          'reallocation-previous-pom',
          RECIPIENT_RULES.previousPrimaryPom,
          f.previous,
          reallocationPreviousPomEmail({
            previousPomName: f.previous.name,
            newPomName: f.current.name,
            prisoner,
            prisonName: prisonNameOf(info.prisonId),
            url: links.caseload(info.prisonId),
          }),
        )
      }
    } else if (f.previous && RELEASE_TRIGGERS.has(info.eventTrigger)) {
      plan(
        'offender-deallocated',
        RECIPIENT_RULES.previousPrimaryPom,
        f.previous,
        offenderDeallocatedEmail({
          pomName: f.previous.name,
          prisoner,
          prisonName: prisonNameOf(info.prisonId),
          url: links.caseload(info.prisonId),
        }),
      )
    }
    return plans
  }

  // co-working POM
  if (f.current) {
    if (f.primaryPom) {
      plan(
        'coworking-allocated-primary',
        RECIPIENT_RULES.primaryPom,
        f.primaryPom,
        coworkingAllocatedPrimaryEmail({
          primaryPomName: f.primaryPom.name,
          coworkingPomName: f.current.name,
          prisoner,
          note,
          url: links.caseAllocation(info.prisonId, noms),
        }),
      )
    }
    plan(
      'coworking-allocated-coworker',
      RECIPIENT_RULES.coworkingPom,
      f.current,
      coworkingAllocatedCoworkerEmail({
        coworkingPomName: f.current.name,
        primaryPomName: f.primaryPom?.name ?? null,
        responsibility,
        prisoner,
        note,
        url: links.caseAllocation(info.prisonId, noms),
      }),
    )
  } else if (f.previous && f.primaryPom) {
    plan(
      'coworking-removed',
      RECIPIENT_RULES.primaryPom,
      f.primaryPom,
      coworkingRemovedEmail({
        primaryPomName: f.primaryPom.name,
        coworkingPomName: f.previous.name,
        prisoner,
        url: links.caseAllocation(info.prisonId, noms),
      }),
    )
  }
  return plans
}

// ---------------------------------------------------------------------------------------------------------------
// offender-management.handover.changed with source `override`: #7

const OVERRIDE_REASONS = new Set(Object.keys(OVERRIDE_REASON_TEXT))

export interface OverrideFacts {
  record: CaseRecord | undefined
  outcome: ApplyOutcome
  /** The handover part before this event (an override was in force if its source was `override`). */
  previous: HandoverPart | undefined
  primaryPom: StaffRef | null
}

/** The SPO who set or removed an override, as `handover.changed` names them (from their token). */
export type ActingSpo = { staffId: string | null; name: string | null; email: string | null }

/**
 * The acting SPO's own copy: to them as a staff member when the event gives their staff id (so their preferences
 * apply), else to the address alone. None without an address, and none when they already get the email as the
 * LDU mailbox or as the primary POM (one email per person).
 */
function actingSpoCopy(
  spo: ActingSpo | null | undefined,
  others: readonly { staffId?: string; email: string | null }[],
): Recipient | null {
  const email = spo?.email?.trim()
  if (!spo || !email) return null
  const already = others.some(
    o =>
      (spo.staffId !== null && o.staffId === spo.staffId) ||
      (o.email !== null && o.email.trim().toLowerCase() === email.toLowerCase()),
  )
  if (already) return null
  return spo.staffId ? { kind: 'staff', staffId: spo.staffId, email } : mailbox(email)
}

/**
 * An override to the community (an override reason) tells the LDU mailbox; its removal (source `override` with a
 * calculated reason again) tells the LDU mailbox and the primary POM. Either way the acting SPO named by the event
 * (`overriddenBy`) gets their own copy.
 */
export function planHandoverChanged(
  event: PublishedEventOf<'offender-management.handover.changed'>,
  f: OverrideFacts,
): PlannedEmail[] {
  const info = event.additionalInformation
  if (info.source !== 'override' || f.outcome === 'stale') return []
  const noms = info.nomsNumber
  const prisonId = f.record?.prisoner?.prisonId ?? null
  const caseRef: CaseRef = { nomsNumber: noms, crn: f.record?.crn ?? null, prisonId }
  const prisoner = prisonerOf(f.record, noms)
  const ldu = mailbox(f.record?.probation?.lduEmail)
  const plans: PlannedEmail[] = []
  let template: TemplateName
  let episode: string
  let content: EmailResult
  if (OVERRIDE_REASONS.has(info.reason)) {
    template = 'responsibility-override'
    episode = `override:${info.reason}@${event.occurredAt}`
    content = responsibilityOverrideEmail({ prisoner, prisonName: prisonNameOf(prisonId), reason: info.reason })
    plans.push({ template, rule: RECIPIENT_RULES.lduMailbox, recipient: ldu, caseRef, episode, content })
  } else {
    template = 'responsibility-override-removed'
    episode = `override-removed@${event.occurredAt}`
    content = responsibilityOverrideRemovedEmail({
      prisoner,
      prisonName: prisonNameOf(prisonId),
      pomName: f.primaryPom?.name ?? null,
      pomEmail: f.primaryPom?.email ?? null,
    })
    plans.push({ template, rule: RECIPIENT_RULES.lduMailbox, recipient: ldu, caseRef, episode, content })
    if (f.primaryPom) {
      plans.push({
        template,
        rule: RECIPIENT_RULES.primaryPom,
        recipient: staff(f.primaryPom),
        caseRef,
        episode,
        content,
      })
    }
  }
  const others = [
    { email: ldu.email },
    ...(f.primaryPom && template === 'responsibility-override-removed' ? [f.primaryPom] : []),
  ]
  const spo = actingSpoCopy(info.overriddenBy, others)
  if (spo) plans.push({ template, rule: RECIPIENT_RULES.actingSpo, recipient: spo, caseRef, episode, content })
  return plans
}

// ---------------------------------------------------------------------------------------------------------------
// offender-management.handover.reminder-due: #8–#13, #16

export interface ReminderFacts {
  record: CaseRecord | undefined
  /** The primary POM named by the event (or the directory's). */
  pom: StaffRef | null
  lduName: string | null
}

export function planReminder(
  event: PublishedEventOf<'offender-management.handover.reminder-due'>,
  f: ReminderFacts,
  links: PortalLinks,
): PlannedEmail[] {
  const info = event.additionalInformation
  const noms = info.nomsNumber
  const crn = info.crn ?? f.record?.crn ?? null
  const caseRef: CaseRef = { nomsNumber: noms, crn, prisonId: info.prisonId }
  const prisoner = prisonerOf(f.record, noms)
  const prisonName = prisonNameOf(info.prisonId)
  const p = f.record?.prisoner
  const releaseDate =
    info.earliestReleaseDate ?? minDate(p?.conditionalReleaseDate, p?.paroleEligibilityDate, p?.tariffDate) ?? null
  const handoverKind: HandoverKind = info.handoverType ?? 'missing'
  const lduEmail = info.lduEmail ?? f.record?.probation?.lduEmail ?? null
  const reminderFacts = { prisoner, prisonerFirstName: p?.firstName ?? null, releaseDate, handoverKind }
  const episode = info.episodeId
  const toPom = (template: TemplateName, content: EmailResult): PlannedEmail[] =>
    f.pom ? [{ template, rule: RECIPIENT_RULES.primaryPom, recipient: staff(f.pom), caseRef, episode, content }] : []
  const toLdu = (template: TemplateName, content: EmailResult, ep = episode): PlannedEmail[] => [
    { template, rule: RECIPIENT_RULES.lduMailbox, recipient: mailbox(lduEmail), caseRef, episode: ep, content },
  ]

  switch (info.reminder) {
    case 'upcoming-window':
      return toPom(
        'upcoming-handover-window',
        upcomingHandoverWindowEmail({ ...reminderFacts, handoverDate: info.handoverDate }),
      )
    case 'handover-date-reached':
      return toPom(
        'handover-date',
        handoverDateEmail({
          ...reminderFacts,
          comName: info.comName ?? f.record?.com?.name ?? null,
          comEmail: info.comEmail ?? f.record?.com?.email ?? null,
        }),
      )
    case 'com-allocation-overdue':
      return toPom(
        'com-allocation-overdue',
        comAllocationOverdueEmail({ ...reminderFacts, handoverDate: info.handoverDate, lduName: f.lduName, lduEmail }),
      )
    case 'urgent-pipeline':
      return toLdu(
        'urgent-pipeline-to-community',
        urgentPipelineToCommunityEmail({
          lduName: f.lduName,
          prisoner,
          crn,
          indeterminate: p ? p.indeterminate : null,
          prisonName,
          handoverStartDate: info.handoverStartDate,
          handoverDate: info.handoverDate,
          pomName: f.pom?.name ?? null,
          pomEmail: f.pom?.email ?? null,
        }),
      )
    case 'short-sentence-com-chase':
      // repeated every 2 days while no COM is allocated: each due day is its own email
      return toLdu(
        'short-sentence-com-needed',
        shortSentenceComNeededEmail({ prisoner, prisonName, crn }),
        `${episode}@${info.dueDate}`,
      )
    case 'open-prison-supporting-com':
      return toLdu(
        'open-prison-supporting-com-needed',
        openPrisonSupportingComNeededEmail({ prisoner, prisonName, crn, lduName: f.lduName }),
      )
    case 'early-allocation-window-entered':
      return toPom(
        'review-early-allocation',
        reviewEarlyAllocationEmail({
          prisoner,
          prisonName,
          startPageLink: links.newEarlyAllocation(info.prisonId, noms),
          guidanceLink: links.earlyAllocationGuidance(),
        }),
      )
  }
}

// ---------------------------------------------------------------------------------------------------------------
// community-early-allocation-eligibility.status.changed: #15

/**
 * Which early-allocation email an eligibility change calls for. With the assessment's outcome: `eligible` and now
 * active → the automatic one; `discretionary` and not active yet → "a community decision is needed" (once the
 * community has said yes the case turns active, and the LDU, who decided, is not asked again); `ineligible` or
 * no assessment → none. Without the outcome (an older producer): active → the automatic one.
 */
export function earlyAllocationKind(
  info: PublishedEventOf<'community-early-allocation-eligibility.status.changed'>['additionalInformation'],
): 'automatic' | 'discretionary' | null {
  switch (info.assessmentOutcome) {
    case undefined:
    case 'eligible':
      return info.eligibilityStatus ? 'automatic' : null
    case 'discretionary':
      return info.eligibilityStatus ? null : 'discretionary'
    default:
      return null
  }
}

export function planEarlyAllocation(
  event: PublishedEventOf<'community-early-allocation-eligibility.status.changed'>,
  f: { record: CaseRecord | undefined },
  links: PortalLinks,
): PlannedEmail[] {
  const info = event.additionalInformation
  const kind = earlyAllocationKind(info)
  if (!kind) return []
  const noms = info.nomsNumber
  const prisonId = f.record?.prisoner?.prisonId ?? null
  const pom = f.record?.primaryPom ?? null
  const label = kind === 'automatic' ? 'eligible' : 'discretionary'
  return [
    {
      template: kind === 'automatic' ? 'auto-early-allocation' : 'community-early-allocation',
      rule: RECIPIENT_RULES.lduMailbox,
      recipient: mailbox(f.record?.probation?.lduEmail),
      caseRef: { nomsNumber: noms, crn: f.record?.crn ?? null, prisonId },
      // one email per assessment when the event names it (a re-publication is the same episode)
      episode: info.assessmentId ? `${label}:${info.assessmentId}` : `${label}@${event.occurredAt}`,
      content: earlyAllocationEmail({
        kind,
        prisoner: prisonerOf(f.record, noms),
        pomName: pom?.name ?? null,
        pomEmail: pom?.email ?? null,
        prisonName: prisonNameOf(prisonId),
        assessmentLink: prisonId ? links.earlyAllocation(prisonId, noms) : '',
      }),
    },
  ]
}

// ---------------------------------------------------------------------------------------------------------------
// person.community.manager.allocated: #17

export interface ComFacts {
  /** The COM now allocated, with contact details from the event or the directory. */
  com: StaffRef
  record: CaseRecord | undefined
  outcome: ApplyOutcome
  previous: StaffRef | null
  extras: ComAllocationExtras
  sentence: string | null
}

export function planComAllocated(
  event: UpstreamEventOf<'person.community.manager.allocated'>,
  crn: string,
  f: ComFacts,
): PlannedEmail[] {
  const com = f.com
  const staffCode = com.staffId
  // Re-publications of an unchanged allocation (workload.md §b.4 step 6) and stale events send nothing
  if (f.outcome === 'stale' || f.previous?.staffId === staffCode) return []
  const noms = f.record?.nomsNumber ?? null
  const caseRef: CaseRef = { nomsNumber: noms, crn, prisonId: f.record?.prisoner?.prisonId ?? null }
  const content = comAllocatedEmail({
    officerName: com.name,
    caseName: fullName(f.record?.prisoner?.firstName, f.record?.prisoner?.lastName),
    crn,
    tier: f.record?.tier?.tier ?? null,
    roshLevel: f.record?.probation?.roshLevel ?? null,
    rsrScore: f.record?.assessment?.rsrScore ?? null,
    ogrsScore: f.record?.assessment?.ogrsScore ?? null,
    sentence: f.sentence,
    notes: f.extras.notes,
    allocatingOfficerName: f.extras.allocatingOfficer?.name ?? null,
  })
  // the tier, RoSH, RSR and OGRS it shows are worth waiting for while the probation case may still bring them (a
  // tier calculated without inputs that may still come is still waited for: a complete one may follow)
  const expecting = expectedOptionalFacts(
    TEMPLATES['com-allocated'].fields.map(field => field.name),
    {
      crn: crn !== '',
      tier: !!f.record?.tier,
      tierMissingInputs: f.record?.tier?.missingInputs,
      probationDetails: !!f.record?.probation,
      assessment: !!f.record?.assessment,
    },
  )
  const episode = `${staffCode}@${event.occurredAt}`
  // the case in the dedupe key comes from the event (its NOMS number, else its CRN), never from the directory: an
  // allocation first seen before the CRN was linked and redelivered after it is still the same email
  const caseKey = identifierOf(event, 'NOMS') ?? crn
  const plans: PlannedEmail[] = [
    {
      template: 'com-allocated',
      rule: RECIPIENT_RULES.allocatedCom,
      recipient: staff(com),
      caseRef,
      caseKey,
      episode,
      content,
      expecting,
    },
  ]
  const officer = f.extras.allocatingOfficer
  if (officer && f.extras.sendCopyToAllocatingOfficer) {
    plans.push({
      template: 'com-allocated',
      rule: RECIPIENT_RULES.allocatingOfficer,
      recipient: staff(officer),
      caseRef,
      caseKey,
      episode,
      content,
      expecting,
    })
  }
  const seen = new Set([com.email, officer?.email].filter(Boolean).map(e => e?.toLowerCase()))
  for (const email of f.extras.emailTo) {
    if (seen.has(email.toLowerCase())) continue
    seen.add(email.toLowerCase())
    plans.push({
      template: 'com-allocated',
      rule: RECIPIENT_RULES.extraRecipient,
      recipient: mailbox(email),
      caseRef,
      caseKey,
      episode,
      content,
      expecting,
    })
  }
  return plans
}
