import { MESSAGE_STATUSES, type MessageRecord, type MessageStatus } from '../adapters/notification-store'
import { type DispatchDeps, deliver } from './dispatch'

export type RedriveResult =
  | { outcome: 'not-found' }
  | { outcome: 'not-dead-lettered'; status: MessageStatus }
  | { outcome: 'redriven'; status: MessageStatus; message: MessageRecord }

/**
 * Sends a dead-lettered message again with a fresh retry budget. Only a message in the dead-letter store can be
 * redriven, and only once at a time (the move back to pending is conditional).
 */
export async function redrive(deps: DispatchDeps, id: string): Promise<RedriveResult> {
  const message = await deps.store.get(id)
  if (!message) return { outcome: 'not-found' }
  const now = deps.now()
  const started = await deps.store.startRedrive(id, now.getTime(), deps.leaseMs ?? 120_000, now.toISOString())
  if (!started) return { outcome: 'not-dead-lettered', status: message.status }
  const status = await deliver(deps, {
    ...message,
    status: MESSAGE_STATUSES.pending,
    redrives: message.redrives + 1,
  })
  const updated = await deps.store.get(id)
  return { outcome: 'redriven', status, message: updated ?? message }
}
