/** Building blocks shared by the upstream and published event schemas (events.md §1–§4). */
import { z } from 'zod'
import { envelopeSchema, identifierSchema } from './envelope'

/** The plausible calendar dates: anything earlier or later is a data error upstream, not a date to act on. */
export const EARLIEST_CALENDAR_DATE = '1900-01-01'
export const LATEST_CALENDAR_DATE = '2200-12-31'
export const CALENDAR_DATE_RANGE_MESSAGE = `must be between ${EARLIEST_CALENDAR_DATE} and ${LATEST_CALENDAR_DATE}`

/** Years 1900–2200: every date in them is in range, so the year alone is the bound (and JSON Schema can say it). */
const PLAUSIBLE_YEAR = /^(?:19\d\d|2[01]\d\d|2200)-/

/**
 * A real calendar date `YYYY-MM-DD` (2026-02-30 and 2026-13-01 are rejected; leap years are honoured) between
 * 1900-01-01 and 2200-12-31 inclusive. Used for every date of the upstream and published events (dates of birth
 * too), so an implausible one (0001-01-01, 2999-12-31) fails validation with the field and the reason and its event
 * goes to the dead-letter store. `format: date` is restated for the JSON Schema, which drops it beside two patterns.
 */
export const calendarDateSchema = z.iso
  .date({ error: 'must be a real calendar date YYYY-MM-DD', abort: true })
  .regex(PLAUSIBLE_YEAR, { error: CALENDAR_DATE_RANGE_MESSAGE })
  .meta({ format: 'date' })

/** A date that may be missing: `null` (or, upstream, an absent key, which reads as `null`). */
export const optionalDateSchema = calendarDateSchema.nullable().default(null)

/** NOMIS agency code of a prison (`LEI`, `MDI`), or a pseudo-location such as `OUT` / `TRN`. */
export const prisonIdSchema = z.string().regex(/^[A-Z0-9]{2,6}$/, 'must be a NOMIS agency code like LEI')

/** nDelius staff / team / PDU / LDU codes: upper-case letters and digits. */
export const deliusCodeSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an upper-case nDelius code')

export const ROSH_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'VERY_HIGH'] as const
export const roshLevelSchema = z.enum(ROSH_LEVELS)
export type RoshLevel = z.infer<typeof roshLevelSchema>

export const COM_GRADES = ['PO', 'PQiP', 'PSO', 'SPO'] as const
export const comGradeSchema = z.enum(COM_GRADES)
export type ComGrade = z.infer<typeof comGradeSchema>

export const IDENTIFIER_TYPES = ['NOMS', 'CRN'] as const
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number]

/**
 * `personReference` that must carry one identifier of each of `required` (other identifiers are allowed, e.g. a
 * NOMS number on a probation event), and never two different values of the same type.
 */
export function personReferenceRequiring(...required: IdentifierType[]) {
  return z.object({ identifiers: z.array(identifierSchema) }).superRefine((reference, ctx) => {
    for (const type of required) {
      if (!reference.identifiers.some(identifier => identifier.type === type)) {
        ctx.addIssue({ code: 'custom', path: ['identifiers'], message: `must include a ${type} identifier` })
      }
    }
    for (const type of IDENTIFIER_TYPES) {
      const values = new Set(reference.identifiers.filter(i => i.type === type).map(i => i.value))
      if (values.size > 1) {
        ctx.addIssue({ code: 'custom', path: ['identifiers'], message: `has conflicting ${type} identifiers` })
      }
    }
  })
}

/** The envelope with `eventType` fixed, a positive integer `version`, and the event's identifiers required. */
export function envelopeFor<const T extends string>(eventType: T, ...required: IdentifierType[]) {
  return envelopeSchema.extend({
    eventType: z.literal(eventType),
    personReference: personReferenceRequiring(...required),
  })
}

/** Adds an issue at `path` when `actual` is present and differs from the identifier of `type` in the envelope. */
export function checkIdentifierMatches(
  ctx: z.RefinementCtx,
  identifiers: ReadonlyArray<{ type: IdentifierType; value: string }>,
  type: IdentifierType,
  actual: string | null | undefined,
  path: ReadonlyArray<string | number>,
): void {
  if (actual === null || actual === undefined) return
  const expected = identifiers.find(i => i.type === type)?.value
  if (expected !== undefined && expected !== actual) {
    ctx.addIssue({ code: 'custom', path: [...path], message: `must equal the ${type} identifier ${expected}` })
  }
}
