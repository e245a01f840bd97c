/** The HMPPS domain-event envelope (events.md §1), used in both directions. */
import { z } from 'zod'

export const NOMS_NUMBER = /^[A-Z][0-9]{4}[A-Z]{2}$/
export const CRN = /^[A-Z][0-9]{6}$/

export const nomsNumberSchema = z.string().regex(NOMS_NUMBER, 'must be a NOMS number like A1234BC')
export const crnSchema = z.string().regex(CRN, 'must be a CRN like X123456')

export const identifierSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('NOMS'), value: nomsNumberSchema }),
  z.object({ type: z.literal('CRN'), value: crnSchema }),
])

export const personReferenceSchema = z.object({ identifiers: z.array(identifierSchema) })

export const envelopeSchema = z.object({
  eventType: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'must be a dotted event name'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  description: z.string().optional(),
  detailUrl: z.string().optional(),
  personReference: personReferenceSchema.optional(),
  additionalInformation: z.record(z.string(), z.unknown()).optional(),
})
export type Envelope = z.infer<typeof envelopeSchema>

/** EventBridge `source` values (events.md §1). */
export const SOURCES = {
  prison: 'hmpps.prison',
  probation: 'hmpps.probation',
  parole: 'hmpps.parole',
  tiering: 'omic.tiering',
  allocation: 'omic.allocation',
  handover: 'omic.handover',
  notifications: 'omic.notifications',
} as const
export type Source = (typeof SOURCES)[keyof typeof SOURCES]

export function identifierOf(envelope: Pick<Envelope, 'personReference'>, type: 'NOMS' | 'CRN'): string | undefined {
  return envelope.personReference?.identifiers.find(i => i.type === type)?.value
}
