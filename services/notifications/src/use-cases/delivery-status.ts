/**
 * Delivery receipts: GOV.UK Notify accepts an email and reports later whether it was delivered. Sent messages wait
 * under `AWAITING_RECEIPT` until the poll reads a final status: `delivered` is stored; `permanent-failure` (the
 * address does not exist) marks the message failed; `temporary-failure` (inbox full, out of office for days) and
 * `technical-failure` move it to the dead-letter store, where a redrive sends it again. Each failure is published.
 */
import { MESSAGE_STATUSES } from '../model/messages'
import { FINAL_DELIVERY_STATUSES } from '../ports'
import { type DispatchDeps, publishOutcome } from './dispatch'

/** Notify usually knows within a minute; the poll leaves younger emails alone. */
const SETTLE_MS = 60_000
/** Notify keeps notifications for 7 days: after that the status cannot be read any more. */
const GIVE_UP_AFTER_MS = 7 * 24 * 3600 * 1000

export interface PollRun {
  checked: number
  delivered: number
  failed: number
  deadLettered: number
  pending: number
  errors: number
}

export async function pollDeliveryStatuses(deps: DispatchDeps, limit = 200): Promise<PollRun> {
  const now = deps.clock.now()
  const run: PollRun = { checked: 0, delivered: 0, failed: 0, deadLettered: 0, pending: 0, errors: 0 }
  const waiting = await deps.messages.awaitingReceipt(new Date(now.getTime() - SETTLE_MS).toISOString(), limit)
  for (const w of waiting) {
    run.checked++
    let status: string | undefined
    try {
      status = await deps.channel.deliveryStatus(w.providerId)
    } catch {
      run.errors++
      continue
    }
    const at = now.toISOString()
    const sentAt = Date.parse(w.key.slice(0, w.key.lastIndexOf('#')))
    if (status === undefined || (!isFinal(status) && now.getTime() - sentAt > GIVE_UP_AFTER_MS)) {
      await deps.messages.recordDeliveryStatus(w.id, 'unknown', at, w.key, true)
      continue
    }
    if (!isFinal(status)) {
      await deps.messages.recordDeliveryStatus(w.id, status, at, w.key, false)
      run.pending++
      continue
    }
    await deps.messages.recordDeliveryStatus(w.id, status, at, w.key, true)
    if (status === 'delivered') {
      run.delivered++
      continue
    }
    const message = await deps.messages.get(w.id)
    if (!message) continue
    const error = { code: `notify-${status}`, retryable: status !== 'permanent-failure', at }
    if (status === 'permanent-failure') {
      await deps.messages.markFailed(w.id, error.code, at)
      await publishOutcome(deps, { ...message, status: MESSAGE_STATUSES.failed, reason: error.code })
      run.failed++
    } else {
      const updated = { ...message, errors: [...message.errors, error] }
      await deps.messages.deadLetter(updated, error, at)
      await publishOutcome(deps, { ...updated, status: MESSAGE_STATUSES.deadLetter })
      run.deadLettered++
    }
  }
  return run
}

function isFinal(status: string): boolean {
  return (FINAL_DELIVERY_STATUSES as readonly string[]).includes(status)
}
