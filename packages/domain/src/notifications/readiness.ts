/**
 * Whether a filled-in email can go out now, must wait for facts about its case that a later event will bring, or
 * can never be sent as planned. Events arrive in any order: a COM allocation may come before the prisoner's
 * details, so "no prisoner name yet" is a wait, not a defect. A malformed value (blank, a bad flag, a field the
 * template does not have) or a missing value no event about the case can supply (a link, a date the triggering
 * event itself should have carried, a digest's list of cases) is a defect: the email is invalid for good.
 */
import type { RuleViolation } from '../shared/result'
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
