/**
 * JSON Schemas for the published events, generated from their zod schemas with zod 4's `z.toJSONSchema`.
 * The files under `packages/contracts/schemas/` are written by `scripts/write-json-schemas.ts` and a test fails
 * when they are stale. Refinements that JSON Schema cannot express (identifier agreement between
 * `personReference` and `additionalInformation`) are enforced by the zod schemas only.
 */
import { z } from 'zod'
import { PUBLISHED_EVENT_TYPES, PUBLISHED_EVENTS, type PublishedEventType } from './published'

export type JsonSchema = Record<string, unknown>

/** File name of an event's schema, e.g. `tier.calculation.complete.v1.json`. */
export function jsonSchemaFileName(eventType: PublishedEventType): string {
  return `${eventType}.v1.json`
}

/**
 * The JSON Schema of a published event's envelope (the EventBridge `detail`). Generated for the *input* side, so
 * consumers may receive properties added later without failing validation.
 */
export function publishedEventJsonSchema(eventType: PublishedEventType): JsonSchema {
  const { source, description, schema } = PUBLISHED_EVENTS[eventType]
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' })
  const { $schema, ...rest } = generated as JsonSchema
  return {
    $schema,
    $id: `urn:omic:events:${eventType}:v1`,
    title: `${eventType} v1`,
    description: `${description} EventBridge source "${source}", detail-type "${eventType}".`,
    ...rest,
  }
}

/** Exact file content written for an event (stable key order, 2-space indent, trailing newline). */
export function renderJsonSchemaFile(eventType: PublishedEventType): string {
  return `${JSON.stringify(publishedEventJsonSchema(eventType), null, 2)}\n`
}

/** Every published event's schema file: file name → content. Also includes the index `README.md`. */
export function renderJsonSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (const eventType of PUBLISHED_EVENT_TYPES) files[jsonSchemaFileName(eventType)] = renderJsonSchemaFile(eventType)
  files['README.md'] = renderJsonSchemaIndex()
  return files
}

function renderJsonSchemaIndex(): string {
  const items = PUBLISHED_EVENT_TYPES.map(eventType => {
    const { source, description } = PUBLISHED_EVENTS[eventType]
    const file = jsonSchemaFileName(eventType)
    return `- \`${eventType}\` (source \`${source}\`): ${description} Schema: [${file}](./${file})`
  })
  return [
    '# Published event schemas (generated)',
    '',
    'Generated from the zod schemas in `packages/contracts/src/published.ts` by',
    '`npx tsx packages/contracts/scripts/write-json-schemas.ts`; do not edit by hand',
    '(`packages/contracts/test/json-schemas.test.ts` fails when these files are stale).',
    '',
    'Each schema describes the HMPPS envelope (events.md §1) sent as the EventBridge `detail`, with',
    '`detail-type` = `eventType` and `version` 1. Properties may be added in later revisions of v1, so',
    'consumers must ignore unknown properties. Rules JSON Schema cannot express (the NOMS/CRN in',
    '`additionalInformation` equals the one in `personReference`) are enforced by the zod schemas.',
    'Calendar dates are `format: date` strings that must match both patterns under `allOf`: a real',
    'date `YYYY-MM-DD`, and a year from 1900 to 2200 (1900-01-01 to 2200-12-31 inclusive).',
    '',
    ...items,
    '',
  ].join('\n')
}
