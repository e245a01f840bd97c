/**
 * Facts about a case as the planners read them, completed from the directory: shared by the first planning of an
 * event and by the re-planning of an email that waited for facts, so both build the same email from the same facts.
 */
import { formatLongDate, type IsoDate } from '@omic/domain'
import { z } from 'zod'
import type { PrisonerPart, StaffRef } from '../model/directory'
import type { ComAllocationExtras } from '../model/planned-email'
import type { CaseCrnLinks, Directory } from '../ports'

/** Completes a staff reference with the directory's contact details (an event may carry the id only). */
export async function withContact(
  directory: Pick<Directory, 'getStaff'>,
  ref: StaffRef | null | undefined,
): Promise<StaffRef | null> {
  if (!ref) return null
  if (ref.name && ref.email) return ref
  const known = await directory.getStaff(ref.staffId)
  return { staffId: ref.staffId, name: ref.name ?? known?.name ?? null, email: ref.email ?? known?.email ?? null }
}

export async function staffById(
  directory: Pick<Directory, 'getStaff'>,
  staffId: string | null,
): Promise<StaffRef | null> {
  return staffId === null ? null : withContact(directory, { staffId, name: null, email: null })
}

/** The prisoner a CRN is linked to, if any event has linked it yet. */
export async function nomsForCrn(links: CaseCrnLinks, crn: string): Promise<string | undefined> {
  return (await links.get(crn)).nomsNumber ?? undefined
}

/** The sentence as the COM allocation email words it, from the prisoner snapshot. */
export function sentenceText(prisoner: PrisonerPart | undefined): string | null {
  if (!prisoner) return null
  if (prisoner.indeterminate) return 'Indeterminate custodial sentence'
  const release = prisoner.conditionalReleaseDate ?? prisoner.releaseDate
  return `Determinate custodial sentence${release ? `, conditional release ${formatLongDate(release as IsoDate)}` : ''}`
}

/** What our allocation service may add to `person.community.manager.allocated` (unknown keys are kept upstream). */
const comExtrasSchema = z.object({
  allocatingOfficer: z
    .object({ staffCode: z.string().min(1), name: z.string().min(1).nullable(), email: z.email().nullable() })
    .nullable()
    .optional(),
  sendEmailCopyToAllocatingOfficer: z.boolean().optional(),
  emailTo: z.array(z.email()).max(20).optional(),
  allocationJustificationNotes: z.string().max(3500).nullable().optional(),
})

export function comExtras(info: Record<string, unknown>): ComAllocationExtras {
  const parsed = comExtrasSchema.safeParse(info)
  const extras = parsed.success ? parsed.data : {}
  const officer = extras.allocatingOfficer
  return {
    allocatingOfficer: officer ? { staffId: officer.staffCode, name: officer.name, email: officer.email } : null,
    sendCopyToAllocatingOfficer: extras.sendEmailCopyToAllocatingOfficer ?? false,
    emailTo: extras.emailTo ?? [],
    notes: extras.allocationJustificationNotes ?? null,
  }
}
