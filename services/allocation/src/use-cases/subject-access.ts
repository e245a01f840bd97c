/**
 * Subject access request (allocation.md §10): the personal data this service holds about one prisoner — the
 * allocation history (POM and COM decisions), the case information it keeps from probation and tiering, and the
 * responsibility as the handover service last told it — in words a reader outside the service understands.
 * Staff ids and names, the CRN and the actor's identity never appear (the anchor omits them too).
 *
 * Dates: with a window [from, to] (both London calendar days, `to` inclusive — the anchor's `to + 1 day` bound) a
 * "state" record returns the last version before the window plus those inside it. History entries are states of
 * one role each (primary POM, co-working POM, COM), so the last entry before the window is kept per role. The
 * case information and the responsibility are stored as their latest version only, with the time it became
 * true: they are returned when that time is on or before the window's last day (inside the window, or the last
 * before it); a version that became true after the window is not returned, because the one it replaced is gone.
 */
import { londonDateOf } from '@omic/domain'
import type { SarWindow } from '@omic/lambda-kit'
import type { CaseRecord, HistoryEntry } from '../model'
import type { Deps } from './deps'

const EVENT_WORDS: Readonly<Record<HistoryEntry['event'], string>> = {
  allocate_primary_pom: 'Prison offender manager allocated',
  reallocate_primary_pom: 'Prison offender manager changed',
  deallocate_primary_pom: 'Prison offender manager removed',
  allocate_secondary_pom: 'Co-working prison offender manager allocated',
  deallocate_secondary_pom: 'Co-working prison offender manager removed',
  allocate_com: 'Community offender manager allocated',
  reallocate_com: 'Community offender manager changed',
}

const TRIGGER_WORDS: Readonly<Record<HistoryEntry['trigger'], string>> = {
  user: 'Decision by a member of staff',
  offender_transferred: 'Moved to another prison',
  offender_released: 'Released from prison',
  manual_change: 'Corrected by an administrator',
  legal_status_changed: 'Legal status changed',
  inactive_pom: 'The prison offender manager was away from work',
  bulk_reallocation: 'Cases moved together from one prison offender manager to another',
  offender_merged: 'Prison records merged',
}

const ROLE_WORDS: Readonly<Record<HistoryEntry['role'], string>> = {
  primary: 'Prison offender manager',
  coworking: 'Co-working prison offender manager',
  com: 'Community offender manager',
}

const POM_TYPE_WORDS: Readonly<Record<string, string>> = {
  PROBATION: 'Probation officer POM',
  PRISON: 'Prison officer POM',
}

const OVERRIDE_WORDS: Readonly<Record<string, string>> = {
  suitability: 'The recommended type of prison offender manager was not suitable',
  no_staff: 'No prison offender manager of the recommended type was available',
  continuity: 'The prison offender manager had worked with the person before',
  other: 'Another reason',
}

const REALLOCATION_WORDS: Readonly<Record<string, string>> = {
  relationship_incompatible: 'The working relationship had broken down',
  om_threatened_or_intimidated: 'The offender manager had been threatened or intimidated',
  collusion_or_loss_of_objectivity: 'A long relationship risked collusion or a loss of objectivity',
  loss_of_momentum: 'The case needed a fresh approach',
  om_left: 'The offender manager left',
  om_absent: 'The offender manager was absent for a long period',
  prisoner_transferred: 'The person moved',
}

const RESPONSIBILITY_WORDS: Readonly<Record<string, string>> = {
  CustodyOnly: 'The prison offender manager is responsible',
  CustodyWithCom: 'The prison offender manager is responsible, supported by a community offender manager',
  Community: 'The community offender manager is responsible',
}

const HANDOVER_REASON_WORDS: Readonly<Record<string, string>> = {
  early_allocation: 'Early allocation to the community offender manager',
  indeterminate: 'Indeterminate sentence',
  indeterminate_open: 'Indeterminate sentence in open conditions',
  determinate_short: 'Determinate sentence with little time left to serve',
  determinate_parole: 'Determinate sentence with a parole date',
  determinate: 'Determinate sentence',
  additional_isp: 'Indeterminate sentence with an additional sentence',
  recall_thd_over_12_months: 'Recall with more than 12 months to the handover date',
  parole_mappa_2_3: 'Parole case managed at MAPPA level 2 or 3',
  thd_over_12_months: 'More than 12 months to the handover date',
  recall_case: 'Recall',
  immigration_case: 'Immigration case',
  release_date_unknown: 'Release date not known',
  com_responsibility: 'Community offender manager responsible',
  less_than_10_months_to_serve: 'Less than 10 months to serve',
  community_team_to_work_with_offender: 'The community team is to work with the person',
  prisoner_has_been_recalled: 'Recalled to prison',
  other_reason: 'Another reason',
  prisoner_moved_to_open_prison: 'Moved to an open prison',
}

