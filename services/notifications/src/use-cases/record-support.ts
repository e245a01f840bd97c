/**
 * What the per-event handlers (on-*.ts) share: their dependencies, CRN linking with the parts parked under a CRN,
 * and the first planning of an event's emails.
 */
import { type Clock, parkUntilLinked } from '@omic/lambda-kit'
import type { ApplyOutcome, AssessmentPart, CaseRecord, PrisonerPart, TierPart } from '../model/directory'
import type { PortalLinks } from '../model/links'
import type { PlannedEmail } from '../model/planned-email'
import type { ReplanBasis } from '../model/replan-basis'
import type { CaseCrnLinks, DigestStore, Directory } from '../ports'
import { planFromBasis } from './replan'

export interface EventDeps {
  directory: Directory
  crnLinks: CaseCrnLinks
  links: PortalLinks
}

/** What recording an event needs besides the directory: the digests (bulk, inactive POM) and the clock. */
export type RecordDeps = EventDeps & { digests: DigestStore; clock: Clock }

/**
 * Links a CRN to its prisoner, then applies what was parked under the CRN before the link existed (a tier or an
 * assessment that arrived first), order-safe as any part, and clears it.
 */
export async function linkAndApplyParked(deps: EventDeps, crn: string, noms: string): Promise<void> {
  if (!crn) return
  const { parked } = await deps.crnLinks.link(crn, noms)
  if (parked.tier) {
    await deps.directory.applyPart(noms, 'tier', parked.tier.at, parked.tier.value)
    await deps.crnLinks.clear(crn, { tier: parked.tier.at })
  }
  if (parked.assessment) {
    await deps.directory.applyPart(noms, 'assessment', parked.assessment.at, parked.assessment.value)
    await deps.crnLinks.clear(crn, { assessment: parked.assessment.at })
  }
}

/** A part that belongs to a CRN, with its kind. */
export type CrnPart = { part: 'tier'; value: TierPart } | { part: 'assessment'; value: AssessmentPart }

async function applyCrnPart(directory: Directory, noms: string, at: string, p: CrnPart): Promise<void> {
  if (p.part === 'tier') await directory.applyPart(noms, 'tier', at, p.value)
  else await directory.applyPart(noms, 'assessment', at, p.value)
}

/** A part that belongs to a CRN: applied to the linked prisoner's case, else parked until the link arrives. */
export async function applyOrPark(
  deps: EventDeps,
  crn: string,
  noms: string | undefined,
  at: string,
  p: CrnPart,
): Promise<void> {
  if (noms) {
    await applyCrnPart(deps.directory, noms, at, p)
    return
  }
  if (!crn) return
  const linked = await parkUntilLinked(deps.crnLinks, crn, p.part, { at, value: p.value })
  if (linked === 'parked') return
  // linked meanwhile: applied now (and no longer parked, if it was)
  await applyCrnPart(deps.directory, linked.nomsNumber, at, p)
  await deps.crnLinks.clear(crn, { [p.part]: at })
}

/** The prisoner part of a case, from a prisoner snapshot. */
export function prisonerPart(snapshot: {
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

/** The emails a basis calls for on first planning, each carrying the basis (in case it has to wait for facts). */
export async function plansOf(
  deps: EventDeps,
  basis: ReplanBasis,
  record: CaseRecord | undefined,
  outcome: ApplyOutcome,
): Promise<PlannedEmail[]> {
  return (await planFromBasis(deps, basis, record, outcome)).map(p => ({ ...p, replan: basis }))
}
