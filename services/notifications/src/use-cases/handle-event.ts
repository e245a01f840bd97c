/**
 * One incoming event: keep the directory up to date (order-safe), work out the emails it calls for, and send
 * each exactly once.
 */
import { identifierOf } from '@omic/contracts'
import { fullName, londonDateOf, pomResponsibility } from '@omic/domain'
import type {
  ApplyOutcome,
  CaseParts,
  CaseRecord,
  DirectoryRepository,
  ParkablePart,
  PrisonerPart,
  StaffRef,
  TierPart,
} from '../adapters/directory-repository'
import type { NotificationEvent } from '../model/events'
import { staffById, withContact } from './case-facts'
import { type DispatchDeps, type DispatchOutcome, dispatch } from './dispatch'
import { actingSpoOf } from './inactive-pom-digest'
import type { PlannedEmail, PortalLinks } from './plan-emails'
import { caseIdsOfEvent, planFromBasis, type ReplanBasis, replanParked } from './replan'

export interface EventDeps {
  directory: DirectoryRepository
  links: PortalLinks
}

/** What recording an event needs besides the directory: the store (bulk digests) and the clock. */
type RecordDeps = EventDeps & Pick<DispatchDeps, 'store' | 'now'>

export interface HandledOutcome {
  planned: number
  /** Outcome per template (names only: logged). */
  outcomes: { template: string; outcome: DispatchOutcome }[]
}

/**
 * Records the event, sends the emails it calls for, then plans the parked emails of its cases again: the facts it
 * brought may complete them, and an email parked just now sees a fact that landed meanwhile (replan.ts). The
 * outcomes list this event's emails first, then the parked ones that moved on.
 */
export async function handleEvent(deps: EventDeps & DispatchDeps, event: NotificationEvent): Promise<HandledOutcome> {
  const planned = await recordAndPlan(deps, event)
  const outcomes: HandledOutcome['outcomes'] = []
  for (const email of planned) outcomes.push({ template: email.template, outcome: await dispatch(deps, email) })
  outcomes.push(...(await replanParked(deps, await caseIdsOfEvent(deps.directory, event, planned))))
  return { planned: planned.length, outcomes }
}

/**
 * Links a CRN to its prisoner, then applies what was parked under the CRN before the link existed (a tier or an
 * assessment that arrived first), order-safe as any part, and clears it.
 */
async function linkAndApplyParked(directory: DirectoryRepository, crn: string, noms: string): Promise<void> {
  if (!crn) return
  const parked = await directory.linkCrn(crn, noms)
  if (parked.tier) {
    await directory.applyPart(noms, 'tier', parked.tier.occurredAt, parked.tier.value)
    await directory.clearParked(crn, 'tier', parked.tier.occurredAt)
  }
  if (parked.assessment) {
    await directory.applyPart(noms, 'assessment', parked.assessment.occurredAt, parked.assessment.value)
    await directory.clearParked(crn, 'assessment', parked.assessment.occurredAt)
  }
}

/** A part that belongs to a CRN: applied to the linked prisoner's case, else parked until the link arrives. */
async function applyOrPark<P extends ParkablePart>(
  directory: DirectoryRepository,
  crn: string,
  noms: string | undefined,
  part: P,
  at: string,
  value: CaseParts[P],
): Promise<void> {
  let target = noms
  if (!target && crn) {
    const parked = await directory.park(crn, part, at, value)
    if (parked.outcome === 'parked') return
    target = parked.nomsNumber
  }
  if (target) await directory.applyPart(target, part, at, value)
}

function prisonerPart(snapshot: {
  firstName: string
  lastName: string
  prisonId: string
  status: string
  legalStatus: string
  indeterminateSentence: boolean
  conditionalReleaseDate: string | null
  paroleEligibilityDate: string | null
  tariffDate: string | null
  releaseDate: string | null
}): PrisonerPart {
  return {
    firstName: snapshot.firstName,
    lastName: snapshot.lastName,
    prisonId: snapshot.prisonId,
    status: snapshot.status,
    legalStatus: snapshot.legalStatus,
    indeterminate: snapshot.indeterminateSentence,
    conditionalReleaseDate: snapshot.conditionalReleaseDate,
    paroleEligibilityDate: snapshot.paroleEligibilityDate,
    tariffDate: snapshot.tariffDate,
    releaseDate: snapshot.releaseDate,
  }
}

export { comExtras, sentenceText } from './case-facts'

