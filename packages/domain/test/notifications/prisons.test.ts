import { describe, expect, it } from 'vitest'
import { PRISON_NAMES, prisonName } from '../../src/notifications/prisons'

describe('prison names', () => {
  it('names every prison of the local demo estate', () => {
    expect(Object.keys(PRISON_NAMES).sort()).toEqual(['BWI', 'ESI', 'HDI', 'LEI', 'MDI', 'NHI', 'UPI'])
    expect(prisonName('LEI')).toBe('HMP Leeds')
    expect(prisonName(' upi ')).toBe('HMP Prescoed')
  })

  it('falls back to the code for a prison not in the table, and to Unknown without one', () => {
    expect(prisonName('WWI')).toBe('WWI')
    expect(prisonName('constructor')).toBe('constructor')
    expect(prisonName('')).toBe('Unknown')
    expect(prisonName(undefined)).toBe('Unknown')
  })

  it('takes another table', () => {
    expect(prisonName('WWI', { WWI: 'HMP Wandsworth' })).toBe('HMP Wandsworth')
    expect(prisonName('LEI', { WWI: 'HMP Wandsworth' })).toBe('LEI')
  })
})
