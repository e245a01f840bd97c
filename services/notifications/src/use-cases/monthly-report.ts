/**
 * The monthly LDU pipeline report (handover.md §g.4; notifications.md #14): on the 1st of each month, each LDU
 * mailbox with cases gets the list of handovers starting in the next 45 days as a CSV, or the "no handovers"
 * email when there are none. An LDU without cases gets nothing. Once per LDU per month (the dedupe key's episode).
 */
import {
  fullName,
  type IsoDate,
  type PipelineCase,
  pipelineAttachment,
  pipelineToCommunityEmail,
  pipelineWindow,
  RECIPIENT_RULES,
  selectPipelineCases,
} from '@omic/domain'
import type { CaseRecord } from '../model/directory'
import type { Directory } from '../ports'
import { type DispatchDeps, type DispatchOutcome, dispatch } from './dispatch'
import { prisonNameOf } from './plan-emails'

const SENTENCED = new Set(['SENTENCED', 'INDETERMINATE_SENTENCE', 'RECALL'])

export function pipelineCaseOf(record: CaseRecord): PipelineCase {
  const p = record.prisoner
  return {
    nomsNumber: record.nomsNumber,
    crn: record.crn ?? record.probation?.crn ?? null,
    prisonerName: fullName(p?.firstName, p?.lastName),
    prisonName: p ? prisonNameOf(p.prisonId) : null,
    sentencedInCustody: !!p && p.status.startsWith('ACTIVE') && SENTENCED.has(p.legalStatus),
    handoverStartDate: record.handover?.handoverStartDate ?? null,
    handoverDate: record.handover?.handoverDate ?? null,
    handoverChangedOn: record.handover?.changedOn ?? null,
    conditionalReleaseDate: p?.conditionalReleaseDate ?? null,
    paroleEligibilityDate: p?.paroleEligibilityDate ?? null,
    tariffDate: p?.tariffDate ?? null,
    pomName: record.primaryPom?.name ?? null,
    pomEmail: record.primaryPom?.email ?? null,
    comName: record.com?.name ?? null,
  }
}

export interface ReportRun {
  runDate: IsoDate
  ldus: { lduCode: string; cases: number; outcome: DispatchOutcome }[]
}

export async function sendMonthlyPipelineReports(
  deps: DispatchDeps & { directory: Pick<Directory, 'listLdus' | 'casesOfLdu'> },
  runDate: IsoDate,
): Promise<ReportRun> {
  const run: ReportRun = { runDate, ldus: [] }
  const window = pipelineWindow(runDate)
  for (const ldu of await deps.directory.listLdus()) {
    const records = await deps.directory.casesOfLdu(ldu.lduCode)
    if (records.length === 0) continue
    const cases = selectPipelineCases(records.map(pipelineCaseOf), runDate)
    const content = pipelineToCommunityEmail({
      lduName: ldu.name,
      fromDate: window.from,
      toDate: window.to,
      caseCount: cases.length,
      csv: cases.length ? pipelineAttachment(ldu.lduCode, runDate, cases) : null,
    })
    const outcome = await dispatch(deps, {
      template: content.ok ? content.value.template : 'pipeline-to-community',
      rule: RECIPIENT_RULES.lduMailbox,
      recipient: { kind: 'mailbox', email: ldu.email },
      caseRef: { nomsNumber: null, crn: null, prisonId: null },
      episode: `${ldu.lduCode}@${runDate.slice(0, 7)}`,
      content,
    })
    run.ldus.push({ lduCode: ldu.lduCode, cases: cases.length, outcome })
  }
  return run
}
