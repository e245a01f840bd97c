/** What an SPO sends for a POM or a COM (the API's request bodies and the CSV import's rows), checked by zod. */
import { z } from 'zod'
import { COM_STAFF_GRADES, POM_GRADES, POM_STATUSES } from './staff'

/** Working pattern: FTE 0.1 to 1.0 in steps of 0.1 (allocation.md §4.1). */
export const workingPatternSchema = z
  .number()
  .refine(v => v >= 0.1 - 1e-9 && v <= 1 + 1e-9 && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9, {
    message: 'must be 0.1 to 1.0 in steps of 0.1 (full time = 1.0)',
  })
  .transform(v => Math.round(v * 10) / 10)

/** "  John    Smith " → "John Smith" (Manage POM Cases squishes names). */
const personName = z
  .string()
  .transform(s => s.trim().replace(/\s+/g, ' '))
  .pipe(z.string().min(1, 'must not be blank').max(100, 'must be at most 100 characters'))

export const pomInputSchema = z.object({
  name: personName,
  email: z.email({ message: 'must be an email address' }).max(254).nullable().default(null),
  grade: z.enum(POM_GRADES, { message: 'must be PO (probation-officer POM) or PRO (prison-officer POM)' }),
  status: z.enum(POM_STATUSES, { message: 'must be active, unavailable or inactive' }).default('active'),
  workingPattern: workingPatternSchema.default(1),
})
export type PomInput = z.input<typeof pomInputSchema>
/** A POM's details as checked (defaults applied). */
export type PomDetails = z.output<typeof pomInputSchema>

/** Hours with at most two decimals (the WMT arithmetic is exact in hundredths). */
const hoursSchema = z
  .number()
  .nonnegative()
  .max(168)
  .refine(v => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, { message: 'must have at most two decimals' })

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' })

export const comInputSchema = z.object({
  name: personName,
  email: z.email({ message: 'must be an email address' }).max(254).nullable().default(null),
  grade: z.enum(COM_STAFF_GRADES, { message: 'must be PO, PQiP, PSO or SPO' }),
  teamCode: z.string().regex(/^[A-Z0-9]{2,12}$/, 'must be an upper-case nDelius team code'),
  contractedHours: hoursSchema.nullable().default(null),
  reductions: z
    .array(
      z
        .object({
          hours: hoursSchema,
          startDate: isoDate,
          endDate: isoDate,
          reason: z.string().trim().max(200).nullable().default(null),
        })
        .refine(r => r.endDate >= r.startDate, { message: 'must not end before it starts', path: ['endDate'] }),
    )
    .max(50)
    .default([]),
  otherWorkloadPoints: z.number().int().nonnegative().max(100_000).default(0),
})
export type ComInput = z.input<typeof comInputSchema>
/** A COM's details as checked (defaults applied). */
export type ComDetails = z.output<typeof comInputSchema>

/** One good row of a POM CSV import: its line in the file and what it says. */
export type PomImportRow = { line: number; staffId: number; input: PomDetails }

/** One good row of a COM CSV import. */
export type ComImportRow = { line: number; staffCode: string; input: ComDetails }
