/**
 * A synthetic, deterministic prison and probation estate for the demo: prisons, POMs, COMs and prisoners, and the
 * upstream HMPPS events (events.md §2) that would describe them. Same seed + same `today` → same estate. No clock
 * and no Math.random: every date is relative to `today`, and `occurredAt` timestamps fall on the day before it.
 *
 * `generateEvents` / `generatePrisoners` are lazy (one prisoner at a time) so very large estates can be streamed.
 */
import {
  type AssessmentSnapshot,
  type CommunityManagerSnapshot,
  type Conviction,
  type ConvictionsSnapshot,
  type LegalStatus,
  NEED_SECTION_KEYS,
  NEED_SECTIONS,
  type NeedSection,
  type NeedSections,
  type ParoleReviewSnapshot,
  type Predictor,
  type PredictorBand,
  type PrisonerSnapshot,
  type ProbationCaseSnapshot,
  type Registration,
  type RoshLevel,
  type SectionAnswer,
  type StaticOrDynamic,
  UPSTREAM_EVENTS,
  type UpstreamEventOf,
  type UpstreamEvents,
  type UpstreamEventType,
  type WomensFactors,
} from '@omic/contracts'
import { addMonthsToDay, fromDay, timestamp, toDay } from './calendar'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names'
import { type Rng, rngFor } from './prng'
import type { DemoPrison, PrisonEstate } from './reference-data'
import { type DemoCom, type DemoPdu, type DemoStaff, type DemoTeam, generateStaff } from './staff'

export type { DemoPrison, PrisonEstate } from './reference-data'
export type { DemoCom, DemoLdu, DemoPdu, DemoPom, DemoStaff, DemoTeam } from './staff'
export { generateStaff } from './staff'

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
const KINDS = Object.values(SENTENCE_KINDS)

export interface EstateOptions {
  /** Number of prisoners (500 for the usual demo). */
  prisoners: number
  seed: number
  /** The demo's "today", `YYYY-MM-DD`. */
  today: string
}

export interface DemoPrisoner {
  nomsNumber: string
  crn: string | null
  firstName: string
  lastName: string
  gender: 'Male' | 'Female'
  dateOfBirth: string
  prisonId: string
  sentenceKind: SentenceKind
  legalStatus: LegalStatus
  imprisonmentStatus: string
  indeterminate: boolean
  recall: boolean
  /** Legal status is one Manage POM Cases handles and the case is sentenced or immigration (handover.md §a). */
  inOmicPolicy: boolean
  /** Earliest release date for handover (handover.md §b), null when there is none. */
  earliestReleaseDate: string | null
  pduCode: string | null
  lduCode: string | null
  teamCode: string | null
  comStaffCode: string | null
  roshLevel: RoshLevel | null
  mappaLevel: number | null
}

export type DemoEventOf<T extends UpstreamEventType> = {
  source: UpstreamEvents[T]['source']
  detailType: T
  detail: UpstreamEventOf<T>
}
/** One EventBridge entry: `source`, `detail-type` and the envelope as `detail`. */
export type DemoEvent = { [T in UpstreamEventType]: DemoEventOf<T> }[UpstreamEventType]

export interface GeneratedPrisoner {
  prisoner: DemoPrisoner
  events: DemoEvent[]
}

export interface DemoEstate extends DemoStaff {
  today: string
  seed: number
  prisoners: DemoPrisoner[]
  events: DemoEvent[]
}

const MALE_FIRST_NAMES_NOMIS = MALE_FIRST_NAMES.map(name => name.toUpperCase())
const FEMALE_FIRST_NAMES_NOMIS = FEMALE_FIRST_NAMES.map(name => name.toUpperCase())
const LAST_NAMES_NOMIS = LAST_NAMES.map(name => name.toUpperCase())

const STREAM_PRISONER = 201
const STREAM_IDS = 202
const STREAM_POOLS = 203

