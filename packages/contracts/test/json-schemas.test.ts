import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { jsonSchemaFileName, PUBLISHED_EVENT_TYPES, publishedEventJsonSchema, renderJsonSchemaFiles } from '../src'

const schemasDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas')
const fixturesDir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')
const REGENERATE = 'run `npx tsx packages/contracts/scripts/write-json-schemas.ts` and commit the result'

describe('published JSON Schemas', () => {
  const expected = renderJsonSchemaFiles()

  it('the schemas directory holds exactly the generated files', () => {
    expect(readdirSync(schemasDir).sort(), REGENERATE).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))('%s is up to date with the zod schema', (name, content) => {
    expect(readFileSync(join(schemasDir, name), 'utf8'), `${name} is stale: ${REGENERATE}`).toBe(content)
  })

  it.each(PUBLISHED_EVENT_TYPES)('%s has a draft 2020-12 schema requiring the envelope fields', eventType => {
    const schema = publishedEventJsonSchema(eventType)
    expect(jsonSchemaFileName(eventType)).toBe(`${eventType}.v1.json`)
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema['required']).toEqual(expect.arrayContaining(['eventType', 'version', 'occurredAt']))
    const properties = schema['properties'] as Record<string, Record<string, unknown>>
    expect(properties['eventType']?.['const']).toBe(eventType)
    expect(properties['version']?.['const']).toBe(1)
  })

  it.each(PUBLISHED_EVENT_TYPES)('the committed %s schema accepts its fixture and rejects a broken one', eventType => {
    const committed = JSON.parse(
      readFileSync(join(schemasDir, jsonSchemaFileName(eventType)), 'utf8'),
    ) as z.core.JSONSchema.JSONSchema
    const schema = z.fromJSONSchema(committed)
    const fixture = JSON.parse(readFileSync(join(fixturesDir, `${eventType}.v1.json`), 'utf8')) as Record<
      string,
      unknown
    >
    expect(schema.safeParse(fixture).success).toBe(true)
    expect(schema.safeParse({ ...fixture, occurredAt: '2026-11-23 10:15' }).success).toBe(false)
    expect(schema.safeParse({ ...fixture, eventType: 'something.else' }).success).toBe(false)
    const { additionalInformation: _dropped, ...withoutInfo } = fixture
    expect(schema.safeParse(withoutInfo).success).toBe(false)
  })

  it('calendar dates must be between 1900-01-01 and 2200-12-31 in the committed schemas too', () => {
    // every pattern of the property must match (allOf); z.fromJSONSchema ignores patterns under allOf, so read them
    const committed = JSON.parse(
      readFileSync(join(schemasDir, jsonSchemaFileName('offender-management.handover.changed')), 'utf8'),
    ) as { properties: { additionalInformation: { properties: Record<string, Record<string, unknown>> } } }
    const handoverDate = committed.properties.additionalInformation.properties['handoverDate']
    const dateSchema = (handoverDate?.['anyOf'] as Record<string, unknown>[] | undefined)?.find(
      s => s['type'] === 'string',
    )
    expect(dateSchema?.['format']).toBe('date')
    const patterns = ((dateSchema?.['allOf'] as { pattern: string }[] | undefined) ?? []).map(
      p => new RegExp(p.pattern),
    )
    expect(patterns).toHaveLength(2)
    const valid = (date: string) => patterns.every(p => p.test(date))
    expect(['1900-01-01', '2000-02-29', '2200-12-31'].map(valid)).toEqual([true, true, true])
    expect(['1899-12-31', '2201-01-01', '2999-12-31', '9999-12-31', '2026-02-30'].map(valid)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
})
