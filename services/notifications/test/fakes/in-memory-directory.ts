import {
  type Applied,
  CASE_PART_SCHEMAS,
  type CasePartName,
  type CaseParts,
  type CaseRecord,
  type LduRecord,
  type StaffRef,
} from '../../src/model/directory'
import type { Directory } from '../../src/ports'

const copy = <T>(value: T): T => structuredClone(value)

function partOf<P extends CasePartName>(part: P, value: unknown): CaseParts[P] | undefined {
  const parsed = CASE_PART_SCHEMAS[part].safeParse(value)
  return parsed.success ? parsed.data : undefined
}

/** An in-memory {@link Directory}: parts applied order-safely (stale, replayed, applied) with a facts version. */
export class InMemoryDirectory implements Directory {
  readonly cases = new Map<string, CaseRecord>()
  readonly staff = new Map<string, StaffRef & { at: string }>()
  readonly ldus = new Map<string, LduRecord & { at: string }>()

  async getCase(noms: string): Promise<CaseRecord | undefined> {
    const record = this.cases.get(noms)
    return record ? copy(record) : undefined
  }

  async applyPart<P extends CasePartName>(
    noms: string,
    part: P,
    occurredAt: string,
    value: CaseParts[P],
    extra: Record<string, unknown> = {},
    remove: readonly string[] = [],
  ): Promise<Applied<P>> {
    const current: CaseRecord = copy(this.cases.get(noms)) ?? { nomsNumber: noms }
    const currentAt = current[`${part}At`]
    if (typeof currentAt === 'string' && currentAt > occurredAt) {
      return { outcome: 'stale', previous: undefined, record: current }
    }
    const before = partOf(part, current[part])
    if (currentAt === occurredAt) {
      return { outcome: 'replayed', previous: partOf(part, current[`${part}Prev`]), record: current }
    }
    const record: CaseRecord = {
      ...current,
      ...copy(extra),
      [part]: copy(value),
      [`${part}At`]: occurredAt,
      [`${part}Prev`]: before ?? null,
      nomsNumber: noms,
      factsVersion: (current.factsVersion ?? 0) + 1,
    }
    for (const k of remove) delete record[k]
    this.cases.set(noms, record)
    return { outcome: 'applied', previous: before, record: copy(record) }
  }

  async putStaff(staff: StaffRef, at: string): Promise<void> {
    const known = this.staff.get(staff.staffId)
    if (!known || known.at <= at) this.staff.set(staff.staffId, { ...copy(staff), at })
  }

  async getStaff(staffId: string): Promise<StaffRef | undefined> {
    const known = this.staff.get(staffId)
    return known ? { staffId, name: known.name, email: known.email } : undefined
  }

  async putLdu(ldu: LduRecord, at: string): Promise<void> {
    const known = this.ldus.get(ldu.lduCode)
    if (!known || known.at <= at) this.ldus.set(ldu.lduCode, { ...copy(ldu), at })
  }

  async getLdu(lduCode: string): Promise<LduRecord | undefined> {
    const known = this.ldus.get(lduCode)
    return known ? { lduCode, name: known.name, email: known.email } : undefined
  }

  async listLdus(): Promise<LduRecord[]> {
    return [...this.ldus.values()].map(({ lduCode, name, email }) => ({ lduCode, name, email }))
  }

  async casesOfLdu(lduCode: string): Promise<CaseRecord[]> {
    return [...this.cases.values()].filter(c => c.gsi1pk === `LDU#${lduCode}`).map(copy)
  }
}
