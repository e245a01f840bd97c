import { CRN, NOMS_NUMBER, parseUpstreamEvent, UPSTREAM_EVENTS } from '@omic/contracts'
import { describe, expect, it } from 'vitest'
import { addMonthsToDay, toDay } from '../../src/demo/calendar'
import {
  DEMO_EVENT_TYPES,
  type DemoEvent,
  type DemoEventOf,
  generateEstate,
  generateEvents,
  generatePrisoners,
  SENTENCE_KINDS,
} from '../../src/demo/estate'

const OPTIONS = { prisoners: 500, seed: 20_261_123, today: '2026-11-23' }
const estate = generateEstate(OPTIONS)

type EventOf<T extends DemoEvent['detailType']> = Extract<DemoEvent, DemoEventOf<T>>

function eventsOfType<T extends DemoEvent['detailType']>(events: readonly DemoEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.detailType === type)
}

const received = eventsOfType(estate.events, 'prisoner-offender-search.prisoner.received')
const prisonerSnapshots = received.map(event => {
  const snapshot = event.detail.additionalInformation.snapshot
  if (!snapshot) throw new Error('prisoner.received without a snapshot')
  return snapshot
})

describe('demo estate: determinism', () => {
  it('the same seed and day give the same estate', () => {
    expect(generateEstate(OPTIONS)).toEqual(estate)
  })

  it('another seed gives another estate', () => {
    const other = generateEstate({ ...OPTIONS, seed: OPTIONS.seed + 1 })
    expect(other.prisoners.map(p => p.nomsNumber)).not.toEqual(estate.prisoners.map(p => p.nomsNumber))
    expect(other.events).not.toEqual(estate.events)
  })

  it('generateEvents yields the same events lazily, one prisoner at a time', () => {
    const iterator = generateEvents(OPTIONS)
    const first = iterator.next()
    expect(first.done).toBe(false)
    expect(first.value).toEqual(estate.events[0])
    expect([first.value, ...iterator]).toEqual(estate.events)
    const perPrisoner = [...generatePrisoners(OPTIONS)]
    expect(perPrisoner.map(p => p.prisoner)).toEqual(estate.prisoners)
    expect(perPrisoner.flatMap(p => p.events)).toEqual(estate.events)
  })

  it('a smaller estate with the same seed is a prefix of the prisoners of a larger one', () => {
    const small = generateEstate({ ...OPTIONS, prisoners: 50 })
    expect(small.prisoners.map(p => p.nomsNumber)).toEqual(estate.prisoners.slice(0, 50).map(p => p.nomsNumber))
  })

  it('rejects a bad day or count', () => {
    expect(() => generateEstate({ ...OPTIONS, today: '2026-02-30' })).toThrow(RangeError)
    expect(() => generateEstate({ ...OPTIONS, prisoners: -1 })).toThrow(RangeError)
  })
})

