/** Risk of serious harm, MAPPA, and the nDelius registrations that record them (with the other flags). */
import type { Registration, RoshLevel } from '@omic/contracts'
import { fromDay } from './calendar'
import type { Episode } from './episode'
import type { Rng } from './prng'
import type { SentenceKind } from './sentence-kinds'

export interface Risk {
  rosh: RoshLevel | null
  mappaLevel: number | null
  mappaCategory: 'M1' | 'M2' | 'M3' | 'M4' | null
  sexualOffending: boolean
}

export function generateRisk(rng: Rng, kind: SentenceKind, gender: 'Male' | 'Female'): Risk {
  const serious = kind === 'LIFE' || kind === 'IPP' || kind === 'DETERMINATE_PAROLE'
  const rosh = rng.chance(0.07)
    ? null
    : rng.weighted<RoshLevel>(
        serious
          ? [
              ['LOW', 5],
              ['MEDIUM', 30],
              ['HIGH', 50],
              ['VERY_HIGH', 15],
            ]
          : gender === 'Female'
            ? [
                ['LOW', 40],
                ['MEDIUM', 45],
                ['HIGH', 13],
                ['VERY_HIGH', 2],
              ]
            : [
                ['LOW', 28],
                ['MEDIUM', 45],
                ['HIGH', 22],
                ['VERY_HIGH', 5],
              ],
      )
  const mappaLevel = rng.chance(0.12)
    ? null
    : rng.weighted<number>(
        serious || rosh === 'VERY_HIGH'
          ? [
              [0, 25],
              [1, 40],
              [2, 25],
              [3, 10],
            ]
          : [
              [0, 70],
              [1, 22],
              [2, 6],
              [3, 2],
            ],
      )
  const mappaCategory =
    mappaLevel !== null && mappaLevel > 0
      ? rng.weighted<'M1' | 'M2' | 'M3' | 'M4'>([
          ['M1', 35],
          ['M2', 55],
          ['M3', 8],
          ['M4', 2],
        ])
      : null
  const sexualOffending = mappaCategory === 'M1' || rng.chance(0.03)
  return { rosh, mappaLevel, mappaCategory, sexualOffending }
}

const ROSH_CODES: Record<RoshLevel, string> = { LOW: 'RLRH', MEDIUM: 'RMRH', HIGH: 'RHRH', VERY_HIGH: 'RVHR' }
/** Complexity factors (tiering.md §1.1) and other flags, with how often they are registered. */
const FLAG_CODES: ReadonlyArray<readonly [string, number, number]> = [
  // code, men, women
  ['RMDO', 0.14, 0.35],
  ['ALSH', 0.08, 0.25],
  ['RVLN', 0.05, 0.15],
  ['RCCO', 0.05, 0.1],
  ['RCPR', 0.03, 0.06],
  ['RCHD', 0.04, 0.03],
  ['RPIR', 0.02, 0.01],
  ['RVAD', 0.02, 0.02],
  ['STRG', 0.04, 0.01],
  ['RTAO', 0.005, 0.001],
  ['ADVP', 0.12, 0.04],
  ['SPO', 0.02, 0.01],
]

/** The person's registrations, newest first. */
export function generateRegistrations(
  rng: Rng,
  kind: SentenceKind,
  gender: 'Male' | 'Female',
  risk: Risk,
  episode: Episode,
  now: number,
): Registration[] {
  const registrations: Registration[] = []
  const recent = () => fromDay(now - rng.int(0, 700))
  if (risk.rosh) registrations.push({ code: ROSH_CODES[risk.rosh], level: null, category: null, date: recent() })
  if (risk.mappaLevel !== null && risk.mappaLevel > 0) {
    registrations.push({ code: 'MAPP', level: `M${risk.mappaLevel}`, category: risk.mappaCategory, date: recent() })
  }
  for (const [code, men, women] of FLAG_CODES) {
    if (rng.chance(gender === 'Female' ? women : men)) {
      registrations.push({ code, level: null, category: null, date: recent() })
    }
  }
  if (episode.indeterminate) {
    registrations.push({ code: 'INLL', level: null, category: null, date: fromDay(episode.ssd ?? now) })
  }
  if ((kind === 'DETERMINATE' || kind === 'RECALL' || kind === 'DETERMINATE_SHORT') && rng.chance(0.07)) {
    registrations.push({ code: 'IIOM', level: null, category: null, date: recent() })
  }
  return registrations.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
}
