import { describe, expect, it } from 'vitest'
import { calculateTiers, calculateTierV2, calculateTierV3, isFemaleGender, readRegistrations } from '../../src/tiering'
import { combinedInput, reg, value } from './fixtures'

const TODAY = '2026-01-15'

describe('both tiers from one input (calculateTiers)', () => {
  it('matches the separate v2 and v3 calculations', () => {
    const input = combinedInput({
      gender: 'FEMALE',
      rsrScore: 23,
      ogrsScore: 41,
      previousEnforcementActivity: true,
      registrations: [reg('MAPP', '2024-01-01', 'M1', 'M2'), reg('RHRH'), reg('INLL'), reg('PRC')],
      latestReleaseDate: '2025-06-01',
      predictors: {
        arp: { score: 62.5, staticOrDynamic: 'DYNAMIC', band: 'HIGH' },
        csrp: { score: 2.3, staticOrDynamic: 'STATIC', band: 'MEDIUM' },
        dcSrp: null,
      },
    })
    const r = value(calculateTiers(input, TODAY))
    const v2 = calculateTierV2({ ...input, isFemale: true })
    const flags = readRegistrations(input.registrations)
    const v3 = value(calculateTierV3({ ...input, ...flags, ...input.predictors! }, TODAY))
    expect(r.v2).toEqual(v2)
    expect(r.v3).toEqual(v3)
    expect(r.v2.tier).toBe('B2S')
    expect(r.v3).toMatchObject({ tier: 'B', provisional: false })
    expect(r.isFemale).toBe(true)
  })

  it('no predictors → v3 MISSING, v2 still calculated', () => {
    const r = value(calculateTiers(combinedInput({ predictors: null, rsrScore: 23 }), TODAY))
    expect(r.v3.tier).toBe('MISSING')
    expect(r.v2.tier).toBe('B2')
  })

  it('a v3 validation error fails the calculation and names the field within this input', () => {
    const r = calculateTiers(
      combinedInput({
        predictors: {
          arp: { score: 1, staticOrDynamic: 'DYNAMIC', band: null },
          csrp: { score: 1, staticOrDynamic: 'DYNAMIC', band: null },
          dcSrp: { score: 0.5, band: 'MEDIUM' },
        },
      }),
      TODAY,
    )
    expect(r).toMatchObject({ ok: false, error: { field: 'predictors.dcSrp.score' } })
  })

  it('female means the gender "female" in any case', () => {
    expect(['female', 'Female', 'fEmAlE'].map(isFemaleGender)).toEqual([true, true, true])
    expect(['male', 'F', null, 'females'].map(isFemaleGender)).toEqual([false, false, false, false])
  })
})
