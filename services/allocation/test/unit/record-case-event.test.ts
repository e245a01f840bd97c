import { describe, expect, it } from 'vitest'
import { recordCaseEvent } from '../../src/use-cases/record-case-event'
import { testDeps } from '../fakes/deps'
import {
  comAllocatedByProbation,
  comRequested,
  handoverChanged,
  merged,
  probationDetails,
  received,
  released,
  tierCalculated,
  updated,
} from '../fakes/events'
import { InMemoryStore } from '../fakes/in-memory-store'

function setup() {
  const store = new InMemoryStore()
  return { store, ...testDeps(store) }
}

function allocated(store: InMemoryStore, noms: string, staffId: number, prisonId = 'LEI') {
  const stored = store.cases.get(noms)
  if (!stored) throw new Error('no case')
  const pom = {
    staffId,
    name: `Pom ${staffId}`,
    email: `pom${staffId}@example.gov.uk`,
    grade: 'PO' as const,
    prisonId,
    allocatedAt: '2026-11-21T09:00:00Z',
    allocatedBy: 'spo',
  }
  stored.record.allocation = { ...stored.record.allocation, primary: pom, coworking: { ...pom, staffId: staffId + 1 } }
}

describe('recording case events', () => {
  it('keeps the newest snapshot: an older event never overwrites newer state', async () => {
    const { deps, store } = setup()
    expect(await recordCaseEvent(deps, received('A1111AA', 'LEI', '2026-11-20T10:00:00Z', { lastName: 'New' }))).toBe(
      'recorded',
    )
    expect(await recordCaseEvent(deps, updated('A1111AA', 'LEI', '2026-11-20T09:00:00Z', { lastName: 'Old' }))).toBe(
      'stale',
    )
    expect((await store.getCase('A1111AA'))?.prisoner?.value.lastName).toBe('New')
    expect((await store.getCase('A1111AA'))?.arrivedOn).toBe('2026-11-20')
  })

  it('parks a tier that arrives before the CRN is linked, and applies it when the probation case links it', async () => {
    const { deps, store } = setup()
    await recordCaseEvent(deps, received('A2222AA', 'LEI', '2026-11-20T09:00:00Z'))
    expect(await recordCaseEvent(deps, tierCalculated('X222222', 'C', '2026-11-20T10:00:00Z'))).toBe('unlinked')
    await recordCaseEvent(deps, probationDetails('A2222AA', 'X222222', '2026-11-20T11:00:00Z'))
    const record = await store.getCase('A2222AA')
    expect(record?.tierV3?.value.tier).toBe('C')
    expect(record?.crn).toBe('X222222')
    // a tier event naming the NOMS number needs no link
    await recordCaseEvent(deps, tierCalculated('X999999', 'D1', '2026-11-20T12:00:00Z', 2, 'A2222AA'))
    expect((await store.getCase('A2222AA'))?.tierV2?.value.tier).toBe('D1')
  })

  it('deallocates on release (not on a temporary absence or a transfer still in transit), publishing allocation.changed', async () => {
    const { deps, store, sink } = setup()
    await recordCaseEvent(deps, received('A3333AA', 'LEI', '2026-11-20T09:00:00Z'))
    allocated(store, 'A3333AA', 10)
    await recordCaseEvent(deps, released('A3333AA', 'LEI', '2026-11-21T09:00:00Z', 'TEMPORARY_ABSENCE_RELEASE'))
    await recordCaseEvent(deps, released('A3333AA', 'LEI', '2026-11-21T10:00:00Z', 'TRANSFERRED'))
    expect((await store.getCase('A3333AA'))?.allocation.primary?.staffId).toBe(10)
    expect((await store.getCase('A3333AA'))?.prisonId).toBe('TRN')
    await recordCaseEvent(deps, received('A3333AA', 'LEI', '2026-11-21T15:00:00Z', {}, 'TRANSFERRED'))
    expect((await store.getCase('A3333AA'))?.allocation.primary?.staffId).toBe(10) // back at the same prison
    await recordCaseEvent(deps, released('A3333AA', 'LEI', '2026-11-22T09:00:00Z'))
    const after = await store.getCase('A3333AA')
    expect(after?.allocation).toMatchObject({ primary: null, coworking: null, previousPrimary: { staffId: 10 } })
    expect(
      sink.published.map(e => [
        e.additionalInformation.role,
        e.additionalInformation.staffCode,
        e.additionalInformation.eventTrigger,
      ]),
    ).toEqual([
      ['coworking', null, 'offender_released'],
      ['primary', null, 'offender_released'],
    ])
    expect((await store.history('A3333AA')).map(h => h.event)).toEqual([
      'deallocate_secondary_pom',
      'deallocate_primary_pom',
    ])
  })

  it('records responsibility, COM requests and COMs allocated in nDelius', async () => {
    const { deps, store } = setup()
    await recordCaseEvent(deps, received('A4444AA', 'LEI', '2026-11-20T09:00:00Z'))
    await recordCaseEvent(deps, handoverChanged('A4444AA', 'Community', '2026-11-20T10:00:00Z'))
    await recordCaseEvent(deps, comRequested('A4444AA', 'X444444', '2026-11-20T11:00:00Z'))
    expect((await store.comDemand('PDU1', { limit: 5 })).items.map(d => d.nomsNumber)).toEqual(['A4444AA'])
    await recordCaseEvent(deps, comAllocatedByProbation('A4444AA', 'X444444', 'N01A001', '2026-11-20T12:00:00Z'))
    const record = await store.getCase('A4444AA')
    expect(record?.handover?.value.responsibility).toBe('Community')
    expect(record?.com?.value).toMatchObject({ staffCode: 'N01A001', source: 'ndelius' })
    expect((await store.comDemand('PDU1', { limit: 5 })).items).toEqual([])
  })

  it('parks a COM allocated in nDelius by CRN before the CRN is linked, and applies it when the link arrives', async () => {
    const { deps, store } = setup()
    await recordCaseEvent(deps, received('A6666AA', 'LEI', '2026-11-20T09:00:00Z'))
    expect(
      await recordCaseEvent(deps, comAllocatedByProbation(null, 'X666666', 'N01A009', '2026-11-20T10:00:00Z')),
    ).toBe('unlinked')
    // an older allocation arriving late does not replace the newer one waiting
    await recordCaseEvent(deps, comAllocatedByProbation(null, 'X666666', 'N01A008', '2026-11-20T09:45:00Z'))
    expect((await store.getCase('A6666AA'))?.com).toBeNull()
    await recordCaseEvent(deps, probationDetails('A6666AA', 'X666666', '2026-11-20T11:00:00Z', { pduCode: 'PDU1' }))
    const record = await store.getCase('A6666AA')
    expect(record?.com).toEqual({
      value: {
        staffCode: 'N01A009',
        name: 'Pat Jones',
        email: 'pat.jones@example.gov.uk',
        grade: 'PO',
        teamCode: 'TEAM1',
        pduCode: 'PDU1',
        source: 'ndelius',
      },
      at: '2026-11-20T10:00:00Z',
    })
    // a case with a COM needs none: a request made before or after that allocation does not list it
    await recordCaseEvent(deps, comRequested('A6666AA', 'X666666', '2026-11-20T09:30:00Z'))
    expect((await store.comDemand('PDU1', { limit: 5 })).items).toEqual([])
    await recordCaseEvent(deps, comRequested('A6666AA', 'X666666', '2026-11-20T10:30:00Z'))
    expect((await store.comDemand('PDU1', { limit: 5 })).items).toEqual([])
    expect((await store.getCase('A6666AA'))?.comRequest).toBeNull()
    // once linked, a COM event naming only the CRN is applied at once; a later link event does not bring back the
    // parked (older) COM
    await recordCaseEvent(deps, comAllocatedByProbation(null, 'X666666', 'N01A010', '2026-11-21T10:00:00Z'))
    await recordCaseEvent(deps, probationDetails('A6666AA', 'X666666', '2026-11-21T11:00:00Z'))
    expect((await store.getCase('A6666AA'))?.com?.value.staffCode).toBe('N01A010')
  })

  it('applies a parked COM with the first event that links the CRN, even a tier naming the NOMS number', async () => {
    const { deps, store } = setup()
    await recordCaseEvent(deps, comAllocatedByProbation(null, 'X777777', 'N01A011', '2026-11-20T10:00:00Z'))
    await recordCaseEvent(deps, tierCalculated('X777777', 'B2', '2026-11-20T12:00:00Z', 2, 'A7777AA'))
    const record = await store.getCase('A7777AA')
    expect(record?.com?.value.staffCode).toBe('N01A011')
    expect(record?.tierV2?.value.tier).toBe('B2')
  })

  it('merges two NOMS numbers: newer parts, the allocation and history move onto the kept number', async () => {
    const { deps, store, sink, crnLinks } = setup()
    await recordCaseEvent(deps, received('A5555AA', 'LEI', '2026-11-20T09:00:00Z', { lastName: 'Removed' }))
    await recordCaseEvent(deps, probationDetails('A5555AA', 'X555555', '2026-11-20T10:00:00Z'))
    allocated(store, 'A5555AA', 20)
    await recordCaseEvent(deps, released('A5555AA', 'LEI', '2026-11-20T11:00:00Z'))
    await recordCaseEvent(deps, received('A5555AA', 'LEI', '2026-11-20T12:00:00Z', { lastName: 'Removed' }))
    allocated(store, 'A5555AA', 30)
    await recordCaseEvent(
      deps,
      received('B5555BB', 'LEI', '2026-11-19T09:00:00Z', { nomsNumber: 'B5555BB', lastName: 'Kept' }),
    )
    sink.clear()
    expect(await recordCaseEvent(deps, merged('B5555BB', 'A5555AA', '2026-11-21T09:00:00Z'))).toBe('recorded')
    expect(await store.getCase('A5555AA')).toBeUndefined()
    const kept = await store.getCase('B5555BB')
    expect(kept).toMatchObject({ crn: 'X555555', mergedFrom: ['A5555AA'], allocation: { primary: { staffId: 30 } } })
    expect((await crnLinks.get('X555555')).nomsNumber).toBe('B5555BB')
    expect((await store.history('B5555BB')).map(h => h.event)).toEqual([
      'deallocate_secondary_pom',
      'deallocate_primary_pom',
    ])
    expect(sink.published.map(e => [e.additionalInformation.nomsNumber, e.additionalInformation.eventTrigger])).toEqual(
      [
        ['B5555BB', 'offender_merged'],
        ['B5555BB', 'offender_merged'],
      ],
    )
  })
})