/** A code with no wording yet is still readable: `some_code` → "Some code". */
function words(map: Readonly<Record<string, string>>, code: string | null | undefined): string | null {
  if (code === null || code === undefined) return null
  const known = map[code]
  if (known !== undefined) return known
  const plain = code.replace(/_/g, ' ').toLowerCase()
  return plain.charAt(0).toUpperCase() + plain.slice(1)
}

const dayOf = (instant: string): string => londonDateOf(new Date(instant))

/** One history entry as the person may read it: no staff ids or names, no CRN, no actor. */
export function sarHistoryEntry(entry: HistoryEntry): Record<string, unknown> {
  const rec = entry.recommendation
  const isCom = entry.role === 'com'
  return {
    createdAt: entry.at,
    prison: entry.prisonId,
    role: ROLE_WORDS[entry.role],
    event: EVENT_WORDS[entry.event],
    eventTrigger: TRIGGER_WORDS[entry.trigger],
    allocatedAtTier: entry.tier,
    roshLevel: entry.rosh,
    recommendedPomType: isCom ? null : words(POM_TYPE_WORDS, rec?.pomType),
    recommendedMinimumGrade: isCom ? (rec?.code ?? null) : null,
    overrideReasons: words(OVERRIDE_WORDS, entry.override?.reasons[0]),
    suitabilityDetail: entry.override?.suitabilityDetail ?? null,
    overrideDetail: entry.override?.otherDetail ?? null,
    reallocationReason: words(REALLOCATION_WORDS, entry.reallocation?.reason),
    lineManagerAuthorisation: entry.reallocation?.lineManagerAuthorisation
      ? {
          authorisedOn: entry.reallocation.lineManagerAuthorisation.authorisedOn,
          recordedReason: entry.reallocation.lineManagerAuthorisation.recordedReason,
        }
      : null,
    message: entry.note,
    decisionNotes: entry.decision?.notes ?? null,
    markedSensitive: entry.decision?.sensitive ?? false,
  }
}

