/**
 * One pure builder per template: typed facts in, validated personalisation out (or the list of what is missing).
 * Formats and defaults follow the anchors (allocation.md §8, handover.md §g, workload.md §b.6): dates read
 * "9 April 2021", unknown LDU/COM/handover fields read "Unknown", a missing OASys assessment reads
 * "No OASys information".
 */
import type { IsoDate } from '../shared/dates'
import type { TemplateName } from './catalogue'
import { firstNameOf, formatLongDate, longDateOr, NO_OASYS, textOr, titleise, UNKNOWN, yesNo } from './format'
import { type Attachment, type EmailResult, emailContent } from './personalisation'

/** The prisoner an email is about. A null name is missing (the email cannot be built without it). */
export interface PrisonerRef {
  nomsNumber: string
  name: string | null
}

/** OMiC responsibility (handover.md §d); null when no handover has been calculated yet. */
export type CaseResponsibility = 'CustodyOnly' | 'CustodyWithCom' | 'Community' | null

/** The POM is "supporting" once the COM is responsible, otherwise "responsible" (also before any calculation). */
export function pomResponsibility(responsibility: CaseResponsibility): 'responsible' | 'supporting' {
  return responsibility === 'Community' ? 'supporting' : 'responsible'
}

/** "Additional information: …" or blank, as the allocation email shows an SPO's note. */
export function noteText(note: string | null | undefined): string {
  return note?.trim() ? `Additional information: ${note.trim()}` : ''
}

export function newAllocationEmail(f: {
  pomName: string | null
  responsibility: CaseResponsibility
  prisoner: PrisonerRef
  note?: string | null
  url: string
  lastOasysDate: IsoDate | null
  handoverStartDate: IsoDate | null
  handoverDate: IsoDate | null
  comName: string | null
  comEmail: string | null
}): EmailResult {
  return emailContent('new-allocation', {
    pom_first_name: firstNameOf(f.pomName),
    responsibility: pomResponsibility(f.responsibility),
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    note: noteText(f.note),
    url: f.url,
    last_oasys_date: longDateOr(f.lastOasysDate, NO_OASYS),
    handover_start_date: longDateOr(f.handoverStartDate),
    handover_date: longDateOr(f.handoverDate),
    com_name: textOr(f.comName),
    com_email: textOr(f.comEmail),
  })
}

export function reallocationPreviousPomEmail(f: {
  previousPomName: string | null
  newPomName: string | null
  prisoner: PrisonerRef
  prisonName: string
  url: string
}): EmailResult {
  return emailContent('reallocation-previous-pom', {
    previous_pom_first_name: firstNameOf(f.previousPomName),
    new_pom_name: textOr(f.newPomName),
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    url: f.url,
  })
}

export function coworkingAllocatedPrimaryEmail(f: {
  primaryPomName: string | null
  coworkingPomName: string | null
  prisoner: PrisonerRef
  note?: string | null
  url: string
}): EmailResult {
  return emailContent('coworking-allocated-primary', {
    pom_first_name: firstNameOf(f.primaryPomName),
    coworking_pom_name: textOr(f.coworkingPomName),
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    note: noteText(f.note),
    url: f.url,
  })
}

export function coworkingAllocatedCoworkerEmail(f: {
  coworkingPomName: string | null
  primaryPomName: string | null
  responsibility: CaseResponsibility
  prisoner: PrisonerRef
  note?: string | null
  url: string
}): EmailResult {
  return emailContent('coworking-allocated-coworker', {
    pom_first_name: firstNameOf(f.coworkingPomName),
    responsible_pom_name: textOr(f.primaryPomName),
    responsibility: pomResponsibility(f.responsibility),
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    note: noteText(f.note),
    url: f.url,
  })
}

export function coworkingRemovedEmail(f: {
  primaryPomName: string | null
  coworkingPomName: string | null
  prisoner: PrisonerRef
  url: string
}): EmailResult {
  return emailContent('coworking-removed', {
    pom_name: f.primaryPomName,
    coworking_pom_name: f.coworkingPomName,
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    url: f.url,
  })
}

