import { randomBytes } from 'node:crypto'
import type { IdGenerator } from '../ports'

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by creation time (the
 * calculation history is read in sk order). Within one millisecond a counter in the first random field keeps them
 * increasing.
 */
export class UuidV7Generator implements IdGenerator {
  private lastMs = -1
  private sequence = 0

  constructor(private readonly clockMs: () => number = Date.now) {}

  next(): string {
    let ms = this.clockMs()
    if (ms <= this.lastMs) {
      ms = this.lastMs
      this.sequence++
      if (this.sequence > 0xfff) {
        ms = this.lastMs + 1
        this.sequence = 0
      }
    } else {
      this.sequence = randomBytes(2).readUInt16BE(0) & 0x3ff
    }
    this.lastMs = ms
    const bytes = randomBytes(16)
    bytes.writeUIntBE(ms, 0, 6)
    bytes[6] = 0x70 | ((this.sequence >> 8) & 0x0f)
    bytes[7] = this.sequence & 0xff
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
    const hex = bytes.toString('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
}
