/**
 * Emails that wait for facts about their case (notifications.md "Parked emails"). Events arrive in any order: an
 * email whose personalisation lacks only case facts (the prisoner's name, the CRN, a POM's or COM's name) is stored
 * `parked`, under each of its cases, with what re-planning it needs: the triggering event and the decisions taken
 * when it was first planned (who the previous POM was, …). Whenever an event about the case has been handled, its
 * parked emails are planned again from the case's current facts with the same planner: complete → sent (once: the
 * move out of `parked` is conditional), still incomplete → stays parked (with what it waits for now).
 */
import { identifierOf } from '@omic/contracts'
import { recipientKey } from '@omic/domain'
import { logger, OptimisticRetryExhaustedError, RETRY, type Retry, withOptimisticRetry } from '@omic/lambda-kit'
import { z } from 'zod'
import type { NotificationEvent } from '../events/subscriptions'
import { type ApplyOutcome, type CaseRecord, factsVersionOf, type StaffRef } from '../model/directory'
import type { PortalLinks } from '../model/links'
import { type FactsGuard, MESSAGE_STATUSES, type MessageRecord } from '../model/messages'
import { caseIdsOf, type PlannedEmail } from '../model/planned-email'
import { type ReplanBasis, replanBasisSchema } from '../model/replan-basis'
import type { CaseCrnLinks, Directory } from '../ports'
import { comExtras, nomsForCrn, sentenceText, withContact } from './case-facts'
import {
  DEFAULT_LEASE_MS,
  type DispatchDeps,
  type DispatchOutcome,
  decide,
  deliver,
  identityOf,
  publishOutcome,
  waitUntilOf,
} from './dispatch'
import {
  planAllocationChanged,
  planComAllocated,
  planEarlyAllocation,
  planHandoverChanged,
  planReminder,
} from './plan-emails'

export interface PlanDeps {
  directory: Directory
  crnLinks: CaseCrnLinks
  links: PortalLinks
}

/** The case a basis is about, by NOMS number (a COM allocation may name only its CRN: looked up when linked). */
async function nomsOf(crnLinks: CaseCrnLinks, basis: ReplanBasis): Promise<string | undefined> {
  if (basis.detailType !== 'person.community.manager.allocated') return basis.detail.additionalInformation.nomsNumber
  const crn = identifierOf(basis.detail, 'CRN')
  return identifierOf(basis.detail, 'NOMS') ?? (crn ? await nomsForCrn(crnLinks, crn) : undefined)
}

/**
 * The emails a basis calls for, given the case's facts: the one planner of its event, so the first planning and
 * every re-planning build an email the same way.
 */
export async function planFromBasis(
  deps: PlanDeps,
  basis: ReplanBasis,
  record: CaseRecord | undefined,
  outcome: ApplyOutcome,
): Promise<PlannedEmail[]> {
  const { directory, links } = deps
  switch (basis.detailType) {
    case 'offender-management.allocation.changed':
      return planAllocationChanged(
        basis.detail,
        { record, outcome, previous: basis.previous, current: basis.current, primaryPom: basis.primaryPom },
        links,
      )
    case 'offender-management.handover.changed':
      return planHandoverChanged(basis.detail, { record, outcome, previous: undefined, primaryPom: basis.primaryPom })
    case 'offender-management.handover.reminder-due': {
      const lduCode = basis.detail.additionalInformation.lduCode ?? record?.probation?.lduCode ?? null
      const ldu = lduCode ? await directory.getLdu(lduCode) : undefined
      return planReminder(
        basis.detail,
        { record, pom: basis.pom, lduName: ldu?.name ?? record?.probation?.lduName ?? null },
        links,
      )
    }
    case 'community-early-allocation-eligibility.status.changed': {
      const pom = await withContact(directory, record?.primaryPom)
      return planEarlyAllocation(basis.detail, { record: record ? { ...record, primaryPom: pom } : undefined }, links)
    }
    case 'person.community.manager.allocated': {
      const crn = identifierOf(basis.detail, 'CRN') ?? ''
      return planComAllocated(basis.detail, crn, {
        com: basis.com,
        record,
        outcome,
        previous: basis.previous,
        extras: comExtras(basis.detail.additionalInformation),
        sentence: sentenceText(record?.prisoner),
      })
    }
  }
}