/** The anchor writes "N/A" when the released prisoner's name is no longer known (allocation.md §8). */
export function offenderDeallocatedEmail(f: {
  pomName: string | null
  prisoner: PrisonerRef
  prisonName: string
  url: string
}): EmailResult {
  return emailContent('offender-deallocated', {
    pom_first_name: firstNameOf(f.pomName),
    prisoner_name: textOr(f.prisoner.name, 'N/A'),
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    url: f.url,
  })
}

export interface BulkCase {
  prisonerName: string
  nomsNumber: string
  /** e.g. "responsible" / "supporting" */
  role: string
}

/** One line per case: `Name (NOMS) – role`. */
export function bulkCaseList(cases: readonly BulkCase[]): string {
  return cases.map(c => `${c.prisonerName} (${c.nomsNumber}) – ${c.role}`).join('\n')
}

export function bulkAllocationsEmail(f: {
  direction: 'created' | 'removed'
  pomName: string | null
  otherPomName: string | null
  cases: readonly BulkCase[]
  message: string | null
  url: string
}): EmailResult {
  const message = f.message?.trim() ?? ''
  const common = {
    pom_name: f.pomName,
    cases: f.cases.length ? bulkCaseList(f.cases) : null,
    has_message: yesNo(message !== ''),
    message,
    url: f.url,
  }
  return f.direction === 'created'
    ? emailContent('bulk-allocations-created', { ...common, previous_pom_name: f.otherPomName })
    : emailContent('bulk-allocations-removed', { ...common, new_pom_name: f.otherPomName })
}

/** Override reasons (handover.md §f) as the email words them. */
export const OVERRIDE_REASON_TEXT: Readonly<Record<string, string>> = {
  less_than_10_months_to_serve: 'Less than 10 months left to serve',
  community_team_to_work_with_offender: 'The community team need to work with the prisoner',
  prisoner_has_been_recalled: 'The prisoner has been recalled',
  prisoner_moved_to_open_prison: 'The prisoner has moved to an open prison',
  other_reason: 'Other reason',
}

export function responsibilityOverrideEmail(f: {
  prisoner: PrisonerRef
  prisonName: string
  reason: string
  reasonText?: string | null
}): EmailResult {
  return emailContent('responsibility-override', {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    reason: f.reasonText?.trim() || OVERRIDE_REASON_TEXT[f.reason] || titleise(f.reason.replace(/_/g, ' ')),
  })
}

export function responsibilityOverrideRemovedEmail(f: {
  prisoner: PrisonerRef
  prisonName: string
  notes?: string | null
  pomName: string | null
  pomEmail: string | null
}): EmailResult {
  return emailContent('responsibility-override-removed', {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    notes: f.notes?.trim() ?? '',
    responsible_pom_name: textOr(f.pomName),
    responsible_pom_email: textOr(f.pomEmail),
  })
}

/** Handover type (handover.md §c.6): only "enhanced" and "standard" set a flag. */
export type HandoverKind = 'enhanced' | 'standard' | 'none' | 'missing'

interface ReminderFacts {
  prisoner: PrisonerRef
  prisonerFirstName: string | null
  releaseDate: IsoDate | null
  handoverKind: HandoverKind
}

function reminderCommon(f: ReminderFacts) {
  return {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prisoner_first_name: f.prisonerFirstName ? titleise(f.prisonerFirstName) : firstNameOf(f.prisoner.name),
    release_date: longDateOr(f.releaseDate),
    is_standard: yesNo(f.handoverKind === 'standard'),
    is_enhanced: yesNo(f.handoverKind === 'enhanced'),
  }
}

export function upcomingHandoverWindowEmail(f: ReminderFacts & { handoverDate: IsoDate | null }): EmailResult {
  return emailContent('upcoming-handover-window', {
    ...reminderCommon(f),
    handover_date: f.handoverDate ? formatLongDate(f.handoverDate) : null,
  })
}

export function handoverDateEmail(f: ReminderFacts & { comName: string | null; comEmail: string | null }): EmailResult {
  return emailContent('handover-date', {
    ...reminderCommon(f),
    com_name: textOr(f.comName),
    com_email: textOr(f.comEmail),
  })
}

