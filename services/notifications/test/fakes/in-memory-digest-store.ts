import type {
  AddOutcome,
  BulkDigestHead,
  BulkDigestLine,
  BulkDigestMessage,
  InactivePomDigestHead,
  InactivePomDigestLine,
  StoredBulkDigestHead,
} from '../../src/model/digests'
import type { DigestStore } from '../../src/ports'

const copy = <T>(value: T): T => structuredClone(value)

const bulkGroup = (h: Pick<BulkDigestHead, 'prisonId' | 'source' | 'target'>) =>
  `${h.prisonId}#${h.source.staffId}#${h.target.staffId}`
const inactiveGroup = (h: Pick<InactivePomDigestHead, 'prisonId' | 'pom' | 'spo'>) =>
  `${h.prisonId}#${h.pom.staffId}#${h.spo.staffId ? `staff:${h.spo.staffId}` : `mailbox:${h.spo.email.trim().toLowerCase()}`}`

interface Digest<H, L> {
  head: H
  lines: Map<string, L>
  messageAt?: string
}

/** An in-memory {@link DigestStore} for use-case tests: once per move, newest note, close unless added meanwhile. */
export class InMemoryDigestStore implements DigestStore {
  readonly bulk = new Map<string, Digest<StoredBulkDigestHead, BulkDigestLine>>()
  readonly inactive = new Map<string, Digest<InactivePomDigestHead, InactivePomDigestLine>>()
  /** The once-only records of moves and hand-backs. */
  readonly seen = new Set<string>()

  async addToBulkDigest(
    digest: BulkDigestHead,
    line: BulkDigestLine & { addedAt: string },
    eventAt: string,
    message: BulkDigestMessage | null = null,
  ): Promise<AddOutcome> {
    const group = bulkGroup(digest)
    const once = `BULK_CASE#${line.nomsNumber}#${eventAt}#${group}`
    let outcome: AddOutcome = 'duplicate'
    if (!this.seen.has(once)) {
      this.seen.add(once)
      const existing = this.bulk.get(group)
      const firstAddedAt = existing?.head.firstAddedAt ?? digest.lastAddedAt
      const entry = existing ?? { head: { ...copy(digest), firstAddedAt }, lines: new Map() }
      entry.head = { ...entry.head, ...copy(digest), firstAddedAt }
      entry.lines.set(line.nomsNumber, copy(line))
      this.bulk.set(group, entry)
      outcome = 'added'
    }
    const head = this.bulk.get(group)
    if (message && head && (head.messageAt === undefined || head.messageAt <= message.at)) {
      head.head.message = message.text
      head.messageAt = message.at
    }
    return outcome
  }

  async quietBulkDigests(quietSince: string): Promise<{ head: StoredBulkDigestHead; lines: BulkDigestLine[] }[]> {
    return [...this.bulk.values()]
      .filter(d => d.head.lastAddedAt < quietSince)
      .map(d => ({ head: copy(d.head), lines: [...d.lines.values()].map(copy) }))
  }

  async closeBulkDigest(head: BulkDigestHead, lines: readonly BulkDigestLine[]): Promise<boolean> {
    const group = bulkGroup(head)
    const digest = this.bulk.get(group)
    for (const l of lines) digest?.lines.delete(l.nomsNumber)
    if (digest?.head.lastAddedAt !== head.lastAddedAt) return false
    this.bulk.delete(group)
    return true
  }

  async addToInactivePomDigest(head: InactivePomDigestHead, line: InactivePomDigestLine): Promise<AddOutcome> {
    const once = `INACTIVE_POM_CASE#${line.nomsNumber}#${line.removedAt}#${head.pom.staffId}`
    if (this.seen.has(once)) return 'duplicate'
    this.seen.add(once)
    const group = inactiveGroup(head)
    const entry = this.inactive.get(group) ?? { head: copy(head), lines: new Map() }
    entry.head = copy(head)
    entry.lines.set(`${line.nomsNumber}#${line.removedAt}`, copy(line))
    this.inactive.set(group, entry)
    return 'added'
  }

  async quietInactivePomDigests(
    quietSince: string,
  ): Promise<{ head: InactivePomDigestHead; lines: InactivePomDigestLine[] }[]> {
    return [...this.inactive.values()]
      .filter(d => d.head.lastAddedAt < quietSince)
      .map(d => ({ head: copy(d.head), lines: [...d.lines.values()].map(copy) }))
  }

  async closeInactivePomDigest(head: InactivePomDigestHead, lines: readonly InactivePomDigestLine[]): Promise<boolean> {
    const group = inactiveGroup(head)
    const digest = this.inactive.get(group)
    for (const l of lines) digest?.lines.delete(`${l.nomsNumber}#${l.removedAt}`)
    if (digest?.head.lastAddedAt !== head.lastAddedAt) return false
    this.inactive.delete(group)
    return true
  }
}
