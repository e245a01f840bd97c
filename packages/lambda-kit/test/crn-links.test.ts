import { describe, expect, it } from 'vitest'
import { InMemoryCrnLinks } from '../src'
import { crnLinksContract, type Parts } from './crn-links-contract'

crnLinksContract('InMemoryCrnLinks', () => new InMemoryCrnLinks<Parts>())

describe('InMemoryCrnLinks', () => {
  it('hands out copies: changing what get or link returned does not change the store', async () => {
    const links = new InMemoryCrnLinks<Parts>()
    await links.park('X000001', 'tier', { at: '2026-05-01T10:00:00Z', value: { tier: 'B', calculationId: 'c' } })
    const got = await links.get('X000001')
    if (got.parked.tier) got.parked.tier.value.tier = 'Z'
    const linked = await links.link('X000001', 'A1234BC')
    expect(linked.parked.tier?.value.tier).toBe('B')
    linked.nomsNumber = 'Z9999ZZ'
    expect((await links.get('X000001')).nomsNumber).toBe('A1234BC')
  })

  it('a park keeps its own copy of the value', async () => {
    const links = new InMemoryCrnLinks<Parts>()
    const parked = { at: '2026-05-01T10:00:00Z', value: { tier: 'B', calculationId: 'c' } }
    await links.park('X000002', 'tier', parked)
    parked.value.tier = 'Z'
    expect((await links.get('X000002')).parked.tier?.value.tier).toBe('B')
  })
})