describe('demo estate: every event is a valid upstream event', () => {
  it('each detail parses with the schema of its detail-type, and the source matches', () => {
    const failures: string[] = []
    for (const event of estate.events) {
      const result = parseUpstreamEvent(event.detail)
      if (!result.ok) {
        const detail = result.reason === 'invalid' ? result.error.message : result.reason
        failures.push(`${event.detailType}: ${detail}`)
        continue
      }
      if (result.source !== event.source) failures.push(`${event.detailType}: source ${event.source}`)
      if (event.detail.eventType !== event.detailType) failures.push(`${event.detailType}: eventType mismatch`)
      expect(UPSTREAM_EVENTS[event.detailType].source).toBe(event.source)
    }
    expect(failures).toEqual([])
  })

  it('emits the documented event types, one prisoner.received per prisoner', () => {
    const types = new Set(estate.events.map(event => event.detailType))
    expect([...types].sort()).toEqual([...DEMO_EVENT_TYPES].sort())
    expect(received).toHaveLength(OPTIONS.prisoners)
    const counts = Object.fromEntries(DEMO_EVENT_TYPES.map(type => [type, eventsOfType(estate.events, type).length]))
    // "most" prisoners have probation events, "some" a COM or parole reviews
    expect(counts['probation-case.details.changed']).toBeGreaterThan(OPTIONS.prisoners * 0.8)
    expect(counts['probation-case.registration.added']).toBeGreaterThan(OPTIONS.prisoners * 0.75)
    expect(counts['assessment.summary.produced']).toBeGreaterThan(OPTIONS.prisoners * 0.7)
    expect(counts['probation-case.convictions.changed']).toBeGreaterThan(OPTIONS.prisoners * 0.8)
    expect(counts['person.community.manager.allocated']).toBeGreaterThan(OPTIONS.prisoners * 0.2)
    expect(counts['parole.review.updated']).toBeGreaterThan(OPTIONS.prisoners * 0.1)
  })

  it('occurredAt falls on the day before today and increases event by event', () => {
    const timestamps = estate.events.map(event => event.detail.occurredAt)
    for (const timestamp of timestamps) expect(timestamp.startsWith('2026-11-22T')).toBe(true)
    expect([...timestamps].sort()).toEqual(timestamps)
    expect(new Set(timestamps).size).toBe(timestamps.length)
  })

  it('probation snapshots and identifiers agree with the prisoner summary', () => {
    const byCrn = new Map(estate.prisoners.filter(p => p.crn).map(p => [p.crn, p]))
    for (const event of eventsOfType(estate.events, 'probation-case.details.changed')) {
      const snapshot = event.detail.additionalInformation.snapshot
      const prisoner = byCrn.get(snapshot?.crn ?? null)
      expect(prisoner).toBeDefined()
      expect(snapshot?.nomsNumber).toBe(prisoner?.nomsNumber)
      expect(snapshot?.pduCode).toBe(prisoner?.pduCode)
      expect(snapshot?.mappaLevel).toBe(prisoner?.mappaLevel)
    }
    for (const event of eventsOfType(estate.events, 'person.community.manager.allocated')) {
      const com = estate.coms.find(c => c.staffCode === event.detail.additionalInformation.staffCode)
      expect(com?.grade).toBe(event.detail.additionalInformation.snapshot?.grade)
    }
  })
})

