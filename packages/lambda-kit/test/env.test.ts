import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { optionalEnv, parseEnv, requireEnv } from '../src'

const config = z.object({
  TABLE_NAME: z.string().min(1),
  PAGE_SIZE: z.coerce.number().int().positive(),
  FEATURE_ON: z.enum(['true', 'false']).transform(v => v === 'true'),
  EVENT_SOURCE: z.string().regex(/^omic\.[a-z]+$/, 'must be omic.<service>'),
})

const good = { TABLE_NAME: 'State', PAGE_SIZE: '25', FEATURE_ON: 'true', EVENT_SOURCE: 'omic.handover', OTHER: 'x' }

function messageOf(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected it to throw')
}

describe('parseEnv', () => {
  it('returns the parsed, coerced values (unknown variables dropped by the schema)', () => {
    const parsed = parseEnv('handover', config, good)
    expect(parsed).toEqual({ TABLE_NAME: 'State', PAGE_SIZE: 25, FEATURE_ON: true, EVENT_SOURCE: 'omic.handover' })
    expect(typeof parsed.PAGE_SIZE).toBe('number')
  })

  it('a bad configuration throws naming the service and every bad variable with its reason', () => {
    const message = messageOf(() =>
      parseEnv('handover', config, { PAGE_SIZE: 'lots', FEATURE_ON: 'yes', EVENT_SOURCE: 'hmpps.prison' }),
    )
    expect(message).toMatch(/^Invalid handover configuration: /)
    for (const name of ['TABLE_NAME', 'PAGE_SIZE', 'FEATURE_ON', 'EVENT_SOURCE']) expect(message).toContain(`${name}:`)
    expect(message).toContain('EVENT_SOURCE: must be omic.<service>')
  })

  it('only the bad variables are named', () => {
    const message = messageOf(() => parseEnv('tiering', config, { ...good, PAGE_SIZE: '0' }))
    expect(message).toMatch(/^Invalid tiering configuration: PAGE_SIZE: /)
    expect(message).not.toContain('TABLE_NAME')
    expect(message).not.toContain('EVENT_SOURCE')
  })

  it('a problem with the environment as a whole is named (environment)', () => {
    const whole = z.object({ A: z.string().optional(), B: z.string().optional() }).refine(e => e.A || e.B, {
      message: 'A or B is required',
    })
    expect(messageOf(() => parseEnv('allocation', whole, {}))).toBe(
      'Invalid allocation configuration: (environment): A or B is required',
    )
  })

  it('reads process.env when no environment is given', () => {
    const name = 'LAMBDA_KIT_PARSE_ENV_TEST'
    process.env[name] = '7'
    try {
      expect(parseEnv('x', z.object({ [name]: z.coerce.number() }))).toEqual({ [name]: 7 })
    } finally {
      delete process.env[name]
    }
  })
})

describe('requireEnv and optionalEnv', () => {
  it('requireEnv returns a set variable and throws naming a missing or empty one', () => {
    expect(requireEnv('A', { A: 'a' })).toBe('a')
    expect(() => requireEnv('A', {})).toThrow('Environment variable A is required')
    expect(() => requireEnv('A', { A: '' })).toThrow('Environment variable A is required')
  })

  it('optionalEnv reads an empty variable as unset', () => {
    expect(optionalEnv('A', { A: 'a' })).toBe('a')
    expect(optionalEnv('A', { A: '' })).toBeUndefined()
    expect(optionalEnv('A', {})).toBeUndefined()
  })
})
