/**
 * Whether a filled-in email can go out now, must wait for facts about its case that a later event will bring, or
 * can never be sent as planned. Events arrive in any order: a COM allocation may come before the prisoner's
 * details, so "no prisoner name yet" is a wait, not a defect. A malformed value (blank, a bad flag, a field the
 * template does not have) or a missing value no event about the case can supply (a link, a date the triggering
 * event itself should have carried, a digest's list of cases) is a defect: the email is invalid for good.
 */
import type { RuleViolation } from '../shared/result'
import { RECIPIENT_RULES, type RecipientRule } from './catalogue'
import { type EmailContent, type EmailResult, MISSING_FIELD } from './personalisation'

/**
 * Personalisation fields that hold a fact about the case, learnt from an event about that case: missing means
 * "not known yet". The value says which event supplies it (documentation; never shown to staff).
 */
export const CASE_FACT_FIELDS: Readonly<Record<string, string>> = {
  prisoner_name: 'prisoner-offender-search.prisoner.received / .updated',
  prisoner_first_name: 'prisoner-offender-search.prisoner.received / .updated',
  case_name: 'prisoner-offender-search.prisoner.received / .updated',
  crn: 'probation-case.details.changed, offender-management.com.allocation-requested',
  crn_number: 'probation-case.details.changed, offender-management.com.allocation-requested',
  prisoner_crn: 'probation-case.details.changed, offender-management.com.allocation-requested',
  officer_name: 'person.community.manager.allocated (the COM’s snapshot)',
  pom_first_name: 'offender-management.allocation.changed (staffName)',
  previous_pom_first_name: 'offender-management.allocation.changed (previousStaffName)',
  pom_name: 'offender-management.allocation.changed (staffName)',
  coworking_pom_name: 'offender-management.allocation.changed (staffName)',
}

export function isCaseFact(field: string): boolean {
  return Object.hasOwn(CASE_FACT_FIELDS, field)
}

export type Readiness =
  | { state: 'ready'; content: EmailContent }
  /** Only case facts are missing: park the email until they are known (`waitingFor`: field names, sorted). */
  | { state: 'waiting'; waitingFor: string[]; violations: RuleViolation[] }
  | { state: 'invalid'; violations: RuleViolation[] }

/**
 * Ready when valid; waiting when every violation is a case fact with no value yet; otherwise invalid (one defect
 * is enough: waiting would not cure it).
 */
export function readinessOf(result: EmailResult): Readiness {
  if (result.ok) return { state: 'ready', content: result.value }
  const violations = result.error
  const waiting = violations.length > 0 && violations.every(v => v.reason === MISSING_FIELD && isCaseFact(v.field))
  if (!waiting) return { state: 'invalid', violations }
  return { state: 'waiting', waitingFor: [...new Set(violations.map(v => v.field))].sort(), violations }
}

/** The reason a parked email shows: the fields it waits for (names, never values). */
export function waitingReason(waitingFor: readonly string[]): string {
  return `waiting-for:${waitingFor.join(',')}`
}

/**
 * Recipient addresses a later event about the case can supply, by recipient rule, named as the field a parked
 * email's reason lists (`waiting-for:ldu_mailbox`). An email without one of these addresses waits for it like a
 * missing case fact. Any other recipient (the acting SPO, the allocating officer, an extra `emailTo` address, the
 * POMs of a digest) is addressed from the triggering event alone: no later event brings it, so it is skipped
 * (`no-address`) for good.
 */
export const ADDRESS_FIELDS: Readonly<Partial<Record<RecipientRule, string>>> = {
  [RECIPIENT_RULES.lduMailbox]: 'ldu_mailbox',
  [RECIPIENT_RULES.allocatedCom]: 'com_address',
  [RECIPIENT_RULES.newPrimaryPom]: 'pom_address',
  [RECIPIENT_RULES.previousPrimaryPom]: 'pom_address',
  [RECIPIENT_RULES.primaryPom]: 'pom_address',
  [RECIPIENT_RULES.coworkingPom]: 'pom_address',
}

/** Which event supplies each waitable address (documentation; never shown to staff). */
export const ADDRESS_SOURCES: Readonly<Record<string, string>> = {
  ldu_mailbox: 'probation-case.details.changed (lduEmail), or the reminder’s own lduEmail',
  com_address: 'person.community.manager.allocated (the COM’s snapshot)',
  pom_address: 'offender-management.allocation.changed (staffEmail)',
}

/** The field a parked email waits for when its recipient has no address yet, or null when none can come. */
export function addressFieldOf(rule: RecipientRule): string | null {
  return ADDRESS_FIELDS[rule] ?? null
}

