/** Sentence kinds, how often each is held in each kind of prison, and the prison and category that follow. */
import type { Rng } from './prng'
import type { DemoPrison, PrisonEstate } from './reference-data'

export const SENTENCE_KINDS = {
  /** Determinate, more than 10 months from sentence start to release, no parole eligibility. */
  determinate: 'DETERMINATE',
  /** Determinate, release within 10 months of the sentence start (no handover: COM from the start). */
  determinateShort: 'DETERMINATE_SHORT',
  /** Determinate with a parole eligibility date (extended / special custodial sentence). */
  determinateParole: 'DETERMINATE_PAROLE',
  /** Indeterminate: life sentence with a tariff. */
  life: 'LIFE',
  /** Indeterminate: imprisonment for public protection, mostly past tariff. */
  ipp: 'IPP',
  /** Recalled on licence (determinate, or a few indeterminate). */
  recall: 'RECALL',
  /** Immigration detainee (imprisonment status DET). */
  immigration: 'IMMIGRATION',
  /** On remand: outside OMiC policy. */
  remand: 'REMAND',
} as const
export type SentenceKind = (typeof SENTENCE_KINDS)[keyof typeof SENTENCE_KINDS]
export const KINDS = Object.values(SENTENCE_KINDS)

/** Relative frequency of each sentence kind per kind of prison. */
export const KIND_WEIGHTS: Record<PrisonEstate, Record<SentenceKind, number>> = {
  'male-local': {
    DETERMINATE: 30,
    DETERMINATE_SHORT: 20,
    DETERMINATE_PAROLE: 7,
    LIFE: 3,
    IPP: 1,
    RECALL: 18,
    IMMIGRATION: 5,
    REMAND: 16,
  },
  'male-trainer': {
    DETERMINATE: 45,
    DETERMINATE_SHORT: 5,
    DETERMINATE_PAROLE: 15,
    LIFE: 10,
    IPP: 5,
    RECALL: 13,
    IMMIGRATION: 5,
    REMAND: 0,
  },
  'male-open': {
    DETERMINATE: 45,
    DETERMINATE_SHORT: 0,
    DETERMINATE_PAROLE: 12,
    LIFE: 26,
    IPP: 12,
    RECALL: 5,
    IMMIGRATION: 0,
    REMAND: 0,
  },
  'female-closed': {
    DETERMINATE: 35,
    DETERMINATE_SHORT: 22,
    DETERMINATE_PAROLE: 7,
    LIFE: 5,
    IPP: 1,
    RECALL: 14,
    IMMIGRATION: 3,
    REMAND: 13,
  },
  'female-open': {
    DETERMINATE: 55,
    DETERMINATE_SHORT: 5,
    DETERMINATE_PAROLE: 15,
    LIFE: 20,
    IPP: 0,
    RECALL: 5,
    IMMIGRATION: 0,
    REMAND: 0,
  },
}

export function choosePrison(rng: Rng, prisons: readonly DemoPrison[], kind: SentenceKind | undefined): DemoPrison {
  const candidates = prisons
    .map((prison, n) => [n, prison.weight * (kind === undefined ? 1 : KIND_WEIGHTS[prison.estate][kind])] as const)
    .filter(([, weight]) => weight > 0)
  const chosen = prisons[rng.weighted(candidates)]
  if (!chosen) throw new RangeError('no prison can hold this sentence kind')
  return chosen
}

export function securityCategory(rng: Rng, prison: DemoPrison, kind: SentenceKind): string | null {
  switch (prison.estate) {
    case 'male-local':
      if (kind === 'REMAND') return 'U'
      return kind === 'LIFE' || kind === 'IPP' || rng.chance(0.5) ? 'B' : 'C'
    case 'male-trainer':
      return (kind === 'LIFE' || kind === 'IPP') && rng.chance(0.3) ? 'B' : 'C'
    case 'male-open':
      return 'D'
    case 'female-closed':
      return kind === 'REMAND' ? null : 'R'
    case 'female-open':
      return 'T'
  }
}
