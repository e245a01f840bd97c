import { MESSAGE_STATUSES, type MessageRecord, type MessageStatus } from '../model/messages'
import { DEFAULT_LEASE_MS, type DispatchDeps, deliver } from './dispatch'

export type RedriveResult =
  | { outcome: 'not-found' }
  | { outcome: 'not-dead-lettered'; status: MessageStatus }
  | { outcome: 'redriven'; status: MessageStatus; message: MessageRecord }

/**
 * Sends a dead-lettered message again with a fresh retry budget. Only a message in the dead-letter store can be
 * redriven, and only once at a time (the move back to pending is conditional).
 */
export async function redrive(deps: DispatchDeps, id: string): Promise<RedriveResult> {
  const message = await deps.messages.get(id)
  if (!message) return { outcome: 'not-found' }
  const now = deps.clock.now()
  const started = await deps.messages.startRedrive(
    id,
    now.getTime(),
    deps.leaseMs ?? DEFAULT_LEASE_MS,
    now.toISOString(),
  )
  if (!started) return { outcome: 'not-dead-lettered', status: message.status }
  const status = await deliver(deps, {
    ...message,
    status: MESSAGE_STATUSES.pending,
    redrives: message.redrives + 1,
  })
  const updated = await deps.messages.get(id)
  return { outcome: 'redriven', status, message: updated ?? message }
}
