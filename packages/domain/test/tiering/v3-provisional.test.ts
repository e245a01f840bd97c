import { describe, expect, it } from 'vitest'
import { calculateTierV3, isTierV3Provisional, type TierV3ProvisionalInput } from '../../src/tiering'
import { v3Input, value } from './fixtures'

const input = (o: Partial<TierV3ProvisionalInput>): TierV3ProvisionalInput => ({
  rosh: 'MEDIUM',
  mappaCategory: null,
  arp: { score: 0, staticOrDynamic: 'DYNAMIC' },
  csrp: { score: 0, staticOrDynamic: 'DYNAMIC' },
  stepResults: {},
  ...o,
})
const STATIC = 'STATIC' as const

describe('v3 provisional flag (isTierV3Provisional)', () => {
  it('both predictors dynamic and RoSH present: never provisional', () => {
    expect(isTierV3Provisional(input({ stepResults: { REOFFENDING: 'G' } })).provisional).toBe(false)
  })

  it('P1 both static: provisional unless another step gives A', () => {
    const base = { arp: { score: 90, staticOrDynamic: STATIC }, csrp: { score: 6.9, staticOrDynamic: STATIC } }
    expect(isTierV3Provisional(input({ ...base, stepResults: { REOFFENDING: 'A', MAPPA_ROSH: 'D' } }))).toMatchObject({
      provisional: true,
      reasons: ['STATIC_PREDICTORS'],
    })
    expect(
      isTierV3Provisional(input({ ...base, stepResults: { REOFFENDING: 'A', SEXUAL_REOFFENDING: 'A' } })).provisional,
    ).toBe(false)
  })

  it('P1 static ARP: ceiling is the first column of the CSRP row', () => {
    const base = {
      arp: { score: 0, staticOrDynamic: STATIC },
      csrp: { score: 0.5, staticOrDynamic: 'DYNAMIC' as const },
    }
    expect(
      isTierV3Provisional(input({ ...base, stepResults: { REOFFENDING: 'F', SEXUAL_OFFENCES: 'E' } })).provisional,
    ).toBe(true)
    expect(
      isTierV3Provisional(input({ ...base, stepResults: { REOFFENDING: 'F', MAPPA_ROSH: 'C' } })).provisional,
    ).toBe(false)
  })

  it('P1 static CSRP: ceiling is the first row of the ARP column', () => {
    const base = {
      arp: { score: 25, staticOrDynamic: 'DYNAMIC' as const },
      csrp: { score: 0, staticOrDynamic: STATIC },
    }
    expect(isTierV3Provisional(input({ ...base, stepResults: { REOFFENDING: 'F', STALKING: 'F' } })).provisional).toBe(
      true,
    )
    expect(isTierV3Provisional(input({ ...base, stepResults: { SEXUAL_REOFFENDING: 'B' } })).provisional).toBe(false)
  })

  it('a null static/dynamic flag is neither', () => {
    const r = isTierV3Provisional(
      input({ arp: { score: 0, staticOrDynamic: null }, stepResults: { REOFFENDING: 'G' } }),
    )
    expect(r.provisional).toBe(false)
  })

  it('P2 missing RoSH with MAPPA: provisional unless A without MAPPA/RoSH', () => {
    expect(
      isTierV3Provisional(input({ rosh: null, mappaCategory: 'M1', stepResults: { MAPPA_ROSH: 'A' } })).provisional,
    ).toBe(true)
    expect(
      isTierV3Provisional(
        input({ rosh: null, mappaCategory: 'M1', stepResults: { REOFFENDING: 'G', SEXUAL_REOFFENDING: 'A' } }),
      ).provisional,
    ).toBe(false)
  })

  it('P2 missing RoSH without MAPPA: provisional below C', () => {
    const none = { rosh: null, mappaCategory: null }
    expect(
      isTierV3Provisional(input({ ...none, stepResults: { REOFFENDING: 'G', SEXUAL_REOFFENDING: 'D' } })).provisional,
    ).toBe(true)
    expect(
      isTierV3Provisional(input({ ...none, stepResults: { REOFFENDING: 'G', SEXUAL_REOFFENDING: 'C' } })).provisional,
    ).toBe(false)
    expect(isTierV3Provisional(input({ ...none, stepResults: { REOFFENDING: 'C' } })).provisional).toBe(false)
  })

  it('P2: the table counts only when both predictors are dynamic', () => {
    const r = isTierV3Provisional(
      input({ rosh: null, csrp: { score: 6.9, staticOrDynamic: STATIC }, stepResults: { REOFFENDING: 'A' } }),
    )
    expect(r).toMatchObject({ provisional: true, reasons: ['STATIC_PREDICTORS', 'MISSING_ROSH'] })
  })
})

describe('v3 provisional flag within calculateTierV3', () => {
  it('ARP 75 dynamic, CSRP 1.0 static, no RoSH/MAPPA → C provisional', () => {
    const r = value(
      calculateTierV3(
        v3Input({
          rosh: null,
          arp: { score: 75, staticOrDynamic: 'DYNAMIC', band: null },
          csrp: { score: 1, staticOrDynamic: 'STATIC', band: null },
        }),
        '2026-01-15',
      ),
    )
    expect(r).toMatchObject({ tier: 'C', provisional: true })
    expect(r.trace.some(s => s.rule === 'PROVISIONAL_STATIC_PREDICTORS')).toBe(true)
  })

  it('MISSING and NOT_SUPERVISED are never provisional', () => {
    expect(value(calculateTierV3(v3Input({ rosh: null, arp: null }), '2026-01-15')).provisional).toBe(false)
    expect(value(calculateTierV3(v3Input({ rosh: null, hasActiveEvent: false }), '2026-01-15')).provisional).toBe(false)
  })
})