/** "LDU: …\nLDU email: …\n" as the overdue email shows the local delivery unit. */
export function lduInformation(lduName: string | null, lduEmail: string | null): string {
  return `LDU: ${textOr(lduName)}\nLDU email: ${textOr(lduEmail)}\n`
}

export function comAllocationOverdueEmail(
  f: ReminderFacts & { handoverDate: IsoDate | null; lduName: string | null; lduEmail: string | null },
): EmailResult {
  const hasLduEmail = !!f.lduEmail?.trim()
  return emailContent('com-allocation-overdue', {
    ...reminderCommon(f),
    handover_date: f.handoverDate ? formatLongDate(f.handoverDate) : null,
    ldu_information: lduInformation(f.lduName, f.lduEmail),
    has_ldu_email: yesNo(hasLduEmail),
    missing_ldu_email: yesNo(!hasLduEmail),
  })
}

export function shortSentenceComNeededEmail(f: {
  prisoner: PrisonerRef
  prisonName: string
  crn: string | null
}): EmailResult {
  return emailContent('short-sentence-com-needed', {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    crn_number: f.crn,
  })
}

export function openPrisonSupportingComNeededEmail(f: {
  prisoner: PrisonerRef
  prisonName: string
  crn: string | null
  lduName: string | null
}): EmailResult {
  return emailContent('open-prison-supporting-com-needed', {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prisoner_crn: f.crn,
    prison_name: f.prisonName,
    ldu_name: textOr(f.lduName),
  })
}

/** What the urgent pipeline email says when no POM is allocated at the prison (handover.md §g.3). */
export const NO_ALLOCATED_POM = 'This offender does not have an allocated POM'

export function urgentPipelineToCommunityEmail(f: {
  lduName: string | null
  prisoner: PrisonerRef
  crn: string | null
  indeterminate: boolean | null
  prisonName: string
  handoverStartDate: IsoDate | null
  handoverDate: IsoDate | null
  pomName: string | null
  pomEmail: string | null
}): EmailResult {
  const hasPom = !!f.pomName?.trim()
  return emailContent('urgent-pipeline-to-community', {
    ldu_name: textOr(f.lduName),
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    crn: f.crn,
    sentence_type: f.indeterminate === null ? UNKNOWN : f.indeterminate ? 'Indeterminate' : 'Determinate',
    prison_name: f.prisonName,
    start_date: longDateOr(f.handoverStartDate),
    responsibility_handover_date: longDateOr(f.handoverDate),
    pom_name: hasPom ? f.pomName : NO_ALLOCATED_POM,
    pom_email: hasPom ? textOr(f.pomEmail) : 'n/a',
  })
}

export function pipelineToCommunityEmail(f: {
  lduName: string | null
  fromDate: IsoDate
  toDate: IsoDate
  caseCount: number
  csv: Attachment | null
}): EmailResult {
  const period = {
    ldu_name: textOr(f.lduName),
    from_date: formatLongDate(f.fromDate),
    to_date: formatLongDate(f.toDate),
  }
  if (f.caseCount === 0 || f.csv === null) return emailContent('pipeline-to-community-no-handovers', period)
  return emailContent(
    'pipeline-to-community',
    { ...period, case_count: String(f.caseCount), link_to_file: f.csv.filename },
    f.csv,
  )
}

export function earlyAllocationEmail(f: {
  kind: 'automatic' | 'discretionary'
  prisoner: PrisonerRef
  pomName: string | null
  pomEmail: string | null
  prisonName: string
  assessmentLink: string
}): EmailResult {
  const name: TemplateName = f.kind === 'automatic' ? 'auto-early-allocation' : 'community-early-allocation'
  return emailContent(name, {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    pom_name: textOr(f.pomName),
    pom_email_address: textOr(f.pomEmail),
    prison_name: f.prisonName,
    link_to_document: f.assessmentLink,
  })
}

export function reviewEarlyAllocationEmail(f: {
  prisoner: PrisonerRef
  prisonName: string
  startPageLink: string
  guidanceLink: string
}): EmailResult {
  return emailContent('review-early-allocation', {
    prisoner_name: f.prisoner.name,
    prisoner_number: f.prisoner.nomsNumber,
    prison_name: f.prisonName,
    start_page_link: f.startPageLink,
    equip_guidance_link: f.guidanceLink,
  })
}

