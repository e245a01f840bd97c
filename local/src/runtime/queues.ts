import { appendFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

export interface QueueMessage {
  messageId: string
  sentAt: string
  body: unknown
  attributes: Record<string, string>
}

/**
 * Local stand-in for the SQS dead-letter queues in the template: failed asynchronous invocations land here with
 * their error, can be listed and redriven. Also appended to `<dir>/<queue>.jsonl` so nothing is lost on exit.
 */
export class LocalQueues {
  private readonly queues = new Map<string, QueueMessage[]>()
  private counter = 0

  constructor(private readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true })
  }

  send(queue: string, body: unknown, attributes: Record<string, string> = {}): QueueMessage {
    const message = { messageId: `${Date.now()}-${++this.counter}`, sentAt: new Date().toISOString(), body, attributes }
    const list = this.queues.get(queue) ?? []
    list.push(message)
    this.queues.set(queue, list)
    if (this.dir) appendFileSync(join(this.dir, `${queue}.jsonl`), `${JSON.stringify(message)}\n`)
    return message
  }

  list(queue?: string): { queue: string; messages: QueueMessage[] }[] {
    return [...this.queues.entries()]
      .filter(([name]) => queue === undefined || name === queue)
      .map(([name, messages]) => ({ queue: name, messages: [...messages] }))
  }

  /** Removes and returns every message of a queue (for a redrive). */
  drain(queue: string): QueueMessage[] {
    const messages = this.queues.get(queue) ?? []
    this.queues.set(queue, [])
    return messages
  }

  count(): number {
    let n = 0
    for (const m of this.queues.values()) n += m.length
    return n
  }
}