/** History entries to return: all without a window; else the last before it per role and those inside it. */
export function historyInWindow(entries: readonly HistoryEntry[], window: SarWindow | null): HistoryEntry[] {
  const sorted = [...entries].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
  if (window === null) return sorted
  const lastBefore = new Map<HistoryEntry['role'], HistoryEntry>()
  const inside: HistoryEntry[] = []
  for (const e of sorted) {
    const day = dayOf(e.at)
    if (day < window.from) lastBefore.set(e.role, e)
    else if (day <= window.to) inside.push(e)
  }
  return [...lastBefore.values(), ...inside].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

/** A stored part is returned when it became true on or before the window's last day (or there is no window). */
const within = (part: { at: string } | null, window: SarWindow | null): boolean =>
  part !== null && (window === null || dayOf(part.at) <= window.to)

/** The case information this service keeps: probation case (no CRN, LDU code or COM name/email) and tiers. */
export function sarCaseInformation(record: CaseRecord, window: SarWindow | null): Record<string, unknown> | null {
  const probation = within(record.probation, window) ? record.probation : null
  const tierV3 = within(record.tierV3, window) ? record.tierV3 : null
  const tierV2 = within(record.tierV2, window) ? record.tierV2 : null
  const com = within(record.com, window) ? record.com : null
  const parts = [probation, tierV3, tierV2, com].filter(p => p !== null)
  if (parts.length === 0) return null
  const p = probation?.value
  return {
    tier: tierV3?.value.tier ?? null,
    provisionalTier: tierV3?.value.provisional ?? null,
    workloadTier: tierV2?.value.tier ?? null,
    probationService: p?.probationService ?? null,
    probationDeliveryUnit: p?.pduName ?? null,
    localDeliveryUnit: p?.lduName ?? null,
    teamCode: p?.teamCode ?? null,
    mappaLevel: p?.mappaLevel ?? null,
    enhancedResourcing: p?.enhancedResourcing ?? null,
    roshLevel: p?.roshLevel ?? null,
    communityManagerAllocated: com !== null,
    updatedAt:
      parts
        .map(x => x.at)
        .sort()
        .at(-1) ?? null,
  }
}

/** Who is responsible, as the handover service last told this service. */
export function sarResponsibility(record: CaseRecord, window: SarWindow | null): Record<string, unknown> | null {
  const handover = within(record.handover, window) ? record.handover : null
  if (handover === null) return null
  const h = handover.value
  return {
    responsibility: words(RESPONSIBILITY_WORDS, h.responsibility),
    reason: words(HANDOVER_REASON_WORDS, h.reason),
    handoverStartDate: h.handoverStartDate,
    handoverDate: h.handoverDate,
    updatedAt: handover.at,
  }
}

export type SarOutcome = { found: false } | { found: true; content: Record<string, unknown> }

/** Everything held about one NOMS number in the window; `found: false` when nothing is (the route answers 204). */
export async function subjectAccessData(deps: Deps, nomsNumber: string, window: SarWindow | null): Promise<SarOutcome> {
  const [record, history] = await Promise.all([deps.store.getCase(nomsNumber), deps.store.history(nomsNumber)])
  if (record === undefined && history.length === 0) return { found: false }
  const allocationHistory = historyInWindow(history, window).map(sarHistoryEntry)
  const caseInformation = record ? sarCaseInformation(record, window) : null
  const responsibility = record ? sarResponsibility(record, window) : null
  if (allocationHistory.length === 0 && caseInformation === null && responsibility === null) return { found: false }
  return { found: true, content: { nomsNumber, allocationHistory, caseInformation, responsibility } }
}

/**
 * The Mustache template the subject access request service renders `content` with (our own wording; the
 * sections mirror `subjectAccessData`).
 */
export const SAR_TEMPLATE = `<h2>Prison and community offender managers</h2>
<p>Prison number: {{nomsNumber}}</p>

<h3>Allocation history</h3>
{{#allocationHistory}}
<table>
  <tr><th>Date</th><td>{{createdAt}}</td></tr>
  <tr><th>Prison</th><td>{{prison}}</td></tr>
  <tr><th>Role</th><td>{{role}}</td></tr>
  <tr><th>What happened</th><td>{{event}}</td></tr>
  <tr><th>Why</th><td>{{eventTrigger}}</td></tr>
  <tr><th>Tier at the time</th><td>{{allocatedAtTier}}</td></tr>
  <tr><th>Risk of serious harm at the time</th><td>{{roshLevel}}</td></tr>
  {{#recommendedPomType}}<tr><th>Recommended type of prison offender manager</th><td>{{recommendedPomType}}</td></tr>{{/recommendedPomType}}
  {{#recommendedMinimumGrade}}<tr><th>Recommended minimum grade</th><td>{{recommendedMinimumGrade}}</td></tr>{{/recommendedMinimumGrade}}
  {{#overrideReasons}}<tr><th>Reason for a different type</th><td>{{overrideReasons}}</td></tr>{{/overrideReasons}}
  {{#suitabilityDetail}}<tr><th>Suitability detail</th><td>{{suitabilityDetail}}</td></tr>{{/suitabilityDetail}}
  {{#overrideDetail}}<tr><th>Other detail</th><td>{{overrideDetail}}</td></tr>{{/overrideDetail}}
  {{#reallocationReason}}<tr><th>Reason for the change</th><td>{{reallocationReason}}</td></tr>{{/reallocationReason}}
  {{#lineManagerAuthorisation}}<tr><th>Change authorised by a line manager on</th><td>{{authorisedOn}}: {{recordedReason}}</td></tr>{{/lineManagerAuthorisation}}
  {{#message}}<tr><th>Note</th><td>{{message}}</td></tr>{{/message}}
  {{#decisionNotes}}<tr><th>Decision notes</th><td>{{decisionNotes}}</td></tr>{{/decisionNotes}}
  {{#markedSensitive}}<tr><th>Marked sensitive</th><td>Yes</td></tr>{{/markedSensitive}}
</table>
{{/allocationHistory}}
{{^allocationHistory}}<p>No allocation history</p>{{/allocationHistory}}

<h3>Case information</h3>
{{#caseInformation}}
<table>
  <tr><th>Tier</th><td>{{tier}}</td></tr>
  <tr><th>Workload tier</th><td>{{workloadTier}}</td></tr>
  <tr><th>Probation service</th><td>{{probationService}}</td></tr>
  <tr><th>Probation delivery unit</th><td>{{probationDeliveryUnit}}</td></tr>
  <tr><th>Local delivery unit</th><td>{{localDeliveryUnit}}</td></tr>
  <tr><th>Team</th><td>{{teamCode}}</td></tr>
  <tr><th>MAPPA level</th><td>{{mappaLevel}}</td></tr>
  <tr><th>Enhanced resourcing</th><td>{{enhancedResourcing}}</td></tr>
  <tr><th>Risk of serious harm</th><td>{{roshLevel}}</td></tr>
  <tr><th>Community offender manager allocated</th><td>{{#communityManagerAllocated}}Yes{{/communityManagerAllocated}}{{^communityManagerAllocated}}No{{/communityManagerAllocated}}</td></tr>
  <tr><th>Last updated</th><td>{{updatedAt}}</td></tr>
</table>
{{/caseInformation}}
{{^caseInformation}}<p>No case information</p>{{/caseInformation}}

<h3>Responsibility</h3>
{{#responsibility}}
<table>
  <tr><th>Who is responsible</th><td>{{responsibility}}</td></tr>
  <tr><th>Why</th><td>{{reason}}</td></tr>
  <tr><th>Handover starts</th><td>{{handoverStartDate}}</td></tr>
  <tr><th>Handover date</th><td>{{handoverDate}}</td></tr>
  <tr><th>Last updated</th><td>{{updatedAt}}</td></tr>
</table>
{{/responsibility}}
{{^responsibility}}<p>No responsibility recorded</p>{{/responsibility}}
`
