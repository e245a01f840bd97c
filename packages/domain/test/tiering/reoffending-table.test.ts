import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { maxTierForArp, maxTierForCsrp, reoffendingTier, TIER_V3_LETTER_RANK } from '../../src/tiering'

describe('OGRS4 reoffending table (reoffendingTier)', () => {
  it('every cell at its thresholds', () => {
    const arps = [90, 75, 50, 25, 15, 0]
    const csrps = [6.9, 3.0, 1.0, 0.5, 0.0]
    const table = csrps.map(c => arps.map(a => reoffendingTier(a, c)).join(''))
    expect(table).toEqual(['AABBBB', 'ABCCCC', 'BCDEEE', 'CDEEFF', 'DDEFFG'])
  })

  it('thresholds are inclusive; just below drops a row or column', () => {
    expect(reoffendingTier(89.99, 6.9)).toBe('A')
    expect(reoffendingTier(74.99, 6.9)).toBe('B')
    expect(reoffendingTier(90, 6.89)).toBe('A')
    expect(reoffendingTier(75, 2.99)).toBe('C')
    expect(reoffendingTier(99, 10)).toBe('A')
  })

  it('negative scores have no cell', () => {
    expect(reoffendingTier(-1, 1)).toBeNull()
    expect(reoffendingTier(1, -0.01)).toBeNull()
  })

  it('a higher score never gives a lower tier', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (a1, a2, c1, c2) => {
          const low = reoffendingTier(Math.min(a1, a2), Math.min(c1, c2))!
          const high = reoffendingTier(Math.max(a1, a2), Math.max(c1, c2))!
          expect(TIER_V3_LETTER_RANK[high]).toBeGreaterThanOrEqual(TIER_V3_LETTER_RANK[low])
        },
      ),
    )
  })

  it('ceilings: first column for a CSRP, first row for an ARP', () => {
    expect(maxTierForCsrp(0.5)).toBe('C')
    expect(maxTierForCsrp(0)).toBe('D')
    expect(maxTierForArp(25)).toBe('B')
    expect(maxTierForArp(75)).toBe('A')
  })
})