/** The staff a basis names, with the contact details the directory has learnt since. */
async function refreshed(directory: Directory, basis: ReplanBasis): Promise<ReplanBasis> {
  const fill = (ref: StaffRef | null) => withContact(directory, ref)
  switch (basis.detailType) {
    case 'offender-management.allocation.changed':
      return {
        ...basis,
        previous: await fill(basis.previous),
        current: await fill(basis.current),
        primaryPom: await fill(basis.primaryPom),
      }
    case 'offender-management.handover.changed':
      return { ...basis, primaryPom: await fill(basis.primaryPom) }
    case 'offender-management.handover.reminder-due':
      return { ...basis, pom: await fill(basis.pom) }
    case 'community-early-allocation-eligibility.status.changed':
      return basis
    case 'person.community.manager.allocated':
      return { ...basis, com: (await fill(basis.com)) ?? basis.com, previous: await fill(basis.previous) }
  }
}

/**
 * The re-planned email that is this message: same template, rule, episode and recipient (the case's LDU mailbox is
 * one recipient whatever its address: the address as now known). Otherwise the one email of the same template,
 * rule and episode, still to the recipient it was planned for (the message's identity).
 */
function sameEmail(plans: readonly PlannedEmail[], message: MessageRecord): PlannedEmail | undefined {
  const key = recipientKey(identityOf(message.recipient, message.recipientRule))
  const alike = plans.filter(
    p => p.template === message.template && p.rule === message.recipientRule && p.episode === message.episode,
  )
  const exact = alike.find(p => recipientKey(identityOf(p.recipient, p.rule)) === key)
  if (exact) return exact
  const [only, ...more] = alike
  return only && more.length === 0 ? { ...only, recipient: message.recipient } : undefined
}

/** How many times a parked email is built again when the case's facts change while it is being sent. */
const CLAIM_ATTEMPTS = 3

/**
 * Plans one parked email again from the case's current facts and acts on it: what became of it (by template), or
 * `undefined` when nothing changed (still parked, or another sender has it).
 */
async function resolveParked(
  deps: PlanDeps & DispatchDeps,
  messageId: string,
  caseId: string,
  stored: unknown,
  asOf?: Date,
): Promise<{ template: string; outcome: DispatchOutcome } | undefined> {
  const outcome = await resolve(deps, messageId, caseId, stored, asOf ?? deps.clock.now())
  return outcome ? { template: outcome.message.template, outcome: outcome.outcome } : undefined
}

/**
 * `asOf`: the instant the wait for optional facts is measured to (now, or the quarter-hourly run's `asOf`): at or
 * after the message's `waitUntil` the email no longer waits for them.
 */
async function resolve(
  deps: PlanDeps & DispatchDeps,
  messageId: string,
  caseId: string,
  stored: unknown,
  asOf: Date,
): Promise<Resolved | undefined> {
  try {
    return await withOptimisticRetry(() => resolveOnce(deps, messageId, caseId, stored, asOf), {
      what: 'parked email',
      attempts: CLAIM_ATTEMPTS,
    })
  } catch (e) {
    // the case kept changing: the event that changed it re-plans this email once it is handled
    if (e instanceof OptimisticRetryExhaustedError) return undefined
    throw e
  }
}

type Resolved = { message: MessageRecord; outcome: DispatchOutcome }

