import { describe, expect, it } from 'vitest'
import { handoverCaseInputSchema, parseHandoverInput } from '../../src/handover'
import { aCase } from './fixtures'

describe('input validation', () => {
  it('accepts a full case and fills missing optional override dates with null', () => {
    const { conditionalReleaseOverrideDate: _c, automaticReleaseOverrideDate: _a, ...raw } = aCase()
    const r = parseHandoverInput(handoverCaseInputSchema, raw)
    expect(r.ok && r.value.automaticReleaseOverrideDate).toBeNull()
  })

  it('rejects a date that is not on the calendar, naming the field', () => {
    const r = parseHandoverInput(handoverCaseInputSchema, { ...aCase(), conditionalReleaseDate: '2026-02-30' })
    expect(r).toMatchObject({ ok: false, error: { field: 'conditionalReleaseDate' } })
  })

  it('rejects an unknown MAPPA level', () => {
    expect(parseHandoverInput(handoverCaseInputSchema, { ...aCase(), mappaLevel: 4 }).ok).toBe(false)
  })
})