/**
 * Personalisation fields with a default ("Unknown", "Score Unavailable") that show a fact about the case a later
 * event may bring. Sending early freezes the default into the email, so an email waits a bounded time for those of
 * them that are **expected** (`expectedOptionalFacts`), then goes with what is known.
 */
export const OPTIONAL_CASE_FACT_FIELDS: Readonly<Record<string, string>> = {
  tier: 'tier.calculation.complete',
  rosh: 'probation-case.details.changed (roshLevel)',
  rsr_level: 'assessment.summary.produced (rsrScore)',
  ogrs_level: 'assessment.summary.produced (ogrsScore)',
}

/**
 * The inputs a tier calculation can lack (`tier.calculation.complete`'s `missingInputs`, tiering's part names) that
 * an event about the probation case may still bring, after which tiering calculates again: its registrations (RoSH,
 * MAPPA), its OASys assessment, its details (gender), its convictions (never missing in practice: a case is tiered
 * only once they are known). A tier calculated without one of them is provisional as far as the email goes: another
 * tier is expected. Whether it will really come is not known (a case may have no registrations, never an OASys
 * assessment): the wait's bound covers that, as it does for RSR and OGRS. A name not listed here is not waited for.
 */
export const EXPECTED_TIER_INPUTS: readonly string[] = ['registrations', 'assessment', 'details', 'convictions']

/** The tier still expected: none has arrived, or the latest was calculated without inputs that may still come. */
export function tierStillExpected(tier: boolean, tierMissingInputs: readonly string[] | undefined): boolean {
  if (!tier) return true
  return (tierMissingInputs ?? []).some(input => EXPECTED_TIER_INPUTS.includes(input))
}

/** What the directory holds of a case, as far as the optional facts go. */
export interface KnownCaseParts {
  /** The case has a CRN (a probation case exists). */
  crn: boolean
  /** A tier calculation has arrived. */
  tier: boolean
  /**
   * The inputs the latest tier was calculated without (`missingInputs`); undefined when its event did not say
   * (published before tiering sent them): such a tier counts as complete.
   */
  tierMissingInputs?: readonly string[]
  /** The probation case details have arrived (they carry the RoSH level, null when it has none). */
  probationDetails: boolean
  /** An OASys assessment summary has arrived (RSR, OGRS). */
  assessment: boolean
}

/**
 * The optional facts among `fields` worth waiting for: not known yet, and an event that brings them can be
 * expected. All of them come from the probation case, so nothing is expected without a CRN. The tier: the tiering
 * service tiers every probation case once its convictions are known, and tiers it again when an input it lacked
 * arrives: a tier calculated without inputs that may still come (`EXPECTED_TIER_INPUTS`) is still waited for, and
 * the latest tier is shown once the bound passes. The RoSH level: only until the probation
 * details arrive (details without one say it has none: nothing more to wait for). RSR and OGRS: until an assessment
 * arrives. A case that never gets them (no convictions, no OASys) waits only until the bound.
 */
export function expectedOptionalFacts(fields: readonly string[], known: KnownCaseParts): string[] {
  if (!known.crn) return []
  const expected: Record<string, boolean> = {
    tier: tierStillExpected(known.tier, known.tierMissingInputs),
    rosh: !known.probationDetails,
    rsr_level: !known.assessment,
    ogrs_level: !known.assessment,
  }
  return [...new Set(fields.filter(f => Object.hasOwn(OPTIONAL_CASE_FACT_FIELDS, f) && expected[f]))].sort()
}

/** The reason of a violation for an address not known yet, and for an optional fact still expected. */
export const ADDRESS_NOT_KNOWN = 'address not known yet'
export const EXPECTED_FACT = 'expected'

/** What an email that is complete in itself may still wait for (none by default). */
export interface WaitFor {
  /** The address field of a recipient without an address that a later event can supply. */
  address?: string | null
  /** Optional facts still expected (only while the wait's bound has not passed). */
  expecting?: readonly string[]
}

/**
 * `readinessOf`, then what the email waits for besides missing case facts: its address and optional facts still
 * expected. An invalid email stays invalid (waiting would not cure it).
 */
export function readinessWith(result: EmailResult, wait: WaitFor): Readiness {
  const base = readinessOf(result)
  if (base.state === 'invalid') return base
  const extra: RuleViolation[] = [
    ...(wait.address ? [{ field: wait.address, reason: ADDRESS_NOT_KNOWN }] : []),
    ...(wait.expecting ?? []).map(field => ({ field, reason: EXPECTED_FACT })),
  ]
  if (extra.length === 0) return base
  const violations = [...(base.state === 'waiting' ? base.violations : []), ...extra]
  return { state: 'waiting', waitingFor: [...new Set(violations.map(v => v.field))].sort(), violations }
}
