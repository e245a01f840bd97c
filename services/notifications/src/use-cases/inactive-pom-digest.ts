/**
 * "A POM going inactive returns their cases to the unallocated list and tells the SPO" (catalogue #18, ours): the
 * allocation service hands back each primary case of an inactive POM as its own `allocation.changed` (trigger
 * `inactive_pom`, `staffCode: null`, `changedBy` = the SPO who set the POM inactive, by the API or a CSV import).
 * No email goes out per case; the cases gather in a digest per (prison, POM, SPO), as bulk reallocations do (#6),
 * and once nothing has been added for the quiet period the SPO gets one summary.
 */
import { pomInactiveCasesReturnedEmail, RECIPIENT_RULES } from '@omic/domain'
import type { ActingSpoRef, InactivePomDigestLine } from '../model/digests'
import type { PortalLinks } from '../model/links'
import type { DigestStore } from '../ports'
import { BULK_QUIET_MS, type FlushRun } from './bulk-digest'
import { type DispatchDeps, dispatch } from './dispatch'
import { prisonNameOf } from './plan-emails'

/** The SPO named by `changedBy`, when the summary can reach them (an address is needed). */
export function actingSpoOf(
  changedBy: { staffId: string | null; name: string | null; email: string | null } | null | undefined,
): ActingSpoRef | null {
  const email = changedBy?.email?.trim()
  if (!changedBy || !email) return null
  return { staffId: changedBy.staffId, name: changedBy.name, email }
}

/** The summary's episode: the digest's earliest case, so a run that stops half way is not sent twice. */
export function inactivePomEpisode(prisonId: string, pomStaffId: string, lines: readonly InactivePomDigestLine[]) {
  const first = lines.map(l => l.addedAt).sort()[0] ?? ''
  return `inactive-pom:${prisonId}:${pomStaffId}@${first}`
}

/** Sends the summaries whose digests have been quiet for `quietMs` as of `asOf` (default: now). */
export async function flushInactivePomDigests(
  deps: DispatchDeps & { digests: DigestStore; links: PortalLinks },
  quietMs = BULK_QUIET_MS,
  asOf: Date = deps.clock.now(),
): Promise<FlushRun> {
  const run: FlushRun = { digests: 0, outcomes: [] }
  const quietSince = new Date(asOf.getTime() - quietMs).toISOString()
  for (const { head, lines } of await deps.digests.quietInactivePomDigests(quietSince)) {
    if (lines.length > 0) {
      run.digests++
      const template = 'pom-inactive-cases-returned' as const
      const outcome = await dispatch(deps, {
        template,
        rule: RECIPIENT_RULES.actingSpo,
        // as staff when the token named their staff id (their preferences apply), else to the address alone
        recipient: head.spo.staffId
          ? { kind: 'staff', staffId: head.spo.staffId, email: head.spo.email }
          : { kind: 'mailbox', email: head.spo.email },
        caseRef: { nomsNumber: null, crn: null, prisonId: head.prisonId },
        episode: inactivePomEpisode(head.prisonId, head.pom.staffId, lines),
        content: pomInactiveCasesReturnedEmail({
          spoName: head.spo.name,
          pomName: head.pom.name,
          prisonName: prisonNameOf(head.prisonId),
          cases: lines.map(l => ({ nomsNumber: l.nomsNumber, prisonerName: l.prisonerName })),
          url: deps.links.unallocated(head.prisonId),
        }),
      })
      run.outcomes.push({ template, outcome })
    }
    await deps.digests.closeInactivePomDigest(head, lines)
  }
  return run
}
