import type { OutboxEntry } from '../../src/model/messages'
import type { EmailOutbox } from '../../src/ports'

/** An in-memory {@link EmailOutbox}: written once per message, listed newest first. */
export class InMemoryEmailOutbox implements EmailOutbox {
  readonly entries = new Map<string, OutboxEntry>()

  async put(entry: OutboxEntry): Promise<void> {
    const key = `${entry.createdAt}#${entry.id}`
    if (!this.entries.has(key)) this.entries.set(key, structuredClone(entry))
  }

  async list(limit: number): Promise<OutboxEntry[]> {
    return [...this.entries.entries()]
      .sort(([a], [b]) => b.localeCompare(a))
      .slice(0, limit)
      .map(([, e]) => structuredClone(e))
  }
}