/** One attempt: {@link RETRY} when the case's facts changed while the email was being built (build it again). */
async function resolveOnce(
  deps: PlanDeps & DispatchDeps,
  messageId: string,
  caseId: string,
  stored: unknown,
  asOf: Date,
): Promise<Resolved | undefined | Retry> {
  const message = await deps.messages.get(messageId, true)
  if (!message) {
    await deps.messages.dropParkedEntries({ id: messageId }, [caseId])
    return undefined
  }
  if (message.status === MESSAGE_STATUSES.pending) {
    // completed and claimed, but its sender died before settling it: take it over once its lease is over
    if (!(await deps.messages.takeOver(message.id, deps.clock.now().getTime(), deps.leaseMs ?? DEFAULT_LEASE_MS))) {
      return undefined
    }
    const outcome = await deliver(deps, message)
    await deps.messages.dropParkedEntries(message, [caseId])
    return { message, outcome }
  }
  if (message.status !== MESSAGE_STATUSES.parked) {
    // settled: its entries go (a sender that died after settling it left them)
    await deps.messages.dropParkedEntries(message, [caseId])
    return undefined
  }
  const at = deps.clock.now().toISOString()
  const parsedBasis = replanBasisSchema.safeParse(stored)
  if (!parsedBasis.success) {
    // written by this service with this schema, so this is a defect: record it instead of retrying for ever
    logger.error('parked email has an unreadable re-plan basis', { notificationId: messageId })
    if (await deps.messages.settleParked(message, MESSAGE_STATUSES.invalid, 'unreadable-replan-basis', undefined, at)) {
      await publishOutcome(deps, { ...message, status: MESSAGE_STATUSES.invalid })
    }
    return { message, outcome: MESSAGE_STATUSES.invalid }
  }
  const basis = await refreshed(deps.directory, parsedBasis.data)
  const noms = await nomsOf(deps.crnLinks, basis)
  const record = noms ? await deps.directory.getCase(noms, true) : undefined
  const guard: FactsGuard | null = noms ? { nomsNumber: noms, version: factsVersionOf(record) } : null
  const planned = sameEmail(await planFromBasis(deps, basis, record, 'applied'), message)
  if (!planned) {
    // the stored decisions no longer call for it (not expected: they are the first planning's): final, visible
    await deps.messages.settleParked(message, MESSAGE_STATUSES.skipped, 'no-longer-planned', undefined, at)
    return { message, outcome: MESSAGE_STATUSES.skipped }
  }
  const waitUntil = message.waitUntil ?? waitUntilOf(deps, message.createdAt)
  const decision = await decide(deps.preferences, planned, true, asOf.getTime() < Date.parse(waitUntil))
  const { readiness } = decision
  switch (decision.status) {
    case MESSAGE_STATUSES.parked: {
      if (readiness.state !== 'waiting') return undefined
      const under = message.parkedUnder ?? []
      const added = caseIdsOf(planned.caseRef).filter(c => !under.includes(c))
      const sameWait = (message.waitingFor ?? []).join(',') === readiness.waitingFor.join(',')
      if (!sameWait || added.length) {
        await deps.messages.updateWaiting(
          message,
          { waitingFor: readiness.waitingFor, violations: readiness.violations, reason: decision.reason ?? '' },
          added,
          stored,
          at,
        )
      }
      return undefined
    }
    case MESSAGE_STATUSES.invalid:
    case MESSAGE_STATUSES.skipped: {
      const violations = readiness.state === 'ready' ? undefined : readiness.violations
      const settled = await deps.messages.settleParked(message, decision.status, decision.reason ?? '', violations, at)
      if (!settled) return undefined
      if (decision.status === MESSAGE_STATUSES.invalid) {
        await publishOutcome(deps, { ...message, status: decision.status })
      }
      return { message, outcome: decision.status }
    }
    default: {
      if (readiness.state !== 'ready') return undefined
      const completion = {
        personalisation: { ...readiness.content.personalisation },
        recipient: planned.recipient,
        nomsNumber: planned.caseRef.nomsNumber,
        crn: planned.caseRef.crn,
        prisonId: planned.caseRef.prisonId,
      }
      const lease = deps.leaseMs ?? DEFAULT_LEASE_MS
      const now = deps.clock.now()
      const claim = await deps.messages.claimParked(message, completion, guard, now.getTime(), lease, at)
      if (claim === 'not-parked') return undefined
      if (claim === 'facts-changed') return RETRY
      const { waitingFor: _w, violations: _v, reason: _r, ...rest } = message
      const claimed: MessageRecord = {
        ...rest,
        ...completion,
        status: MESSAGE_STATUSES.pending,
        leaseUntil: now.getTime() + lease,
        updatedAt: at,
      }
      const outcome = await deliver(deps, claimed)
      await deps.messages.dropParkedEntries(claimed, [caseId])
      return { message, outcome }
    }
  }
}

