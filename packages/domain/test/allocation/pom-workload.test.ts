import { describe, expect, it } from 'vitest'
import type { PomCase, PomWorkloadConfig } from '../../src/allocation'
import {
  DEFAULT_POM_WORKLOAD_CONFIG,
  hoursFromWorkingPattern,
  pomWorkload,
  primaryPomRole,
  workingPatternFromHours,
} from '../../src/allocation'

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`unexpected error ${JSON.stringify(r.error)}`)
  return r.value
}
const cases = (n: number, c: PomCase): PomCase[] => Array.from({ length: n }, () => c)

describe('POM workload points by tier and role', () => {
  it('weighs responsible > supporting > co-working, using the default weights', () => {
    const r = unwrap(
      pomWorkload({
        position: 'PO',
        workingPattern: 1,
        cases: [
          { tier: 'A', role: 'responsible' },
          { tier: 'A', role: 'supporting' },
          { tier: 'A', role: 'co_working' },
          { tier: 'D', role: 'responsible' },
        ],
      }),
    )
    expect(r.byRole).toEqual({
      responsible: { cases: 2, points: 14 },
      supporting: { cases: 1, points: 5 },
      co_working: { cases: 1, points: 4 },
    })
    expect(r.points).toBe(23)
  })

  it('weighs an untiered case as the configured tier (B by default)', () => {
    const r = unwrap(pomWorkload({ position: 'PRO', workingPattern: 1, cases: [{ tier: null, role: 'responsible' }] }))
    expect(r.points).toBe(DEFAULT_POM_WORKLOAD_CONFIG.pointsPerCase.B.responsible)
    expect(r.trace[0]?.explanation).toMatch(/1 untiered case weighed as tier B/)
  })

  it('a primary POM is responsible when the POM is responsible, otherwise supporting', () => {
    expect(primaryPomRole(true)).toBe('responsible')
    expect(primaryPomRole(false)).toBe('supporting')
  })
})

describe('POM capacity scales with the working pattern (FTE 0.1–1.0)', () => {
  it('full time: 640 available points; 0.5 FTE: 320', () => {
    expect(unwrap(pomWorkload({ position: 'PRO', workingPattern: 1, cases: [] })).availablePoints).toBe(640)
    expect(unwrap(pomWorkload({ position: 'PRO', workingPattern: 0.5, cases: [] })).availablePoints).toBe(320)
  })

  it('flags a POM over 100 % capacity', () => {
    const r = unwrap(
      pomWorkload({ position: 'PRO', workingPattern: 0.5, cases: cases(41, { tier: 'B', role: 'responsible' }) }),
    )
    expect(r).toMatchObject({ points: 328, availablePoints: 320, capacity: 102.5, overCapacity: true })
  })

  it.each([0, 1.1, 0.25, -0.5, Number.NaN])('rejects a working pattern of %d', workingPattern => {
    const r = pomWorkload({ position: 'PO', workingPattern, cases: [] })
    expect(!r.ok && r.error.field).toBe('workingPattern')
  })

  it('working pattern from hours: ⌊hours ÷ 37.5⌋ to one decimal, at most 1.0', () => {
    expect(workingPatternFromHours(30)).toBe(0.8)
    expect(workingPatternFromHours(37.5)).toBe(1)
    expect(workingPatternFromHours(40)).toBe(1)
    expect(workingPatternFromHours(18)).toBe(0.4)
    expect(hoursFromWorkingPattern(0.8)).toBe(30)
  })
})

describe('80-case cap for probation-officer POMs (seed 003)', () => {
  it('a full-time PO POM may hold 80 cases; at 80 no more can be allocated', () => {
    const below = unwrap(
      pomWorkload({ position: 'PO', workingPattern: 1, cases: cases(79, { tier: 'D', role: 'supporting' }) }),
    )
    expect(below).toMatchObject({ caseCap: 80, caseCount: 79, atCaseCap: false, overCaseCap: false })
    const at = unwrap(
      pomWorkload({ position: 'PO', workingPattern: 1, cases: cases(80, { tier: 'D', role: 'supporting' }) }),
    )
    expect(at).toMatchObject({ caseCap: 80, atCaseCap: true, overCaseCap: false })
    expect(at.trace.at(-1)?.explanation).toBe(
      'A PO POM at 1 FTE may hold 80 cases and holds 80: at the cap, no more cases.',
    )
  })

  it('scales with the working pattern (0.5 FTE → 40, 0.3 FTE → 24)', () => {
    expect(unwrap(pomWorkload({ position: 'PO', workingPattern: 0.5, cases: [] })).caseCap).toBe(40)
    expect(unwrap(pomWorkload({ position: 'PO', workingPattern: 0.3, cases: [] })).caseCap).toBe(24)
  })

  it('can be configured not to scale, and to count only some roles', () => {
    const config: PomWorkloadConfig = {
      ...DEFAULT_POM_WORKLOAD_CONFIG,
      scaleCaseCapByWorkingPattern: false,
      rolesCountedTowardsCap: ['responsible', 'supporting'],
    }
    const r = unwrap(
      pomWorkload(
        {
          position: 'PO',
          workingPattern: 0.5,
          cases: [...cases(80, { tier: 'C', role: 'responsible' }), ...cases(5, { tier: 'C', role: 'co_working' })],
        },
        config,
      ),
    )
    expect(r).toMatchObject({ caseCap: 80, caseCount: 80, atCaseCap: true, overCaseCap: false })
  })

  it('prison-officer POMs have no case cap by default', () => {
    const r = unwrap(
      pomWorkload({ position: 'PRO', workingPattern: 1, cases: cases(100, { tier: 'G', role: 'responsible' }) }),
    )
    expect(r).toMatchObject({ caseCap: null, atCaseCap: false, overCaseCap: false })
  })
})