/** What a missing risk score reads as in the COM allocation email (workload.md §b.6). */
export const SCORE_UNAVAILABLE = 'Score Unavailable'

/** OGRS level from the score: ≤49 Low, 50–74 Medium, 75–89 High, ≥90 Very High (workload.md §b.6). */
export function ogrsLevel(score: number | null | undefined): string {
  if (score === null || score === undefined) return SCORE_UNAVAILABLE
  const level = score >= 90 ? 'Very High' : score >= 75 ? 'High' : score >= 50 ? 'Medium' : 'Low'
  return `${level} (${score}%)`
}

/** RSR band from the percentage: below 3 Low, 3 to below 6.9 Medium, 6.9 and above High. */
export function rsrLevel(score: number | null | undefined): string {
  if (score === null || score === undefined) return SCORE_UNAVAILABLE
  const level = score >= 6.9 ? 'High' : score >= 3 ? 'Medium' : 'Low'
  return `${level} (${score}%)`
}

/** `VERY_HIGH` → `Very High`; missing → "Score Unavailable". */
export function roshText(level: string | null | undefined): string {
  return level ? titleise(level.replace(/_/g, ' ')) : SCORE_UNAVAILABLE
}

export function comAllocatedEmail(f: {
  officerName: string | null
  caseName: string | null
  crn: string
  tier: string | null
  roshLevel: string | null
  rsrScore: number | null
  ogrsScore: number | null
  sentence: string | null
  notes: string | null
  allocatingOfficerName: string | null
}): EmailResult {
  return emailContent('com-allocated', {
    officer_name: f.officerName,
    case_name: f.caseName,
    crn: f.crn,
    tier: textOr(f.tier),
    rosh: roshText(f.roshLevel),
    rsr_level: rsrLevel(f.rsrScore),
    ogrs_level: ogrsLevel(f.ogrsScore),
    sentence: textOr(f.sentence),
    // The anchor sends the literal string "null" when there are no notes (workload.md §b.6); we send nothing
    notes: f.notes?.trim() ?? '',
    allocating_officer_name: textOr(f.allocatingOfficerName, 'nDelius'),
  })
}

/** A case handed back when its primary POM went inactive; a null name is not known yet. */
export interface ReturnedCase {
  nomsNumber: string
  prisonerName: string | null
}

/** What the greeting of #18 says when the SPO's token carried no name. */
export const SPO_GREETING_FALLBACK = 'colleague'

/**
 * One line per case, `Name (NOMS)`, a case listed once however often it was reported, sorted by name then number;
 * a name not known yet reads "Unknown".
 */
export function returnedCaseList(cases: readonly ReturnedCase[]): string {
  const byNoms = new Map<string, string>()
  for (const c of cases) {
    const name = textOr(c.prisonerName)
    const known = byNoms.get(c.nomsNumber)
    if (known === undefined || known === UNKNOWN) byNoms.set(c.nomsNumber, name)
  }
  return [...byNoms]
    .map(([nomsNumber, name]) => ({ nomsNumber, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.nomsNumber.localeCompare(b.nomsNumber))
    .map(c => `${c.name} (${c.nomsNumber})`)
    .join('\n')
}

/** `1 case`, `3 cases`. */
export function caseCountText(count: number): string {
  return `${count} ${count === 1 ? 'case' : 'cases'}`
}

/**
 * #18 (ours): the SPO who set a POM inactive is told which primary cases returned to the unallocated list. The
 * POM's name and at least one case are required; an SPO without a name is greeted as "colleague".
 */
export function pomInactiveCasesReturnedEmail(f: {
  spoName: string | null
  pomName: string | null
  prisonName: string
  cases: readonly ReturnedCase[]
  url: string
}): EmailResult {
  const count = new Set(f.cases.map(c => c.nomsNumber)).size
  return emailContent('pom-inactive-cases-returned', {
    spo_first_name: firstNameOf(f.spoName) ?? SPO_GREETING_FALLBACK,
    pom_name: f.pomName?.trim() || null,
    prison_name: f.prisonName,
    case_count: count > 0 ? caseCountText(count) : null,
    cases: count > 0 ? returnedCaseList(f.cases) : null,
    url: f.url,
  })
}
