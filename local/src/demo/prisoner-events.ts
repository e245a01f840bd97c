/** One prisoner of the estate and the upstream events that describe them, in the order they are published. */
import {
  type CommunityManagerSnapshot,
  type ParoleReviewSnapshot,
  type PrisonerSnapshot,
  type ProbationCaseSnapshot,
  UPSTREAM_EVENTS,
  type UpstreamEventOf,
  type UpstreamEventType,
} from '@omic/contracts'
import { generateAssessment } from './assessment'
import { fromDay, timestamp } from './calendar'
import type { Context } from './context'
import { categorySince, date, earliestReleaseForHandover, generateDateOfBirth, generateEpisode } from './episode'
import { crnAt, nomsNumberAt } from './identifiers'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names'
import { rngFor } from './prng'
import { chooseCom, choosePdu, enhancedResourcing, generateConvictions } from './probation'
import { generateRegistrations, generateRisk } from './risk'
import { choosePrison, KIND_WEIGHTS, KINDS, type SentenceKind, securityCategory } from './sentence-kinds'
import type { DemoEvent, DemoPrisoner, GeneratedPrisoner } from './types'

const MALE_FIRST_NAMES_NOMIS = MALE_FIRST_NAMES.map(name => name.toUpperCase())
const FEMALE_FIRST_NAMES_NOMIS = FEMALE_FIRST_NAMES.map(name => name.toUpperCase())
const LAST_NAMES_NOMIS = LAST_NAMES.map(name => name.toUpperCase())

/** PRNG stream of each prisoner (identifier offsets use 202, need-section pools 203). */
const STREAM_PRISONER = 201

export function generatePrisoner(context: Context, index: number): GeneratedPrisoner {
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
