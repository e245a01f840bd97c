import type { EmailResult, RecipientRule, TemplateName } from '@omic/domain'
import type { Recipient } from './messages'
import type { ReplanBasis } from './replan-basis'

export interface CaseRef {
  nomsNumber: string | null
  crn: string | null
  prisonId: string | null
}

/** One email an event calls for: still to be deduplicated, checked against preferences and sent. */
export interface PlannedEmail {
  template: TemplateName
  rule: RecipientRule
  recipient: Recipient
  caseRef: CaseRef
  /** What makes this email different from an earlier one of the same template to the same person about the case. */
  episode: string
  content: EmailResult
  /**
   * The case as the dedupe key names it, when it must not be taken from `caseRef` (default: NOMS number, else
   * CRN). Taken from the event alone, so a redelivery keys the same email whatever the directory learnt meanwhile.
   */
  caseKey?: string
  /** What re-planning needs if the email has to wait for facts about its case (set by the event's handler). */
  replan?: ReplanBasis
  /**
   * Optional facts the content shows with a default now, which a later event about the case is expected to bring
   * (`expectedOptionalFacts`): the email waits for them a bounded time (`OPTIONAL_FACTS_WAIT_MS`).
   */
  expecting?: string[]
}

/** What our allocation service adds when an SPO allocates a COM in OMiC (workload.md §b.3). */
export interface ComAllocationExtras {
  allocatingOfficer: { staffId: string; name: string | null; email: string | null } | null
  sendCopyToAllocatingOfficer: boolean
  emailTo: string[]
  notes: string | null
}

/**
 * How long an email may wait for optional case facts it shows that are expected but not known yet (the tier, the
 * RoSH level, RSR and OGRS of a COM allocation: `expectedOptionalFacts` in packages/domain), counted from when it was
 * first planned. Within it the email is parked (`waiting-for:tier,…`) and goes as soon as they arrive; once it has
 * passed, the quarter-hourly run sends it with what is known ("Unknown", "Score Unavailable"). 60 minutes: the
 * facts come from events upstream publishes within seconds to minutes of one another (a tier follows its inputs
 * at once), so an hour covers a late or redelivered event and a Lambda retry (about 1 and 2 minutes) with room to
 * spare, while a COM learns of a new case the same hour; with the quarter-hourly run an email waits at most
 * 75 minutes for a fact that never comes. A constant, not CDK context: it is a product rule, not an environment's.
 */
export const OPTIONAL_FACTS_WAIT_MS = 60 * 60_000

/** The cases an email is about (NOMS number, CRN): a parked email is found under each. */
export function caseIdsOf(caseRef: CaseRef): string[] {
  return [caseRef.nomsNumber, caseRef.crn].filter((c): c is string => !!c)
}