/** Relative frequency of each sentence kind per kind of prison. */
const KIND_WEIGHTS: Record<PrisonEstate, Record<SentenceKind, number>> = {
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

// ---------------------------------------------------------------------------------------------------------------
// Identifiers: bijections from the prisoner index, so they are unique without bookkeeping.

/** NOMS numbers `[AG]dddd[A-Z][A-Z]`: 2 × 10,000 × 26 × 26 values. */
const NOMS_SPACE = 2 * 10_000 * 26 * 26
/** CRNs `[A-Z]dddddd`: 26 × 1,000,000 values. */
const CRN_SPACE = 26 * 1_000_000
/** Steps coprime with both spaces (whose prime factors are 2, 5 and 13). */
const NOMS_STEP = 7_368_787
const CRN_STEP = 1_234_577
const letter = (n: number) => String.fromCharCode(65 + n)

function identifierOffsets(seed: number): { noms: number; crn: number } {
  const rng = rngFor(seed, STREAM_IDS)
  return { noms: rng.int(0, NOMS_SPACE - 1), crn: rng.int(0, CRN_SPACE - 1) }
}

function nomsNumberAt(offset: number, index: number): string {
  let n = (offset + index * NOMS_STEP) % NOMS_SPACE
  const first = n % 2 === 0 ? 'A' : 'G'
  n = Math.floor(n / 2)
  const digits = String(n % 10_000).padStart(4, '0')
  n = Math.floor(n / 10_000)
  return `${first}${digits}${letter(n % 26)}${letter(Math.floor(n / 26))}`
}

function crnAt(offset: number, index: number): string {
  const n = (offset + index * CRN_STEP) % CRN_SPACE
  return `${letter(n % 26)}${String(Math.floor(n / 26)).padStart(6, '0')}`
}

/** The NOMS number of prisoner `index` of the estate for `seed` (unique per index). */
export function nomsNumberFor(seed: number, index: number): string {
  return nomsNumberAt(identifierOffsets(seed).noms, index)
}

/** The CRN of prisoner `index` of the estate for `seed` (unique per index; not every prisoner has one). */
export function crnFor(seed: number, index: number): string {
  return crnAt(identifierOffsets(seed).crn, index)
}

// ---------------------------------------------------------------------------------------------------------------

export function generateEstate(options: EstateOptions): DemoEstate {
  const staff = generateStaff(options)
  const prisoners: DemoPrisoner[] = []
  const events: DemoEvent[] = []
  for (const generated of generatePrisoners(options, staff)) {
    prisoners.push(generated.prisoner)
    for (const event of generated.events) events.push(event)
  }
  return { today: options.today, seed: options.seed, ...staff, prisoners, events }
}

/** Every upstream event of the estate, generated lazily one prisoner at a time. */
export function* generateEvents(options: EstateOptions, staff?: DemoStaff): Generator<DemoEvent, void, undefined> {
  for (const { events } of generatePrisoners(options, staff)) yield* events
}

/** Each prisoner with their events, generated lazily. `staff` defaults to `generateStaff(options)`. */
export function* generatePrisoners(
  options: EstateOptions,
  staff: DemoStaff = generateStaff(options),
): Generator<GeneratedPrisoner, void, undefined> {
  if (!Number.isInteger(options.prisoners) || options.prisoners < 0) {
    throw new RangeError(`prisoners must be a non-negative integer, got ${options.prisoners}`)
  }
  if (options.prisoners > NOMS_SPACE) throw new RangeError(`at most ${NOMS_SPACE} prisoners`)
  const context = makeContext(options, staff)
  for (let index = 0; index < options.prisoners; index++) yield generatePrisoner(context, index)
}

// ---------------------------------------------------------------------------------------------------------------

interface Context {
  seed: number
  today: number
  staff: DemoStaff
  comsByTeam: Map<string, DemoCom[]>
  englishPdus: DemoPdu[]
  welshPdus: DemoPdu[]
  sectionPools: SectionPools
  nomsOffset: number
  crnOffset: number
}

function makeContext(options: EstateOptions, staff: DemoStaff): Context {
  const comsByTeam = new Map<string, DemoCom[]>()
  for (const com of staff.coms) {
    const list = comsByTeam.get(com.teamCode) ?? []
    list.push(com)
    comsByTeam.set(com.teamCode, list)
  }
  return {
    seed: options.seed,
    today: toDay(options.today),
    staff,
    comsByTeam,
    englishPdus: staff.pdus.filter(pdu => pdu.probationService === 'England'),
    welshPdus: staff.pdus.filter(pdu => pdu.probationService === 'Wales'),
    sectionPools: makeSectionPools(options.seed),
    nomsOffset: identifierOffsets(options.seed).noms,
    crnOffset: identifierOffsets(options.seed).crn,
  }
}

/** Dates of a custodial episode, as day numbers. */
interface Episode {
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

function generatePrisoner(context: Context, index: number): GeneratedPrisoner {
  const { seed, today } = context
  const rng = rngFor(seed, STREAM_PRISONER, index)
  const yesterday = today - 1

  // the first prisoners cover every sentence kind, so even a tiny estate has the full mix
  const forcedKind = index < KINDS.length ? KINDS[index] : undefined
  const prison = choosePrison(rng, context.staff.prisons, forcedKind)
  const kind = forcedKind ?? rng.weighted(Object.entries(KIND_WEIGHTS[prison.estate]) as Array<[SentenceKind, number]>)
  const gender = prison.gender
  // NOMIS holds names in capitals
  const firstName = rng.pick(gender === 'Female' ? FEMALE_FIRST_NAMES_NOMIS : MALE_FIRST_NAMES_NOMIS)
  const lastName = rng.pick(LAST_NAMES_NOMIS)
  const episode = generateEpisode(rng, kind, prison, yesterday)
  const dateOfBirth = generateDateOfBirth(rng, kind, episode, today)
  const nomsNumber = nomsNumberAt(context.nomsOffset, index)
  const category = securityCategory(rng, prison, kind)
  const categoryActiveSince = category === null ? null : categorySince(rng, prison, episode, yesterday)

  const snapshot: PrisonerSnapshot = {
    nomsNumber,
    firstName,
    lastName,
    dateOfBirth: fromDay(dateOfBirth),
    gender,
    prisonId: prison.prisonId,
    status: rng.chance(0.03) ? 'ACTIVE OUT' : 'ACTIVE IN',
    legalStatus: episode.legalStatus,
    imprisonmentStatus: episode.imprisonmentStatus,
    indeterminateSentence: episode.indeterminate,
    recall: episode.recall,
    sentenceStartDate: date(episode.ssd),
    conditionalReleaseDate: date(episode.crd),
    conditionalReleaseOverrideDate: date(episode.crdOverride),
    automaticReleaseDate: date(episode.ard),
    automaticReleaseOverrideDate: null,
    paroleEligibilityDate: date(episode.ped),
    homeDetentionCurfewEligibilityDate: date(episode.hdced),
    tariffDate: date(episode.ted),
    licenceExpiryDate: date(episode.led),
    sentenceExpiryDate: date(episode.sed),
    releaseDate: date(episode.releaseDate),
    sentences: episode.sentences.map((sentence, n) => ({
      caseId: String(1_000_000 + index * 4 + n),
      sentenceType: sentence.sentenceType,
      startDate: date(sentence.startDate),
      isIndeterminate: sentence.isIndeterminate,
    })),
    category,
    categoryActiveSince: date(categoryActiveSince),
    prisonArrivalDate: fromDay(episode.arrival),
  }

  const events: DemoEvent[] = []
  let sequence = 0
  const occurredAt = () => timestamp(yesterday, 18 * 3_600_000 + index * 100 + sequence++ * 10)
  const noms = { type: 'NOMS', value: nomsNumber } as const

  events.push(
    demoEvent('prisoner-offender-search.prisoner.received', {
      eventType: 'prisoner-offender-search.prisoner.received',
      version: 1,
      occurredAt: occurredAt(),
      description: 'A prisoner has been received into prison',
      personReference: { identifiers: [noms] },
      additionalInformation: {
        reason: episode.ssd === null || episode.arrival === episode.ssd || episode.recall ? 'ADMISSION' : 'TRANSFERRED',
        prisonId: prison.prisonId,
        snapshot,
      },
    }),
  )

  const hasCrn = rng.chance(
    kind === 'IMMIGRATION' ? 0.4 : kind === 'REMAND' ? 0.5 : kind === 'DETERMINATE_SHORT' ? 0.95 : 0.98,
  )
  const earliestRelease = earliestReleaseForHandover(episode, today)
  const prisoner: DemoPrisoner = {
    nomsNumber,
    crn: null,
    firstName: snapshot.firstName,
    lastName: snapshot.lastName,
    gender,
    dateOfBirth: snapshot.dateOfBirth,
    prisonId: prison.prisonId,
    sentenceKind: kind,
    legalStatus: episode.legalStatus,
    imprisonmentStatus: episode.imprisonmentStatus,
    indeterminate: episode.indeterminate,
    recall: episode.recall,
    inOmicPolicy: kind !== 'REMAND',
    earliestReleaseDate: date(earliestRelease),
    pduCode: null,
    lduCode: null,
    teamCode: null,
    comStaffCode: null,
    roshLevel: null,
    mappaLevel: null,
  }

  if (hasCrn) {
    const crn = crnAt(context.crnOffset, index)
    const identifiers = [
      { type: 'CRN', value: crn },
      { type: 'NOMS', value: nomsNumber },
    ] as const
    const personReference = { identifiers: [...identifiers] }
    const pdu = choosePdu(rng, context, prison)
    const ldu = rng.pick(pdu.ldus)
    const team = rng.pick(ldu.teams)
    const risk = generateRisk(rng, kind, gender)
    prisoner.crn = crn
    prisoner.pduCode = pdu.pduCode
    prisoner.lduCode = ldu.lduCode
    prisoner.teamCode = team.teamCode
    prisoner.roshLevel = risk.rosh
    prisoner.mappaLevel = risk.mappaLevel

    const probationCase: ProbationCaseSnapshot = {
      crn,
      nomsNumber,
      gender,
      probationService: pdu.probationService,
      pduCode: pdu.pduCode,
      pduName: pdu.pduName,
      lduCode: ldu.lduCode,
      lduName: ldu.lduName,
      lduEmail: ldu.lduEmail,
      teamCode: team.teamCode,
      mappaLevel: risk.mappaLevel,
      enhancedResourcing: enhancedResourcing(rng),
      roshLevel: risk.rosh,
    }
    events.push(
      demoEvent('probation-case.details.changed', {
        eventType: 'probation-case.details.changed',
        version: 1,
        occurredAt: occurredAt(),
        description: 'Probation case details changed',
        personReference,
        additionalInformation: { snapshot: probationCase },
      }),
    )

    const registrations = generateRegistrations(rng, kind, gender, risk, episode, yesterday)
    const newest = registrations[0]
    if (newest) {
      events.push(
        demoEvent('probation-case.registration.added', {
          eventType: 'probation-case.registration.added',
          version: 1,
          occurredAt: occurredAt(),
          description: 'A registration has been added to the probation case',
          personReference,
          additionalInformation: { registerTypeCode: newest.code, snapshot: { registrations } },
        }),
      )
    }

    if (rng.chance(kind === 'REMAND' ? 0.3 : kind === 'IMMIGRATION' ? 0.5 : 0.88)) {
      const assessment = generateAssessment(rng, context.sectionPools, index, gender, risk, yesterday)
      events.push(
        demoEvent('assessment.summary.produced', {
          eventType: 'assessment.summary.produced',
          version: 1,
          occurredAt: occurredAt(),
          description: 'An OASys assessment was produced',
          personReference: { identifiers: [identifiers[0]] },
          additionalInformation: { assessmentId: assessment.assessmentId, snapshot: assessment },
        }),
      )
    }

    events.push(
      demoEvent('probation-case.convictions.changed', {
        eventType: 'probation-case.convictions.changed',
        version: 1,
        occurredAt: occurredAt(),
        description: 'The convictions of a probation case changed',
        personReference,
        additionalInformation: { snapshot: generateConvictions(rng, kind, episode, yesterday) },
      }),
    )

    const com = chooseCom(rng, context, team, kind, risk, earliestRelease, today)
    if (com) {
      prisoner.comStaffCode = com.staffCode
      const manager: CommunityManagerSnapshot = {
        staffCode: com.staffCode,
        name: com.name,
        email: com.email,
        grade: com.grade,
        teamCode: com.teamCode,
        pduCode: com.pduCode,
      }
      events.push(
        demoEvent('person.community.manager.allocated', {
          eventType: 'person.community.manager.allocated',
          version: 1,
          occurredAt: occurredAt(),
          description: 'A community manager has been allocated',
          personReference,
          additionalInformation: { staffCode: com.staffCode, snapshot: manager },
        }),
      )
    }
  }

  const reviews: ParoleReviewSnapshot[] = []
  if (episode.previousReview) {
    reviews.push({
      reviewId: String(500_000 + index * 2),
      targetHearingDate: fromDay(episode.previousReview.thd),
      custodyReportDue: fromDay(episode.previousReview.thd - 56),
      hearingOutcome: episode.previousReview.outcome,
      hearingOutcomeReceivedDate: fromDay(episode.previousReview.received),
      reviewStatus: 'Completed',
    })
  }
  if (episode.thd !== null) {
    reviews.push({
      reviewId: String(500_000 + index * 2 + 1),
      targetHearingDate: fromDay(episode.thd),
      custodyReportDue: fromDay(episode.thd - 56),
      hearingOutcome: null,
      hearingOutcomeReceivedDate: null,
      reviewStatus: 'Active',
    })
  }
  for (const review of reviews) {
    events.push(
      demoEvent('parole.review.updated', {
        eventType: 'parole.review.updated',
        version: 1,
        occurredAt: occurredAt(),
        description: 'A parole review was updated',
        personReference: { identifiers: [noms] },
        additionalInformation: { reviewId: review.reviewId, snapshot: review },
      }),
    )
  }

  return { prisoner, events }
}

function demoEvent<T extends UpstreamEventType>(detailType: T, detail: UpstreamEventOf<T>): DemoEvent {
  return { source: UPSTREAM_EVENTS[detailType].source, detailType, detail } as DemoEvent
}

/** Enhanced resourcing flag from nDelius: mostly known, sometimes not (null). */
function enhancedResourcing(rng: Rng): boolean | null {
  const roll = rng.next()
  return roll < 0.1 ? null : roll < 0.55
}

function date(day: number | null): string | null {
  return day === null ? null : fromDay(day)
}

// ---------------------------------------------------------------------------------------------------------------
// Prison, sentence and dates

function choosePrison(rng: Rng, prisons: readonly DemoPrison[], kind: SentenceKind | undefined): DemoPrison {
  const candidates = prisons
    .map((prison, n) => [n, prison.weight * (kind === undefined ? 1 : KIND_WEIGHTS[prison.estate][kind])] as const)
    .filter(([, weight]) => weight > 0)
  const chosen = prisons[rng.weighted(candidates)]
  if (!chosen) throw new RangeError('no prison can hold this sentence kind')
  return chosen
}

const DAYS_PER_YEAR = 365

/** A custodial episode of `kind`, every past date on or before `now` (the day before "today"). */
function generateEpisode(rng: Rng, kind: SentenceKind, prison: DemoPrison, now: number): Episode {
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

function generateDateOfBirth(rng: Rng, kind: SentenceKind, episode: Episode, today: number): number {
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

function securityCategory(rng: Rng, prison: DemoPrison, kind: SentenceKind): string | null {
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

function categorySince(rng: Rng, prison: DemoPrison, episode: Episode, now: number): number | null {
  const start = episode.ssd ?? episode.arrival
  if (prison.open) return Math.max(start, episode.arrival - rng.int(0, 60))
  if (episode.legalStatus === 'REMAND') return episode.arrival
  return Math.min(now, start + rng.int(7, Math.max(7, now - start)))
}

/** Earliest release date for handover (handover.md §b), override dates replacing CRD/ARD. */
function earliestReleaseForHandover(episode: Episode, today: number): number | null {
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

// ---------------------------------------------------------------------------------------------------------------
// Probation: PDU, risk, registrations, assessment, convictions, COM

function choosePdu(rng: Rng, context: Context, prison: DemoPrison): DemoPdu {
  const welsh = rng.chance(prison.country === 'Wales' ? 0.7 : 0.06)
  const pdus = welsh ? context.welshPdus : context.englishPdus
  const chosen = pdus[rng.weighted(pdus.map((pdu, n) => [n, pdu.weight] as const))]
  if (!chosen) throw new RangeError('no probation delivery unit')
  return chosen
}

interface Risk {
  rosh: RoshLevel | null
  mappaLevel: number | null
  mappaCategory: 'M1' | 'M2' | 'M3' | 'M4' | null
  sexualOffending: boolean
}

function generateRisk(rng: Rng, kind: SentenceKind, gender: 'Male' | 'Female'): Risk {
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
function generateRegistrations(
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

type AnswerKind = 'yesNo' | 'problem' | 'frequency'
const ANSWERS: Record<AnswerKind, ReadonlyArray<ReadonlyArray<readonly [SectionAnswer, number]>>> = {
  yesNo: [
    [
      ['No', 88],
      ['Yes', 7],
      ['Unknown', 5],
    ],
    [
      ['Yes', 45],
      ['No', 50],
      ['Unknown', 5],
    ],
    [
      ['Yes', 85],
      ['No', 12],
      ['Unknown', 3],
    ],
  ],
  problem: [
    [
      ['None', 80],
      ['Some', 15],
      ['Missing', 5],
    ],
    [
      ['None', 25],
      ['Some', 60],
      ['Significant', 12],
      ['Missing', 3],
    ],
    [
      ['Some', 35],
      ['Significant', 62],
      ['Missing', 3],
    ],
  ],
  frequency: [
    [
      ['Never', 90],
      ['Previous', 8],
      ['Unknown', 2],
    ],
    [
      ['Never', 50],
      ['Previous', 45],
      ['Currently', 5],
    ],
    [
      ['Previous', 55],
      ['Currently', 40],
      ['Never', 5],
    ],
  ],
}
const QUESTION_KINDS: Partial<Record<string, AnswerKind>> = {
  noFixedAbodeOrTransient: 'yesNo',
  unemployed: 'yesNo',
  everInjectedDrugs: 'frequency',
}

function answer(rng: Rng, kind: AnswerKind, level: number): SectionAnswer {
  const weights = ANSWERS[kind][level]
  if (!weights) throw new RangeError(`no answers for need level ${level}`)
  return rng.weighted(weights)
}

/** Each need section's answers come from a per-seed pool of variants, shared between prisoners (saves memory). */
type SectionAnswers = Record<string, SectionAnswer>
type SectionPools = Record<NeedSection, SectionAnswers[]>
const SECTION_VARIANTS = 96
const NEED_LEVELS: ReadonlyArray<readonly [number, number]> = [
  [0, 40],
  [1, 40],
  [2, 20],
]

function makeSectionPools(seed: number): SectionPools {
  const rng = rngFor(seed, STREAM_POOLS)
  const pools = {} as SectionPools
  for (const section of NEED_SECTION_KEYS) {
    pools[section] = Array.from({ length: SECTION_VARIANTS }, () => {
      const level = rng.weighted(NEED_LEVELS)
      const answers: SectionAnswers = {}
      for (const question of NEED_SECTIONS[section]) {
        answers[question] = answer(rng, QUESTION_KINDS[question] ?? 'problem', level)
      }
      return answers
    })
  }
  return pools
}

function needSections(rng: Rng, pools: SectionPools): NeedSections {
  const sections = {} as Record<NeedSection, SectionAnswers | null>
  for (const section of NEED_SECTION_KEYS) sections[section] = rng.chance(0.06) ? null : rng.pick(pools[section])
  return sections as NeedSections
}

function band(score: number, thresholds: readonly [number, number, number]): PredictorBand {
  const [medium, high, veryHigh] = thresholds
  return score >= veryHigh ? 'VERY_HIGH' : score >= high ? 'HIGH' : score >= medium ? 'MEDIUM' : 'LOW'
}

function predictors(rng: Rng, risk: Risk, layer1: boolean, ogrs: number): AssessmentSnapshot['predictors'] {
  const staticOrDynamic = (): StaticOrDynamic => (layer1 || rng.chance(0.15) ? 'STATIC' : 'DYNAMIC')
  const arpScore = Math.min(99.9, Math.max(0.5, Math.round((ogrs + rng.int(-12, 12) + rng.next()) * 10) / 10))
  const csrpScore = rng.decimal(0.05, risk.rosh === 'VERY_HIGH' || risk.rosh === 'HIGH' ? 9 : 4, 2)
  const allReoffending: Predictor = {
    score: arpScore,
    band: band(arpScore, [50, 75, 90]),
    staticOrDynamic: staticOrDynamic(),
  }
  const combinedSeriousReoffending: Predictor = {
    score: csrpScore,
    band: band(csrpScore, [1, 3, 6.9]),
    staticOrDynamic: staticOrDynamic(),
  }
  let directContactSexualReoffending: Predictor | null = null
  if (risk.sexualOffending) {
    // bands chosen so a Medium DC-SRP is never below 0.60 (tiering.md §3 would fail the calculation)
    const score = rng.decimal(0.3, 6, 2)
    directContactSexualReoffending = { score, band: band(score, [1.12, 3.36, 5]), staticOrDynamic: 'STATIC' }
  } else if (rng.chance(0.5)) {
    directContactSexualReoffending = { score: 0, band: 'NOT_APPLICABLE', staticOrDynamic: null }
  }
  return { allReoffending, combinedSeriousReoffending, directContactSexualReoffending }
}

function generateAssessment(
  rng: Rng,
  pools: SectionPools,
  index: number,
  gender: 'Male' | 'Female',
  risk: Risk,
  now: number,
): AssessmentSnapshot {
  const layer1 = rng.chance(0.15)
  const ogrsScore = rng.int(4, 96)
  const sections = needSections(rng, pools)
  const thinkingLevel = sections.thinkingAndBehaviour ? rng.int(0, 2) : 0
  const womensFactors: WomensFactors = {
    parentalResponsibilities: answer(rng, 'yesNo', gender === 'Female' ? 1 : 0),
    impulsivity: answer(rng, 'problem', thinkingLevel),
    temperControl: answer(rng, 'problem', thinkingLevel),
  }
  return {
    assessmentId: String(20_000_000 + index),
    completedDate: fromDay(now - rng.int(0, 500)),
    type: layer1 ? 'LAYER1' : 'LAYER3',
    status: rng.chance(0.9) ? 'COMPLETE' : 'LOCKED_INCOMPLETE',
    sanIndicator: rng.chance(0.25),
    rsrScore: rng.chance(0.12) ? rng.decimal(7, 25, 2) : rng.decimal(0.2, 6.99, 2),
    ogrsScore,
    roshLevel: risk.rosh,
    sections,
    womensFactors,
    predictors: rng.chance(0.92) ? predictors(rng, risk, layer1, ogrsScore) : null,
    everCommittedSexualOffence: risk.sexualOffending,
  }
}

function generateConvictions(rng: Rng, kind: SentenceKind, episode: Episode, now: number): ConvictionsSnapshot {
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
function chooseCom(
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

/** The upstream event types the demo estate emits. */
export const DEMO_EVENT_TYPES = [
  'prisoner-offender-search.prisoner.received',
  'probation-case.details.changed',
  'probation-case.registration.added',
  'assessment.summary.produced',
  'probation-case.convictions.changed',
  'person.community.manager.allocated',
  'parole.review.updated',
] as const satisfies readonly UpstreamEventType[]