/**
 * Plans every parked email of these cases again (each once, however many of the cases it is parked under).
 * Returns what became of those that moved on (sent, skipped, invalid, …), by template: names only, for the log.
 */
export async function replanParked(
  deps: PlanDeps & DispatchDeps,
  caseIds: readonly string[],
): Promise<{ template: string; outcome: DispatchOutcome }[]> {
  const entries = new Map<string, { caseId: string; replan: unknown }>()
  for (const caseId of new Set(caseIds)) {
    for (const entry of await deps.messages.parkedOfCase(caseId)) {
      if (!entries.has(entry.messageId)) entries.set(entry.messageId, { caseId, replan: entry.replan })
    }
  }
  const outcomes: { template: string; outcome: DispatchOutcome }[] = []
  for (const [messageId, { caseId, replan }] of entries) {
    const resolved = await resolveParked(deps, messageId, caseId, replan)
    if (resolved) outcomes.push(resolved)
  }
  return outcomes
}

/** How many ended waits one quarter-hourly run re-plans (the rest wait for the next run). */
const WAITS_PER_RUN = 200

/**
 * The quarter-hourly run: parked emails whose wait for optional facts ended by `asOf` are planned again as of then —
 * sent with what is known (a fact that never came reads "Unknown", "Score Unavailable"), or still parked when they
 * lack a case fact or an address (then without the optional facts in their reason). Each ended wait is dealt with
 * once: its entry goes after the re-plan (an error leaves it for the next run).
 */
export async function replanEndedWaits(
  deps: PlanDeps & DispatchDeps,
  asOf: Date = deps.clock.now(),
): Promise<{ replanned: number; outcomes: { template: string; outcome: DispatchOutcome }[] }> {
  const due = await deps.messages.waitsDue(asOf.toISOString(), WAITS_PER_RUN)
  const outcomes: { template: string; outcome: DispatchOutcome }[] = []
  for (const entry of due) {
    const resolved = await resolveParked(deps, entry.messageId, entry.caseId, entry.replan, asOf)
    if (resolved) outcomes.push(resolved)
    await deps.messages.dropWait(entry.key)
  }
  return { replanned: due.length, outcomes }
}

const looseCaseIds = z
  .object({
    additionalInformation: z
      .object({ nomsNumber: z.unknown(), crn: z.unknown(), snapshot: z.unknown() })
      .partial()
      .loose(),
  })
  .partial()
  .loose()
const looseSnapshot = z.object({ nomsNumber: z.unknown(), crn: z.unknown() }).partial().loose()

const text = (v: unknown): string[] => (typeof v === 'string' && v ? [v] : [])

/**
 * The cases an event is about, by every number they are known by: its NOMS numbers and CRNs (envelope, payload,
 * snapshot, its planned emails), each NOMS number's CRN and each CRN's NOMS number as the directory links them.
 */
export async function caseIdsOfEvent(
  { directory, crnLinks }: Pick<PlanDeps, 'directory' | 'crnLinks'>,
  event: NotificationEvent,
  planned: readonly PlannedEmail[],
): Promise<string[]> {
  const detail = looseCaseIds.safeParse(event.detail)
  const info = detail.success ? detail.data.additionalInformation : undefined
  const snapshot = looseSnapshot.safeParse(info?.snapshot)
  const noms = new Set([
    ...text(identifierOf(event.detail, 'NOMS')),
    ...text(info?.nomsNumber),
    ...(snapshot.success ? text(snapshot.data.nomsNumber) : []),
    ...planned.flatMap(p => text(p.caseRef.nomsNumber)),
  ])
  const crns = new Set([
    ...text(identifierOf(event.detail, 'CRN')),
    ...text(info?.crn),
    ...(snapshot.success ? text(snapshot.data.crn) : []),
    ...planned.flatMap(p => text(p.caseRef.crn)),
  ])
  for (const n of [...noms]) for (const c of text((await directory.getCase(n, true))?.crn)) crns.add(c)
  for (const c of [...crns]) for (const n of text(await nomsForCrn(crnLinks, c))) noms.add(n)
  return [...noms, ...crns]
}