/** The emails a basis calls for on first planning, each carrying the basis (in case it has to wait for facts). */
async function plansOf(
  deps: EventDeps,
  basis: ReplanBasis,
  record: CaseRecord | undefined,
  outcome: ApplyOutcome,
): Promise<PlannedEmail[]> {
  return (await planFromBasis(deps, basis, record, outcome)).map(p => ({ ...p, replan: basis }))
}

export async function recordAndPlan(deps: RecordDeps, event: NotificationEvent): Promise<PlannedEmail[]> {
  const { directory } = deps
  const at = event.detail.occurredAt
  switch (event.detailType) {
    case 'offender-management.allocation.changed': {
      const info = event.detail.additionalInformation
      const current =
        info.staffCode === null
          ? null
          : await withContact(directory, {
              staffId: String(info.staffCode),
              name: info.staffName ?? null,
              email: info.staffEmail ?? null,
            })
      if (current && (info.staffName || info.staffEmail)) {
        await directory.putStaff(
          { staffId: current.staffId, name: info.staffName ?? null, email: info.staffEmail ?? null },
          at,
        )
      }
      const part = info.role === 'primary' ? 'primaryPom' : 'coworkingPom'
      const applied = await directory.applyPart(info.nomsNumber, part, at, current)
      // the previous POM as the event names them (the allocation service adds their contact details), else the
      // directory's "before"
      const previous =
        info.previousStaffCode !== undefined
          ? info.previousStaffCode === null
            ? null
            : await withContact(directory, {
                staffId: String(info.previousStaffCode),
                name: info.previousStaffName ?? null,
                email: info.previousStaffEmail ?? null,
              })
          : await withContact(directory, applied.previous)
      const others = previous && previous.staffId !== current?.staffId ? previous : null
      if (info.eventTrigger === 'bulk_reallocation' && info.role === 'primary' && current && others) {
        if (applied.outcome !== 'stale') {
          const p = applied.record.prisoner
          const addedAt = deps.now().toISOString()
          await deps.store.addToBulkDigest(
            { prisonId: info.prisonId, source: others, target: current, lastAddedAt: addedAt },
            {
              nomsNumber: info.nomsNumber,
              prisonerName: fullName(p?.firstName, p?.lastName) ?? info.nomsNumber,
              role: pomResponsibility(applied.record.handover?.responsibility ?? null),
              addedAt,
            },
            at,
            info.note ? { text: info.note, at } : null,
          )
        }
        return []
      }
      // #18: a primary case an inactive POM handed back is gathered for the SPO who set them inactive
      const spo = actingSpoOf(info.changedBy)
      if (
        info.eventTrigger === 'inactive_pom' &&
        info.role === 'primary' &&
        current === null &&
        previous &&
        spo &&
        applied.outcome !== 'stale'
      ) {
        const p = applied.record.prisoner
        const added = deps.now().toISOString()
        await deps.store.addToInactivePomDigest(
          { prisonId: info.prisonId, pom: previous, spo, lastAddedAt: added },
          {
            nomsNumber: info.nomsNumber,
            prisonerName: fullName(p?.firstName, p?.lastName),
            removedAt: at,
            addedAt: added,
          },
        )
      }
      return plansOf(
        deps,
        {
          detailType: event.detailType,
          detail: event.detail,
          previous: others,
          current,
          primaryPom: await withContact(directory, applied.record.primaryPom),
        },
        applied.record,
        applied.outcome,
      )
    }
    case 'offender-management.handover.changed': {
      const info = event.detail.additionalInformation
      const applied = await directory.applyPart(info.nomsNumber, 'handover', at, {
        responsibility: info.responsibility,
        handoverStartDate: info.handoverStartDate,
        handoverDate: info.handoverDate,
        reason: info.reason,
        source: info.source,
        changedOn: londonDateOf(new Date(at)),
      })
      return plansOf(
        deps,
        {
          detailType: event.detailType,
          detail: event.detail,
          primaryPom: await withContact(directory, applied.record.primaryPom),
        },
        applied.record,
        applied.outcome,
      )
    }
    case 'offender-management.handover.reminder-due': {
      const info = event.detail.additionalInformation
      const record = await directory.getCase(info.nomsNumber)
      if (info.crn) await linkAndApplyParked(directory, info.crn, info.nomsNumber)
      const pomId = info.pomStaffCode === null ? (record?.primaryPom?.staffId ?? null) : String(info.pomStaffCode)
      const pom =
        pomId === record?.primaryPom?.staffId
          ? await withContact(directory, record?.primaryPom)
          : await staffById(directory, pomId)
      return plansOf(deps, { detailType: event.detailType, detail: event.detail, pom }, record, 'applied')
    }
    case 'offender-management.com.allocation-requested': {
      const info = event.detail.additionalInformation
      if (info.crn) await linkAndApplyParked(directory, info.crn, info.nomsNumber)
      return []
    }
    case 'community-early-allocation-eligibility.status.changed': {
      const record = await directory.getCase(event.detail.additionalInformation.nomsNumber)
      return plansOf(deps, { detailType: event.detailType, detail: event.detail }, record, 'applied')
    }
    case 'tier.calculation.complete': {
      const info = event.detail.additionalInformation
      const noms = await directory.nomsForCrn(info.crn)
      // the inputs it lacked are kept with it: a COM-allocated email waits a bounded time for a tier without them
      const tier: TierPart = {
        tier: String(info.tier),
        ...(info.missingInputs === undefined ? {} : { missingInputs: [...info.missingInputs] }),
      }
      await applyOrPark(directory, info.crn, noms, 'tier', at, tier)
      return []
    }
    case 'person.community.manager.allocated': {
      const detail = event.detail
      const info = detail.additionalInformation
      const crn = identifierOf(detail, 'CRN') ?? ''
      const noms = identifierOf(detail, 'NOMS') ?? (await directory.nomsForCrn(crn))
      const snapshot = info.snapshot
      if (snapshot) {
        await directory.putStaff({ staffId: snapshot.staffCode, name: snapshot.name, email: snapshot.email }, at)
      }
      const com = await withContact(directory, {
        staffId: info.staffCode,
        name: snapshot?.name ?? null,
        email: snapshot?.email ?? null,
      })
      let record: CaseRecord | undefined
      let outcome: 'applied' | 'replayed' | 'stale' = 'applied'
      let previous: StaffRef | null = null
      if (noms) {
        await linkAndApplyParked(directory, crn, noms)
        const applied = await directory.applyPart(noms, 'com', at, com, { crn })
        record = applied.record
        outcome = applied.outcome
        previous = applied.previous ?? null
      }
      return plansOf(
        deps,
        {
          detailType: event.detailType,
          detail,
          com: com ?? { staffId: info.staffCode, name: null, email: null },
          previous,
        },
        record,
        outcome,
      )
    }
    case 'probation-case.details.changed': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const snapshot = event.detail.additionalInformation.snapshot
      const noms = identifierOf(event.detail, 'NOMS') ?? snapshot?.nomsNumber ?? (await directory.nomsForCrn(crn))
      if (noms) await linkAndApplyParked(directory, crn, noms)
      if (!snapshot) return []
      if (snapshot.lduCode) {
        await directory.putLdu({ lduCode: snapshot.lduCode, name: snapshot.lduName, email: snapshot.lduEmail }, at)
      }
      if (noms) {
        await directory.applyPart(
          noms,
          'probation',
          at,
          {
            crn,
            lduCode: snapshot.lduCode,
            lduName: snapshot.lduName,
            lduEmail: snapshot.lduEmail,
            roshLevel: snapshot.roshLevel,
          },
          { crn, ...(snapshot.lduCode ? { gsi1pk: `LDU#${snapshot.lduCode}`, gsi1sk: noms } : {}) },
          // a case that no longer has an LDU leaves the LDU's list (the monthly report)
          snapshot.lduCode ? [] : ['gsi1pk', 'gsi1sk'],
        )
      }
      return []
    }
    case 'assessment.summary.produced': {
      const crn = identifierOf(event.detail, 'CRN') ?? ''
      const snapshot = event.detail.additionalInformation.snapshot
      if (!snapshot) return []
      const noms = identifierOf(event.detail, 'NOMS') ?? (await directory.nomsForCrn(crn))
      await applyOrPark(directory, crn, noms, 'assessment', at, {
        completedDate: snapshot.completedDate,
        rsrScore: snapshot.rsrScore,
        ogrsScore: snapshot.ogrsScore,
      })
      return []
    }
    case 'prisoner-offender-search.prisoner.received':
    case 'prisoner-offender-search.prisoner.updated': {
      const snapshot = event.detail.additionalInformation.snapshot
      if (snapshot) await directory.applyPart(snapshot.nomsNumber, 'prisoner', at, prisonerPart(snapshot))
      return []
    }
    case 'prisoner-offender-search.prisoner.released': {
      const noms = identifierOf(event.detail, 'NOMS') ?? ''
      const snapshot = event.detail.additionalInformation.snapshot
      const existing = snapshot ? prisonerPart(snapshot) : (await directory.getCase(noms))?.prisoner
      if (existing) await directory.applyPart(noms, 'prisoner', at, { ...existing, status: 'INACTIVE OUT' })
      return []
    }
  }
}
