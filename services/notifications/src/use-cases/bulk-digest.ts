/**
 * Bulk reallocation summaries (notifications.md #6; allocation.md §5 step 8): a bulk reallocation moves many cases
 * from one POM to another, each published as its own `allocation.changed` (trigger `bulk_reallocation`). No email
 * goes out per case; the cases gather in a digest per (prison, source POM, target POM), and once nothing has been
 * added for a quiet period the target gets `bulk-allocations-created` and the source `bulk-allocations-removed`,
 * both with the SPO's note (`message`, `has_message`) when the events carried one.
 */
import { type BulkCase, bulkAllocationsEmail, RECIPIENT_RULES } from '@omic/domain'
import type { BulkDigestLine } from '../model/digests'
import type { PortalLinks } from '../model/links'
import type { DigestStore } from '../ports'
import { type DispatchDeps, type DispatchOutcome, dispatch } from './dispatch'

/** A digest is sent when no case was added to it for this long. */
export const BULK_QUIET_MS = 5 * 60_000

export interface FlushRun {
  digests: number
  outcomes: { template: string; outcome: DispatchOutcome }[]
}

/** Sends the summaries whose digests have been quiet for `quietMs` as of `asOf` (default: now). */
export async function flushBulkDigests(
  deps: DispatchDeps & { digests: DigestStore; links: PortalLinks },
  quietMs = BULK_QUIET_MS,
  asOf: Date = deps.clock.now(),
): Promise<FlushRun> {
  const run: FlushRun = { digests: 0, outcomes: [] }
  const quietSince = new Date(asOf.getTime() - quietMs).toISOString()
  for (const { head, lines } of await deps.digests.quietBulkDigests(quietSince)) {
    if (lines.length === 0) {
      // its cases were summarised; a case added meanwhile was then summarised too, or is still to come
      await deps.digests.closeBulkDigest(head, lines)
      continue
    }
    run.digests++
    const cases: BulkCase[] = [...lines]
      .sort((a: BulkDigestLine, b: BulkDigestLine) => a.prisonerName.localeCompare(b.prisonerName))
      .map(l => ({ prisonerName: l.prisonerName, nomsNumber: l.nomsNumber, role: l.role }))
    // the SPO's note of the reallocation ("Message from your head of offender management delivery: …")
    const message = head.message ?? null
    const url = deps.links.caseload(head.prisonId)
    const caseRef = { nomsNumber: null, crn: null, prisonId: head.prisonId }
    // the digest's earliest case still waiting: a case that joined after a summary went out gets its own episode
    const first = lines.map(l => l.addedAt ?? head.firstAddedAt).sort()[0] ?? head.firstAddedAt
    const episode = `bulk:${head.source.staffId}>${head.target.staffId}@${first}`
    const emails = [
      {
        template: 'bulk-allocations-created' as const,
        rule: RECIPIENT_RULES.bulkTargetPom,
        to: head.target,
        content: bulkAllocationsEmail({
          direction: 'created',
          pomName: head.target.name,
          otherPomName: head.source.name,
          cases,
          message,
          url,
        }),
      },
      {
        template: 'bulk-allocations-removed' as const,
        rule: RECIPIENT_RULES.bulkSourcePom,
        to: head.source,
        content: bulkAllocationsEmail({
          direction: 'removed',
          pomName: head.source.name,
          otherPomName: head.target.name,
          cases,
          message,
          url,
        }),
      },
    ]
    for (const e of emails) {
      const outcome = await dispatch(deps, {
        template: e.template,
        rule: e.rule,
        recipient: { kind: 'staff', staffId: e.to.staffId, email: e.to.email },
        caseRef,
        episode,
        content: e.content,
      })
      run.outcomes.push({ template: e.template, outcome })
    }
    await deps.digests.closeBulkDigest(head, lines)
  }
  return run
}
