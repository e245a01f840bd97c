import { describe, expect, it } from 'vitest'
import type { AllocationStore } from '../../src/ports'
import { confirmBulkReallocation } from '../../src/use-cases/bulk-reallocation'
import { allocatePrimary, reallocatePrimary } from '../../src/use-cases/pom-allocation'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { upsertPom } from '../../src/use-cases/staff-registry'
import { countingStore } from '../fakes/counting-store'
import { SPO, testDeps } from '../fakes/deps'
import { probationDetails, received, tierCalculated } from '../fakes/events'
import { InMemoryStore } from '../fakes/in-memory-store'

const N = 6
const NOMS = Array.from({ length: N }, (_, i) => `D${1001 + i}EF`)
const TIERS = ['C', 'A', 'D', 'B', 'C', 'A']

/** A prison with three POMs and N cases, all held by POM 801. */
async function prison(store: AllocationStore) {
  const ctx = testDeps(store)
  for (const [id, grade] of [
    [801, 'PRO'],
    [802, 'PRO'],
    [803, 'PRO'],
  ] as const) {
    await upsertPom(ctx.deps, SPO, 'FMI', id, {
      name: `Pom ${id}`,
      email: null,
      grade,
      status: 'active',
      workingPattern: 1,
    })
  }
  for (const [i, noms] of NOMS.entries()) {
    const crn = `F10000${i}`
    await recordCaseEvent(ctx.deps, received(noms, 'FMI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(ctx.deps, probationDetails(noms, crn, '2026-11-20T10:00:00Z'))
    await recordCaseEvent(ctx.deps, tierCalculated(crn, TIERS[i] ?? 'C', '2026-11-20T11:00:00Z'))
    const allocated = await allocatePrimary(
      ctx.deps,
      SPO,
      noms,
      { staffId: 801, override: { reasons: ['no_staff'] } },
      () => true,
    )
    expect(allocated.ok).toBe(true)
  }
  return ctx
}

const cases = NOMS.map(nomsNumber => ({ nomsNumber, override: { reasons: ['no_staff' as const] } }))

describe('bulk reallocation reads', () => {
  it('reads the store N + 3 times for N cases: the POMs and the caseload once, each case with its history once, what is left once', async () => {
    const counting = countingStore(new InMemoryStore())
    const { deps } = await prison(counting.store)
    counting.reset()
    const out = await confirmBulkReallocation(deps, SPO, 'FMI', 801, { targetStaffId: 802, cases, reason: 'om_left' })
    if (!out.ok) throw new Error(JSON.stringify(out))
    expect(out.value).toMatchObject({ reallocated: N, failed: 0, remaining: 0 })
    expect(Object.fromEntries(counting.reads)).toEqual({ listPoms: 1, caseload: 2, caseWithHistory: N })
    expect(counting.total()).toBe(N + 3)
  })

  it('decides each case exactly as reallocating it on its own does (the preloaded caseload follows the moves)', async () => {
    const bulkStore = new InMemoryStore()
    const bulk = await prison(bulkStore)
    await confirmBulkReallocation(bulk.deps, SPO, 'FMI', 801, { targetStaffId: 802, cases, reason: 'om_left' })

    const oneStore = new InMemoryStore()
    const one = await prison(oneStore)
    for (const c of cases) {
      const out = await reallocatePrimary(
        one.deps,
        SPO,
        c.nomsNumber,
        {
          fromStaffId: 801,
          staffId: 802,
          override: c.override,
          reason: 'om_left',
          lineManagerAuthorisation: null,
          note: null,
        },
        p => p === 'FMI',
        'bulk_reallocation',
      )
      expect(out.ok).toBe(true)
    }
    expect([...bulkStore.histories]).toEqual([...oneStore.histories])
    expect(bulk.sink.published).toEqual(one.sink.published)
    expect(await bulkStore.caseload('FMI')).toEqual(await oneStore.caseload('FMI'))
  })
})
