/** The handover episode (one per sentence and custody period): reminders are sent once per episode. */
import type { TraceStep } from '@omic/domain'
import type { CaseRecord } from '../records'
import type { ReconcileContext } from './context'

/** Opens a new handover episode for a new sentence, or after a release and a new admission. */
export function updateEpisode(
  record: CaseRecord,
  ctx: ReconcileContext,
  inCustody: boolean,
  happened: TraceStep[],
): boolean {
  const ssd = record.prisoner?.snapshot.sentenceStartDate ?? null
  const ep = record.episode
  if (ep !== null && !inCustody) {
    if (!ep.closed) record.episode = { ...ep, closed: true }
    return false
  }
  if (ep !== null && ep.sentenceStartDate === ssd && !ep.closed) return false
  const seq = (ep?.seq ?? 0) + 1
  record.episode = {
    id: `E${seq}-${ssd ?? 'unsentenced'}`,
    seq,
    sentenceStartDate: ssd,
    startedOn: ctx.today,
    closed: !inCustody,
  }
  record.sent = {}
  if (ep === null) return false
  happened.push({
    rule: 'handover.service.newEpisode',
    explanation: ep.closed
      ? `back in custody after a release: handover episode ${record.episode.id} starts (reminders may be sent again)`
      : `sentence start date changed from ${ep.sentenceStartDate ?? 'none'} to ${ssd ?? 'none'}: new handover episode ${record.episode.id}`,
  })
  return true
}

/** Keys a refused conditional write found already sent in this episode count as sent (today, if not known). */
export function markAlreadySent(record: CaseRecord, ctx: ReconcileContext): void {
  for (const key of ctx.alreadySent ?? []) record.sent[key] ??= { dueDate: ctx.today, sentOn: ctx.today }
}

/** An override belongs to its episode: a new episode ends it. */
export function endPreviousEpisodeOverride(record: CaseRecord, happened: TraceStep[]): void {
  if (record.override && record.override.episodeId !== record.episode?.id) {
    happened.push({
      rule: 'handover.service.overrideEnded',
      explanation: 'the override belonged to the previous episode',
    })
    record.override = null
  }
}
