/** A prisoner's custodial episode: sentence and release dates, arrival, parole reviews, date of birth. */
import type { LegalStatus } from '@omic/contracts'
import { addMonthsToDay, fromDay } from './calendar'
import type { Rng } from './prng'
import type { DemoPrison } from './reference-data'
import type { SentenceKind } from './sentence-kinds'

/** Dates of a custodial episode, as day numbers. */
export interface Episode {
  legalStatus: LegalStatus
  imprisonmentStatus: string
  indeterminate: boolean
  recall: boolean
  ssd: number | null
  crd: number | null
  crdOverride: number | null
  ard: number | null
  ped: number | null
  hdced: number | null
  ted: number | null
  led: number | null
  sed: number | null
  releaseDate: number | null
  sentences: Array<{ sentenceType: string; startDate: number | null; isIndeterminate: boolean }>
  /** Arrival in the current prison (≥ SSD). */
  arrival: number
  /** Target hearing date of the current parole review. */
  thd: number | null
  previousReview: { thd: number; outcome: string; received: number } | null
  /** Last release from custody (licence), for recalls. */
  latestReleaseDate: number | null
}

export function date(day: number | null): string | null {
  return day === null ? null : fromDay(day)
}

const DAYS_PER_YEAR = 365

/** A custodial episode of `kind`, every past date on or before `now` (the day before "today"). */
export function generateEpisode(rng: Rng, kind: SentenceKind, prison: DemoPrison, now: number): Episode {
  const episode: Episode = {
    legalStatus: 'SENTENCED',
    imprisonmentStatus: 'SENT03',
    indeterminate: false,
    recall: false,
    ssd: null,
    crd: null,
    crdOverride: null,
    ard: null,
    ped: null,
    hdced: null,
    ted: null,
    led: null,
    sed: null,
    releaseDate: null,
    sentences: [],
    arrival: now,
    thd: null,
    previousReview: null,
    latestReleaseDate: null,
  }
  const open = prison.open

  switch (kind) {
    case 'DETERMINATE': {
      const crd = now + (open ? rng.int(21, 730) : rng.int(2, 3 * DAYS_PER_YEAR))
      let ssd = now - rng.int(20, 4 * DAYS_PER_YEAR)
      // more than 10 months from sentence start to release (otherwise it would be a short sentence)
      if (addMonthsToDay(ssd, 10) >= crd) ssd = Math.min(now - 1, addMonthsToDay(crd, -11) - rng.int(0, 200))
      const custody = crd - ssd
      episode.imprisonmentStatus = rng.pick(['SENT03', 'ADIMP_ORA', 'ADIMP_ORA', 'SEC250'])
      episode.ssd = ssd
      episode.crd = crd
      episode.crdOverride = rng.chance(0.05) ? crd + rng.int(1, 28) : null
      episode.sed = crd + custody
      episode.led = episode.sed
      episode.releaseDate = episode.crdOverride ?? crd
      if (custody < 2 * DAYS_PER_YEAR && rng.chance(0.6)) {
        const hdced = Math.max(ssd + Math.ceil(custody / 4), crd - 180)
        episode.hdced = hdced < crd ? hdced : null
      }
      episode.sentences = [{ sentenceType: 'ADIMP_ORA', startDate: ssd, isIndeterminate: false }]
      if (rng.chance(0.15))
        episode.sentences.push({ sentenceType: 'ADIMP_ORA', startDate: ssd, isIndeterminate: false })
      break
    }
    case 'DETERMINATE_SHORT': {
      const custody = rng.int(14, 300)
      const ssd = now - rng.int(0, Math.min(custody - 2, 200))
      const release = Math.max(ssd + custody, now + 1)
      if (custody <= 182) episode.ard = release
      else episode.crd = release
      episode.imprisonmentStatus = rng.pick(['ADIMP_ORA', 'SENT03'])
      episode.ssd = ssd
      episode.sed = ssd + 2 * (release - ssd)
      episode.led = episode.sed
      episode.releaseDate = release
      if (release - ssd >= 84 && rng.chance(0.5)) {
        const hdced = Math.max(ssd + Math.ceil((release - ssd) / 4), release - 135)
        episode.hdced = hdced < release && hdced > now ? hdced : null
      }
      episode.sentences = [{ sentenceType: 'ADIMP_ORA', startDate: ssd, isIndeterminate: false }]
      break
    }
    case 'DETERMINATE_PAROLE': {
      // a tenth are past their parole eligibility date (parole refused, still in custody)
      const ped = rng.chance(0.1) ? now - rng.int(30, 400) : now + rng.int(2, 3 * DAYS_PER_YEAR)
      let ssd = now - rng.int(200, 8 * DAYS_PER_YEAR)
      if (ped - ssd < DAYS_PER_YEAR) ssd = ped - DAYS_PER_YEAR - rng.int(0, 2 * DAYS_PER_YEAR)
      const custodialTerm = Math.round((ped - ssd) * 1.5)
      episode.imprisonmentStatus = 'EXT'
      episode.ssd = ssd
      episode.ped = ped
      episode.crd = ssd + custodialTerm
      episode.sed = episode.crd + rng.int(1, 8) * DAYS_PER_YEAR
      episode.led = episode.sed
      episode.releaseDate = episode.crd
      episode.sentences = [
        { sentenceType: rng.pick(['EDS21', 'EDS21', 'SOPC21']), startDate: ssd, isIndeterminate: false },
      ]
      if (ped < now) {
        const thd = ped + rng.int(0, 60)
        episode.previousReview = {
          thd: Math.min(thd, now - 10),
          outcome: 'Not released',
          received: Math.min(thd + rng.int(7, 28), now - 1),
        }
        episode.thd = now + rng.int(60, 400)
      } else if (ped - now < 18 * 30) {
        episode.thd = ped - rng.int(0, 56)
      }
      break
    }
    case 'LIFE':
    case 'IPP': {
      const life = kind === 'LIFE'
      episode.legalStatus = 'INDETERMINATE_SENTENCE'
      episode.indeterminate = true
      let ssd: number
      let ted: number
      if (life) {
        const band = rng.weighted<'past' | 'soon' | 'later'>([
          ['past', open ? 60 : 35],
          ['soon', open ? 35 : 35],
          ['later', open ? 5 : 30],
        ])
        ted =
          band === 'past'
            ? now - rng.int(30, 7 * DAYS_PER_YEAR)
            : band === 'soon'
              ? now + rng.int(14, 3 * DAYS_PER_YEAR)
              : now + rng.int(3 * DAYS_PER_YEAR, 9 * DAYS_PER_YEAR)
        ssd = Math.min(now - rng.int(2, 22) * DAYS_PER_YEAR, ted - rng.int(4, 25) * DAYS_PER_YEAR)
        episode.imprisonmentStatus = rng.pick(['LIFE', 'LIFE', 'ALP', 'MLP'])
      } else {
        ssd = now - rng.int(12 * DAYS_PER_YEAR, 19 * DAYS_PER_YEAR)
        ted = ssd + rng.int(2 * DAYS_PER_YEAR, 7 * DAYS_PER_YEAR)
        episode.imprisonmentStatus = 'IPP'
      }
      episode.ssd = ssd
      episode.ted = ted
      episode.sentences = [{ sentenceType: life ? 'LIFE' : 'IPP', startDate: ssd, isIndeterminate: true }]
      if (life && rng.chance(0.04)) {
        // sentenced to a further life sentence while serving this one (handover.md §c.1 rule 1)
        const startDate = Math.max(ssd + 30, now - rng.int(30, 900))
        episode.sentences.push({ sentenceType: 'LIFE', startDate, isIndeterminate: true })
      }
      if (ted < now) {
        const lastHearing = Math.max(ssd + DAYS_PER_YEAR, now - rng.int(60, 700))
        episode.previousReview = {
          thd: lastHearing,
          outcome: open ? 'Open conditions' : rng.pick(['Not released', 'Not released', 'Open conditions']),
          received: Math.min(lastHearing + rng.int(7, 28), now - 1),
        }
        if (rng.chance(0.9)) {
          // a fifth of the next hearings are more than 12 months away (handover.md §c.1 rules 2–4)
          episode.thd = rng.chance(0.2) ? now + rng.int(380, 720) : now + rng.int(30, 360)
        }
      } else if (ted - now < 3 * DAYS_PER_YEAR && rng.chance(0.7)) {
        episode.thd = ted - rng.int(0, 120)
      }
      break
    }
    case 'RECALL': {
      episode.legalStatus = 'RECALL'
      episode.recall = true
      const recalledOn = now - rng.int(3, 300)
      if (rng.chance(0.12)) {
        // a recalled life / IPP licensee
        const ssd = recalledOn - rng.int(10, 20) * DAYS_PER_YEAR
        const released = recalledOn - rng.int(120, 5 * DAYS_PER_YEAR)
        episode.indeterminate = true
        episode.imprisonmentStatus = rng.pick(['LR_LIFE', 'LR_IPP'])
        episode.ssd = ssd
        episode.ted = Math.min(released - DAYS_PER_YEAR, ssd + rng.int(3, 12) * DAYS_PER_YEAR)
        episode.latestReleaseDate = released
        episode.sentences = [
          {
            sentenceType: episode.imprisonmentStatus === 'LR_LIFE' ? 'LIFE' : 'IPP',
            startDate: ssd,
            isIndeterminate: true,
          },
        ]
        episode.thd = rng.chance(0.4) ? now + rng.int(380, 700) : now + rng.int(60, 360)
      } else {
        const released = recalledOn - rng.int(14, 700)
        const ssd = released - rng.int(60, 4 * DAYS_PER_YEAR)
        const fixedTerm = rng.chance(0.3)
        const sed = Math.max(released + (released - ssd), now + rng.int(20, 30))
        episode.imprisonmentStatus = fixedTerm ? 'FTR_ORA' : rng.pick(['LR', 'LR_ORA'])
        episode.ssd = ssd
        episode.crd = released
        episode.sed = sed
        episode.led = sed
        episode.latestReleaseDate = released
        episode.releaseDate = fixedTerm ? Math.max(recalledOn + 28, now + 1) : sed
        episode.sentences = [{ sentenceType: 'ADIMP_ORA', startDate: ssd, isIndeterminate: false }]
      }
      episode.arrival = recalledOn
      return episode
    }
    case 'IMMIGRATION': {
      episode.legalStatus = 'IMMIGRATION_DETAINEE'
      episode.imprisonmentStatus = 'DET'
      if (rng.chance(0.5)) {
        // held under immigration powers after the end of a sentence
        const sed = now - rng.int(1, 200)
        const ssd = sed - rng.int(180, 4 * DAYS_PER_YEAR)
        episode.ssd = ssd
        episode.crd = ssd + Math.floor((sed - ssd) / 2)
        episode.sed = sed
        episode.sentences = [{ sentenceType: 'ADIMP_ORA', startDate: ssd, isIndeterminate: false }]
        episode.arrival = Math.max(ssd, now - rng.int(30, 400))
      } else {
        episode.arrival = now - rng.int(1, 240)
      }
      return episode
    }
    case 'REMAND': {
      episode.legalStatus = 'REMAND'
      episode.imprisonmentStatus = 'RX'
      episode.arrival = now - rng.int(1, 240)
      return episode
    }
  }

  episode.arrival = arrivalFor(rng, prison, episode.ssd ?? now, now)
  return episode
}

