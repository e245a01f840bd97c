import { describe, expect, it } from 'vitest'
import { readRegistrations } from '../../src/tiering'
import { reg } from './fixtures'

describe('tier registrations (readRegistrations)', () => {
  it('drops HREG registrations before anything else', () => {
    const r = readRegistrations([reg('HREG', '2025-01-01', 'M3'), reg('RLRH', '2020-01-01')])
    expect(r.rosh).toBe('LOW')
    expect(r.mappaLevel).toBeNull()
  })

  it('RoSH: the newest RoSH registration wins, codes case-insensitive', () => {
    const r = readRegistrations([reg('RVHR', '2024-01-01'), reg('rmrh', '2024-05-01'), reg('RHRH', '2023-01-01')])
    expect(r.rosh).toBe('MEDIUM')
  })

  it('RoSH: equal dates keep their input order (the first one wins)', () => {
    expect(readRegistrations([reg('RHRH', '2024-01-01'), reg('RVHR', '2024-01-01')]).rosh).toBe('HIGH')
    expect(readRegistrations([reg('RVHR', '2024-01-01'), reg('RHRH', '2024-01-01')]).rosh).toBe('VERY_HIGH')
  })

  it('MAPPA level: MAPP registrations with another level are skipped; level case-insensitive', () => {
    const r = readRegistrations([reg('MAPP', '2024-05-01', 'M0', 'M1'), reg('MAPP', '2023-01-01', 'm2', 'M2')])
    expect(r.mappaLevel).toBe('M2')
    expect(r.mappaCategory).toBe('M1')
  })

  it('MAPPA category: only the newest MAPP registration counts (no fallback)', () => {
    const r = readRegistrations([reg('MAPP', '2024-05-01', 'M1', null), reg('MAPP', '2023-01-01', 'M2', 'M2')])
    expect(r.mappaLevel).toBe('M1')
    expect(r.mappaCategory).toBeNull()
  })

  it('MAPPA category must be exactly M1–M4', () => {
    expect(readRegistrations([reg('MAPP', '2024-05-01', 'M1', 'm4')]).mappaCategory).toBeNull()
    expect(readRegistrations([reg('MAPP', '2024-05-01', null, 'M4')]).mappaCategory).toBe('M4')
  })

  it('MAPP code itself is matched exactly', () => {
    expect(readRegistrations([reg('mapp', '2024-05-01', 'M3', 'M1')])).toMatchObject({
      mappaLevel: null,
      mappaCategory: null,
    })
  })

  it('complexity factors: case-insensitive, distinct, sorted, unknown codes ignored', () => {
    const r = readRegistrations([reg('RVLN'), reg('rmdo'), reg('RMDO'), reg('AV2S'), reg('ALSH')])
    expect(r.complexityFactors).toEqual(['ATTEMPTED_SUICIDE_OR_SELF_HARM', 'MENTAL_HEALTH', 'VULNERABILITY_ISSUE'])
  })

  it('complexity factors: all ten', () => {
    const codes = ['RMDO', 'ALSH', 'RVLN', 'RCCO', 'RCPR', 'RCHD', 'RPIR', 'RVAD', 'STRG', 'RTAO']
    const r = readRegistrations(codes.map(c => reg(c)))
    expect(r.complexityFactors).toHaveLength(10)
    expect([...r.complexityFactors]).toEqual([...r.complexityFactors].sort())
  })

  it('flags use exact codes', () => {
    const r = readRegistrations([reg('IIOM'), reg('INLL'), reg('REG30'), reg('SPO'), reg('RCPR'), reg('PRC')])
    expect(r).toMatchObject({
      hasIomNominal: true,
      hasLiferIpp: true,
      hasDomesticAbuse: true,
      hasStalking: true,
      hasChildProtection: true,
      unsupervised: true,
    })
    const lower = readRegistrations([reg('iiom'), reg('inll'), reg('advp'), reg('spo'), reg('rcpr'), reg('prc')])
    expect(lower).toMatchObject({
      hasIomNominal: false,
      hasLiferIpp: false,
      hasDomesticAbuse: false,
      hasStalking: false,
      hasChildProtection: false,
      unsupervised: false,
    })
    expect(lower.complexityFactors).toEqual(['CHILD_PROTECTION'])
  })

  it('no registrations: nothing set', () => {
    expect(readRegistrations([])).toEqual({
      rosh: null,
      mappaLevel: null,
      mappaCategory: null,
      complexityFactors: [],
      hasIomNominal: false,
      hasLiferIpp: false,
      hasDomesticAbuse: false,
      hasStalking: false,
      hasChildProtection: false,
      unsupervised: false,
    })
  })
})
