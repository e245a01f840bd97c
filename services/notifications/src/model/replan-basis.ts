import { z } from 'zod'
import { notificationEvents } from '../events/subscriptions'
import { staffRefSchema } from './directory'

const schemas = notificationEvents.schemas

/**
 * What re-planning an email needs, stored with a parked email: the event that called for it (parsed again with the
 * service's own schema when read back) and the decisions taken from the directory as it was then — which decide
 * who gets the email, so they are kept, not taken again. Everything else is read from the case as it is now.
 */
export const replanBasisSchema = z.discriminatedUnion('detailType', [
  z.object({
    detailType: z.literal('offender-management.allocation.changed'),
    detail: schemas['offender-management.allocation.changed'],
    /** The POM who held the role before (when a different one), the POM now in it, the primary POM. */
    previous: staffRefSchema.nullable(),
    current: staffRefSchema.nullable(),
    primaryPom: staffRefSchema.nullable(),
  }),
  z.object({
    detailType: z.literal('offender-management.handover.changed'),
    detail: schemas['offender-management.handover.changed'],
    primaryPom: staffRefSchema.nullable(),
  }),
  z.object({
    detailType: z.literal('offender-management.handover.reminder-due'),
    detail: schemas['offender-management.handover.reminder-due'],
    pom: staffRefSchema.nullable(),
  }),
  z.object({
    detailType: z.literal('community-early-allocation-eligibility.status.changed'),
    detail: schemas['community-early-allocation-eligibility.status.changed'],
  }),
  z.object({
    detailType: z.literal('person.community.manager.allocated'),
    detail: schemas['person.community.manager.allocated'],
    com: staffRefSchema,
    /** The COM the case had before this event (the same COM again = a re-publication: no email). */
    previous: staffRefSchema.nullable(),
  }),
])
export type ReplanBasis = z.infer<typeof replanBasisSchema>
