/** OMiC policy gate: is the prisoner's case managed under OMiC at all (handover.md §a; CONFORMANCE.md §5.2)? */
import { z } from 'zod'
import { ageOn, type IsoDate, isoDateSchema } from '../shared/dates'
import type { TraceStep } from '../shared/result'
import type { HandoverExplained } from './types'

/** Legal statuses visible to the service (gate 1). Remand, civil, unknown etc. never appear. */
export const ALLOWED_LEGAL_STATUSES: readonly string[] = [
  'SENTENCED',
  'INDETERMINATE_SENTENCE',
  'RECALL',
  'IMMIGRATION_DETAINEE',
]

/** Imprisonment statuses that are civil — fine-default custody counts as civil (since 2024-10-28). */
export const CIVIL_IMPRISONMENT_STATUSES: readonly string[] = [
  'A/FINE',
  'A_FINE',
  'A_CFINE',
  'CIVIL',
  'CIVIL_CON',
  'CIVIL_DT',
  'CIV_RMD',
  'YOC_CONT',
  'YO_CFINE',
]

/** The imprisonment status of an immigration detainee. */
export const IMMIGRATION_STATUS = 'DET'
/** A missing imprisonment status is read as this (an unknown criminal sentence). */
export const UNKNOWN_SENTENCE_STATUS = 'UNK_SENT'
export const OMIC_MINIMUM_AGE = 18

export const omicPolicyInputSchema = z.object({
  dateOfBirth: isoDateSchema,
  legalStatus: z.string(),
  imprisonmentStatus: z.string().nullable().default(null),
  sentenceStartDate: isoDateSchema.nullable().default(null),
  releaseDate: isoDateSchema.nullable().default(null),
  paroleEligibilityDate: isoDateSchema.nullable().default(null),
  homeDetentionCurfewEligibilityDate: isoDateSchema.nullable().default(null),
  tariffDate: isoDateSchema.nullable().default(null),
  isIndeterminate: z.boolean(),
})
export type OmicPolicyInput = z.output<typeof omicPolicyInputSchema>

export const OMIC_POLICY_REASON = {
  inPolicy: 'in_policy',
  legalStatusNotAllowed: 'legal_status_not_allowed',
  civilSentence: 'civil_sentence',
  under18: 'under_18',
  notSentenced: 'not_sentenced',
} as const
export type OmicPolicyReason = (typeof OMIC_POLICY_REASON)[keyof typeof OMIC_POLICY_REASON]

export interface OmicPolicyResult extends HandoverExplained<OmicPolicyReason> {
  inPolicy: boolean
}

/** Sentenced = a sentence start date and at least one of release date, PED, HDCED, TED, or an indeterminate sentence. */
export function isSentenced(input: OmicPolicyInput): boolean {
  if (input.sentenceStartDate === null) return false
  return (
    input.releaseDate !== null ||
    input.paroleEligibilityDate !== null ||
    input.homeDetentionCurfewEligibilityDate !== null ||
    input.tariffDate !== null ||
    input.isIndeterminate
  )
}

/**
 * In OMiC policy iff the legal status is allowed, the sentence is criminal (not civil), the prisoner is 18 or over
 * on `today` (the 18th birthday counts), and the prisoner is sentenced or an immigration detainee (`DET`).
 */
export function omicPolicy(input: OmicPolicyInput, today: IsoDate): OmicPolicyResult {
  const trace: TraceStep[] = []
  const status = input.imprisonmentStatus ?? UNKNOWN_SENTENCE_STATUS
  const out = (inPolicy: boolean, reason: OmicPolicyReason): OmicPolicyResult => ({ inPolicy, reason, trace })

  const statusAllowed = ALLOWED_LEGAL_STATUSES.includes(input.legalStatus)
  trace.push({
    rule: 'omic.policy.legalStatus',
    explanation: statusAllowed
      ? `legal status ${input.legalStatus} is one of ${ALLOWED_LEGAL_STATUSES.join(', ')}`
      : `legal status ${input.legalStatus} is not one of ${ALLOWED_LEGAL_STATUSES.join(', ')}: outside OMiC policy`,
    inputs: { legalStatus: input.legalStatus },
  })
  if (!statusAllowed) return out(false, OMIC_POLICY_REASON.legalStatusNotAllowed)

  const civil = CIVIL_IMPRISONMENT_STATUSES.includes(status)
  trace.push({
    rule: 'omic.policy.criminalSentence',
    explanation: civil
      ? `imprisonment status ${status} is a civil (or fine-default) sentence: outside OMiC policy`
      : input.imprisonmentStatus === null
        ? `no imprisonment status: read as ${UNKNOWN_SENTENCE_STATUS}, an unknown criminal sentence`
        : `imprisonment status ${status} is a criminal sentence`,
    inputs: { imprisonmentStatus: input.imprisonmentStatus },
  })
  if (civil) return out(false, OMIC_POLICY_REASON.civilSentence)

  const age = ageOn(input.dateOfBirth, today)
  trace.push({
    rule: 'omic.policy.age',
    explanation: `born ${input.dateOfBirth}, aged ${age} on ${today}: ${age >= OMIC_MINIMUM_AGE ? 'an adult' : `under ${OMIC_MINIMUM_AGE}, outside OMiC policy`}`,
    inputs: { dateOfBirth: input.dateOfBirth, today, age },
  })
  if (age < OMIC_MINIMUM_AGE) return out(false, OMIC_POLICY_REASON.under18)

  const sentenced = isSentenced(input)
  const immigration = status === IMMIGRATION_STATUS
  trace.push({
    rule: 'omic.policy.sentencedOrImmigration',
    explanation: sentenced
      ? `sentenced: start date ${input.sentenceStartDate} and a release, parole, HDC or tariff date (or indeterminate)`
      : immigration
        ? `not sentenced, but an immigration detainee (${IMMIGRATION_STATUS}): in policy`
        : input.sentenceStartDate === null
          ? 'no sentence start date and not an immigration detainee: outside OMiC policy'
          : 'a sentence start date but no release, parole, HDC or tariff date and not indeterminate: outside OMiC policy',
    inputs: {
      sentenceStartDate: input.sentenceStartDate,
      releaseDate: input.releaseDate,
      paroleEligibilityDate: input.paroleEligibilityDate,
      homeDetentionCurfewEligibilityDate: input.homeDetentionCurfewEligibilityDate,
      tariffDate: input.tariffDate,
      isIndeterminate: input.isIndeterminate,
      imprisonmentStatus: status,
    },
  })
  if (!sentenced && !immigration) return out(false, OMIC_POLICY_REASON.notSentenced)
  return out(true, OMIC_POLICY_REASON.inPolicy)
}