describe('demo estate: a realistic mix', () => {
  it('NOMS numbers and CRNs are unique and well-formed', () => {
    const noms = estate.prisoners.map(p => p.nomsNumber)
    const crns = estate.prisoners.flatMap(p => (p.crn ? [p.crn] : []))
    expect(new Set(noms).size).toBe(noms.length)
    expect(new Set(crns).size).toBe(crns.length)
    for (const value of noms) expect(value).toMatch(NOMS_NUMBER)
    for (const value of crns) expect(value).toMatch(CRN)
    expect(crns.length).toBeGreaterThan(OPTIONS.prisoners * 0.8)
  })

  it('has every sentence kind, with the matching NOMIS legal status', () => {
    const kinds = new Set(estate.prisoners.map(p => p.sentenceKind))
    expect([...kinds].sort()).toEqual(Object.values(SENTENCE_KINDS).sort())
    const statusOf = (kind: string) =>
      new Set(estate.prisoners.filter(p => p.sentenceKind === kind).map(p => p.legalStatus))
    expect(statusOf('LIFE')).toEqual(new Set(['INDETERMINATE_SENTENCE']))
    expect(statusOf('IPP')).toEqual(new Set(['INDETERMINATE_SENTENCE']))
    expect(statusOf('RECALL')).toEqual(new Set(['RECALL']))
    expect(statusOf('IMMIGRATION')).toEqual(new Set(['IMMIGRATION_DETAINEE']))
    expect(statusOf('REMAND')).toEqual(new Set(['REMAND']))
    for (const p of estate.prisoners.filter(p => p.sentenceKind === 'IMMIGRATION')) {
      expect(p.imprisonmentStatus).toBe('DET')
    }
    expect(estate.prisoners.filter(p => !p.inOmicPolicy).every(p => p.sentenceKind === 'REMAND')).toBe(true)
  })

  it('sentence dates fit the kind', () => {
    const today = toDay(OPTIONS.today)
    for (const snapshot of prisonerSnapshots) {
      const ssd = snapshot.sentenceStartDate
      if (snapshot.prisonArrivalDate && ssd) expect(snapshot.prisonArrivalDate >= ssd).toBe(true)
      expect(toDay(snapshot.dateOfBirth)).toBeLessThanOrEqual(addMonthsToDay(today, -12 * 18))
      if (snapshot.legalStatus === 'INDETERMINATE_SENTENCE') {
        expect(snapshot.tariffDate).not.toBeNull()
        expect(snapshot.releaseDate).toBeNull()
        expect(snapshot.indeterminateSentence).toBe(true)
      }
      if (snapshot.legalStatus === 'REMAND') expect(ssd).toBeNull()
    }
    const byNoms = new Map(prisonerSnapshots.map(s => [s.nomsNumber, s]))
    for (const p of estate.prisoners) {
      const snapshot = byNoms.get(p.nomsNumber)
      if (!snapshot?.sentenceStartDate) continue
      const release = snapshot.automaticReleaseDate ?? snapshot.conditionalReleaseDate
      if (!release) continue
      const tenMonths = addMonthsToDay(toDay(snapshot.sentenceStartDate), 10)
      if (p.sentenceKind === 'DETERMINATE_SHORT') expect(toDay(release)).toBeLessThanOrEqual(tenMonths)
      if (p.sentenceKind === 'DETERMINATE') expect(toDay(release)).toBeGreaterThan(tenMonths)
      if (p.sentenceKind === 'DETERMINATE_PAROLE') expect(snapshot.paroleEligibilityDate).not.toBeNull()
    }
    const withThd = estate.prisoners.filter(p => p.indeterminate && p.earliestReleaseDate)
    expect(withThd.length).toBeGreaterThan(0)
  })

  it('release dates are spread over the next three years, so handover lists fill up', () => {
    const today = toDay(OPTIONS.today)
    const buckets = [0, 0, 0]
    for (const p of estate.prisoners) {
      if (!p.earliestReleaseDate || p.indeterminate) continue
      const day = toDay(p.earliestReleaseDate)
      for (let year = 0; year < 3; year++) {
        if (day > addMonthsToDay(today, 12 * year) && day <= addMonthsToDay(today, 12 * (year + 1)))
          buckets[year] = (buckets[year] ?? 0) + 1
      }
    }
    for (const count of buckets) expect(count).toBeGreaterThan(OPTIONS.prisoners * 0.08)
    // some cases are within 8½ months of release without a COM: they show on the handover lists
    const soon = estate.prisoners.filter(
      p => p.earliestReleaseDate && toDay(p.earliestReleaseDate) - today < 260 && toDay(p.earliestReleaseDate) > today,
    )
    expect(soon.filter(p => p.comStaffCode).length).toBeGreaterThan(0)
    expect(soon.filter(p => !p.comStaffCode).length).toBeGreaterThan(0)
  })

  it("has men's local, trainer and open prisons and women's prisons, each holding prisoners of its gender", () => {
    const estates = new Set(estate.prisons.map(prison => prison.estate))
    expect(estates).toEqual(new Set(['male-local', 'male-trainer', 'male-open', 'female-closed', 'female-open']))
    const open = estate.prisons.filter(prison => prison.open && !prison.womens).map(prison => prison.prisonId)
    const womens = estate.prisons.filter(prison => prison.womens).map(prison => prison.prisonId)
    expect(open.every(id => 'HDI HBI HVI KMI KVI LYI NSI UPI SPI EHI SUI TCI FDI'.split(' ').includes(id))).toBe(true)
    expect(womens.every(id => 'AGI BZI DHI DWI ESI EWI FHI LNI NHI PFI SDI STI'.split(' ').includes(id))).toBe(true)
    for (const prison of estate.prisons) {
      const held = prisonerSnapshots.filter(s => s.prisonId === prison.prisonId)
      expect(held.length, prison.prisonId).toBeGreaterThan(0)
      expect(held.every(s => s.gender === prison.gender)).toBe(true)
    }
    expect(prisonerSnapshots.some(s => s.prisonId === 'ESI' && s.category === 'T')).toBe(true)
    expect(prisonerSnapshots.some(s => open.includes(s.prisonId) && s.indeterminateSentence)).toBe(true)
  })

  it('POMs: probation and prison POMs at every prison, some part-time, some unavailable', () => {
    for (const prison of estate.prisons) {
      const poms = estate.poms.filter(pom => pom.prisonId === prison.prisonId)
      expect(poms.some(pom => pom.grade === 'PO' && pom.status === 'active')).toBe(true)
      expect(poms.some(pom => pom.grade === 'PRO' && pom.status === 'active')).toBe(true)
    }
    expect(estate.poms.some(pom => pom.workingPattern < 1)).toBe(true)
    expect(estate.poms.some(pom => pom.status === 'unavailable')).toBe(true)
    expect(new Set(estate.poms.map(pom => pom.staffId)).size).toBe(estate.poms.length)
    expect(new Set(estate.poms.map(pom => pom.email)).size).toBe(estate.poms.length)
  })

  it('COMs: every grade in every team, with contracted hours', () => {
    for (const team of estate.teams) {
      const grades = new Set(estate.coms.filter(com => com.teamCode === team.teamCode).map(com => com.grade))
      expect([...grades].sort(), team.teamCode).toEqual(['PO', 'PQiP', 'PSO', 'SPO'])
    }
    for (const com of estate.coms) {
      expect(com.contractedHours).toBeGreaterThan(0)
      expect(com.reductionHours).toBeLessThanOrEqual(com.contractedHours)
    }
    expect(new Set(estate.coms.map(com => com.staffCode)).size).toBe(estate.coms.length)
    expect(new Set(estate.pdus.map(pdu => pdu.probationService))).toEqual(new Set(['England', 'Wales']))
  })

  it('assessments carry need answers and OGRS4 predictors tiering can use', () => {
    const assessments = eventsOfType(estate.events, 'assessment.summary.produced').map(
      event => event.detail.additionalInformation.snapshot,
    )
    expect(assessments.some(a => a?.predictors?.directContactSexualReoffending?.band === 'HIGH')).toBe(true)
    expect(assessments.some(a => a?.predictors === null)).toBe(true)
    expect(assessments.some(a => a?.sections.accommodation === null)).toBe(true)
    for (const assessment of assessments) {
      const dcSrp = assessment?.predictors?.directContactSexualReoffending
      // a Medium DC-SRP below 0.60 would make the tier calculation fail (tiering.md §3)
      if (dcSrp?.band === 'MEDIUM') expect(dcSrp.score ?? 0).toBeGreaterThanOrEqual(0.6)
    }
    const registrations = eventsOfType(estate.events, 'probation-case.registration.added').flatMap(
      event => event.detail.additionalInformation.snapshot?.registrations ?? [],
    )
    const codes = new Set(registrations.map(r => r.code))
    for (const code of ['RLRH', 'RMRH', 'RHRH', 'RVHR', 'MAPP', 'INLL', 'RMDO', 'ADVP']) expect(codes).toContain(code)
  })
})

describe('demo estate: scale', () => {
  it('generates 100,000 prisoners with unique identifiers', { timeout: 120_000 }, () => {
    const big = generateEstate({ prisoners: 100_000, seed: 7, today: OPTIONS.today })
    expect(big.prisoners).toHaveLength(100_000)
    expect(new Set(big.prisoners.map(p => p.nomsNumber)).size).toBe(100_000)
    const crns = big.prisoners.flatMap(p => (p.crn ? [p.crn] : []))
    expect(new Set(crns).size).toBe(crns.length)
    expect(eventsOfType(big.events, 'prisoner-offender-search.prisoner.received')).toHaveLength(100_000)
    expect(big.events.length).toBeGreaterThan(400_000)
    expect(new Set(big.coms.map(com => com.staffCode)).size).toBe(big.coms.length)
  })

  it('streams events without building the estate', { timeout: 120_000 }, () => {
    let count = 0
    for (const _event of generateEvents({ prisoners: 20_000, seed: 7, today: OPTIONS.today })) count++
    expect(count).toBeGreaterThan(80_000)
  })
})