/** Arrival in the current prison: locals admit at sentence; trainers and open prisons receive transfers. */
function arrivalFor(rng: Rng, prison: DemoPrison, ssd: number, now: number): number {
  const served = Math.max(0, now - ssd)
  switch (prison.estate) {
    case 'male-local':
    case 'female-closed':
      return rng.chance(0.8) ? ssd : ssd + rng.int(0, served)
    case 'male-trainer':
      return ssd + Math.min(served, rng.int(14, Math.max(14, served)))
    case 'male-open':
    case 'female-open':
      return Math.max(ssd, now - rng.int(7, 700))
  }
}

export function generateDateOfBirth(rng: Rng, kind: SentenceKind, episode: Episode, today: number): number {
  const age = rng.weighted<number>([
    [rng.int(18, 20), 6],
    [rng.int(21, 29), 30],
    [rng.int(30, 39), 30],
    [rng.int(40, 49), 18],
    [rng.int(50, 59), 10],
    [rng.int(60, 79), 6],
  ])
  let dateOfBirth = addMonthsToDay(today, -12 * age) - rng.int(0, 364)
  // at least 18 at sentence (or remand) and old enough for a long indeterminate sentence
  const earliestEvent = Math.min(episode.ssd ?? episode.arrival, episode.arrival)
  const limit = addMonthsToDay(earliestEvent, -12 * (kind === 'LIFE' || kind === 'IPP' ? 21 : 18))
  if (dateOfBirth > limit) dateOfBirth = limit - rng.int(0, 3 * DAYS_PER_YEAR)
  return dateOfBirth
}

export function categorySince(rng: Rng, prison: DemoPrison, episode: Episode, now: number): number | null {
  const start = episode.ssd ?? episode.arrival
  if (prison.open) return Math.max(start, episode.arrival - rng.int(0, 60))
  if (episode.legalStatus === 'REMAND') return episode.arrival
  return Math.min(now, start + rng.int(7, Math.max(7, now - start)))
}

/** Earliest release date for handover (handover.md §b), override dates replacing CRD/ARD. */
export function earliestReleaseForHandover(episode: Episode, today: number): number | null {
  if (episode.indeterminate) {
    const { ted, thd } = episode
    if (ted !== null && ted > today) return ted
    if (thd !== null && thd > today) return thd
    if (ted === null) return thd
    if (thd === null) return ted
    return Math.abs(thd - today) < Math.abs(ted - today) ? thd : ted
  }
  if (episode.legalStatus === 'IMMIGRATION_DETAINEE' || episode.legalStatus === 'REMAND') return null
  if (episode.ped !== null) return episode.ped
  const crd = episode.crdOverride ?? episode.crd
  const ard = episode.ard
  if (crd === null) return ard
  if (ard === null) return crd
  return Math.min(crd, ard)
}
