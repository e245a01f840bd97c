/** Probation: the PDU, enhanced resourcing, convictions and the COM of a prisoner known to probation. */
import type { Conviction, ConvictionsSnapshot } from '@omic/contracts'
import { fromDay } from './calendar'
import type { Context } from './context'
import { date, type Episode } from './episode'
import type { Rng } from './prng'
import type { DemoPrison } from './reference-data'
import type { Risk } from './risk'
import type { SentenceKind } from './sentence-kinds'
import type { DemoCom, DemoPdu, DemoTeam } from './staff'

export function choosePdu(rng: Rng, context: Context, prison: DemoPrison): DemoPdu {
  const welsh = rng.chance(prison.country === 'Wales' ? 0.7 : 0.06)
  const pdus = welsh ? context.welshPdus : context.englishPdus
  const chosen = pdus[rng.weighted(pdus.map((pdu, n) => [n, pdu.weight] as const))]
  if (!chosen) throw new RangeError('no probation delivery unit')
  return chosen
}

/** Enhanced resourcing flag from nDelius: mostly known, sometimes not (null). */
export function enhancedResourcing(rng: Rng): boolean | null {
  const roll = rng.next()
  return roll < 0.1 ? null : roll < 0.55
}

export function generateConvictions(rng: Rng, kind: SentenceKind, episode: Episode, now: number): ConvictionsSnapshot {
  const convictions: Conviction[] = []
  let hasActiveEvent = true
  switch (kind) {
    case 'REMAND':
      // known to probation through a community order, or through past (ended) supervision
      hasActiveEvent = rng.chance(0.5)
      convictions.push({
        terminationDate: hasActiveEvent ? null : fromDay(now - rng.int(30, 1500)),
        sentenceTypeCode: 'SP',
        requirements: [
          { mainCategoryTypeCode: 'F', restrictive: false },
          ...(rng.chance(0.4) ? [{ mainCategoryTypeCode: 'W', restrictive: false }] : []),
        ],
      })
      break
    case 'IMMIGRATION':
      hasActiveEvent = episode.sed !== null && rng.chance(0.3)
      convictions.push({
        terminationDate: hasActiveEvent ? null : fromDay(episode.sed ?? now - rng.int(30, 900)),
        sentenceTypeCode: 'SC',
        requirements: [],
      })
      break
    default:
      convictions.push({
        terminationDate: null,
        sentenceTypeCode: kind === 'DETERMINATE_SHORT' ? 'NC' : 'SC',
        requirements: [],
      })
  }
  if (rng.chance(0.35)) {
    convictions.push({
      terminationDate: fromDay(Math.min(now - 30, (episode.ssd ?? now) - rng.int(30, 2000))),
      sentenceTypeCode: 'SP',
      requirements: [
        { mainCategoryTypeCode: rng.pick(['F', 'RM38', 'W']), restrictive: false },
        ...(rng.chance(0.3) ? [{ mainCategoryTypeCode: 'J', restrictive: true }] : []),
      ],
    })
  }
  return {
    convictions,
    hasActiveEvent,
    latestReleaseDate: date(episode.latestReleaseDate),
    previousEnforcementActivity: rng.chance(kind === 'RECALL' ? 0.6 : 0.08),
  }
}

/** Some cases have a COM: mostly those near release or already in the community's hands (recalls, short). */
export function chooseCom(
  rng: Rng,
  context: Context,
  team: DemoTeam,
  kind: SentenceKind,
  risk: Risk,
  earliestRelease: number | null,
  today: number,
): DemoCom | null {
  const untilRelease = earliestRelease === null ? null : earliestRelease - today
  const p =
    kind === 'REMAND'
      ? 0.2
      : kind === 'RECALL'
        ? 0.9
        : kind === 'DETERMINATE_SHORT'
          ? 0.75
          : kind === 'IMMIGRATION'
            ? 0.4
            : untilRelease !== null && untilRelease < 270
              ? 0.7
              : untilRelease !== null && untilRelease < 540
                ? 0.35
                : kind === 'LIFE' || kind === 'IPP'
                  ? 0.5
                  : 0.12
  if (!rng.chance(p)) return null
  const coms = context.comsByTeam.get(team.teamCode) ?? []
  const qualified =
    risk.rosh === 'HIGH' ||
    risk.rosh === 'VERY_HIGH' ||
    (risk.mappaLevel ?? 0) >= 2 ||
    kind === 'LIFE' ||
    kind === 'IPP' ||
    kind === 'DETERMINATE_PAROLE'
  const grade = qualified
    ? rng.chance(0.95)
      ? 'PO'
      : 'SPO'
    : rng.weighted([
        ['PSO', 45],
        ['PQiP', 25],
        ['PO', 30],
      ] as const)
  const ofGrade = coms.filter(com => com.grade === grade)
  return ofGrade.length > 0 ? rng.pick(ofGrade) : coms.length > 0 ? rng.pick(coms) : null
}
