import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'

const env = {
  TABLE_NAME: 'TieringStateTable',
  DEAD_LETTER_TABLE_NAME: 'TieringDeadLetterTable',
  TIER_VERSION: 'v3',
  RECALCULATION_SEGMENTS: '8',
}

describe('loadConfig', () => {
  it('reads the tier version and the recalculation segments', () => {
    expect(loadConfig(env)).toEqual({
      tableName: 'TieringStateTable',
      deadLetterTableName: 'TieringDeadLetterTable',
      tierVersion: 'v3',
      recalculationSegments: 8,
    })
  })

  it('fails at cold start with the name of a missing or bad variable', () => {
    expect(() => loadConfig({ ...env, TIER_VERSION: undefined })).toThrow('TIER_VERSION: is required')
    expect(() => loadConfig({ ...env, TIER_VERSION: 'v4' })).toThrow('TIER_VERSION: must be one of v2, v3, got v4')
    expect(() => loadConfig({ ...env, RECALCULATION_SEGMENTS: '65' })).toThrow(
      'RECALCULATION_SEGMENTS: must be an integer 1–64',
    )
    expect(() => loadConfig({ ...env, RECALCULATION_SEGMENTS: 'eight' })).toThrow(
      'RECALCULATION_SEGMENTS: must be an integer 1–64',
    )
    expect(() => loadConfig({ ...env, TABLE_NAME: '' })).toThrow('TABLE_NAME: is required')
  })
})
