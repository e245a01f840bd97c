/** Demo staff: POMs per prison and COMs per probation team, sized to the prison population. */
import type { ComGrade, ProbationService } from '@omic/contracts'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names'
import { rngFor } from './prng'
import { DEMO_PDUS, DEMO_PRISONS, type DemoPrison, TEAMS_PER_LDU } from './reference-data'

/** POM grades: the NOMIS staff-role position, `PO` probation-officer POM, `PRO` prison-officer POM. */
export const POM_GRADES = { probation: 'PO', prison: 'PRO' } as const
export type PomGrade = (typeof POM_GRADES)[keyof typeof POM_GRADES]

export const POM_STATUSES = {
  active: 'active',
  unavailable: 'unavailable',
  inactive: 'inactive',
} as const
export type PomStatus = (typeof POM_STATUSES)[keyof typeof POM_STATUSES]

export const FULL_TIME_HOURS_PER_WEEK = 37.5

export interface DemoPom {
  /** NOMIS staff id. */
  staffId: number
  firstName: string
  lastName: string
  email: string
  prisonId: string
  /** `PO` probation-officer POM, `PRO` prison-officer POM (allocation.md §1.1). */
  grade: PomGrade
  /** NOMIS position description; its first word + " POM" is the displayed grade. */
  positionDescription: 'Probation Officer' | 'Prison Officer'
  hoursPerWeek: number
  /** FTE 0.1–1.0 (allocation.md §4.1). */
  workingPattern: number
  status: PomStatus
}

export interface DemoTeam {
  teamCode: string
  teamName: string
  lduCode: string
  pduCode: string
}

export interface DemoLdu {
  lduCode: string
  lduName: string
  lduEmail: string
  pduCode: string
  teams: DemoTeam[]
}

export interface DemoPdu {
  providerCode: string
  pduCode: string
  pduName: string
  probationService: ProbationService
  ldus: DemoLdu[]
  weight: number
}

export interface DemoCom {
  /** nDelius staff code. */
  staffCode: string
  firstName: string
  lastName: string
  name: string
  email: string
  grade: ComGrade
  teamCode: string
  lduCode: string
  pduCode: string
  contractedHours: number
  reductionHours: number
}

export interface DemoStaff {
  prisons: DemoPrison[]
  pdus: DemoPdu[]
  teams: DemoTeam[]
  poms: DemoPom[]
  coms: DemoCom[]
}

const STREAM_POMS = 101
const STREAM_COMS = 102
/** Prisoners per POM and cases per COM used to size the rosters. */
const PRISONERS_PER_POM = 25
const CASES_PER_COM = 30
/** Grades of a team's COMs in order: every team of at least 5 has an SPO, POs, a PSO and a PQiP. */
const TEAM_GRADES: readonly ComGrade[] = ['SPO', 'PO', 'PSO', 'PQiP', 'PO', 'PSO', 'PO', 'PSO', 'PQiP', 'PO']

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** Builds unique `first.last@domain` addresses, numbering repeats. */
function emailMaker(domain: string): (firstName: string, lastName: string) => string {
  const seen = new Map<string, number>()
  return (firstName, lastName) => {
    const local = `${slug(firstName)}.${slug(lastName)}`
    const count = (seen.get(local) ?? 0) + 1
    seen.set(local, count)
    return `${count === 1 ? local : `${local}${count}`}@${domain}`
  }
}

/** nDelius-style staff code: provider + letter + 3 digits (N54A017); beyond 26,000 per provider, Z + a number. */
function comStaffCode(providerCode: string, sequence: number): string {
  if (sequence >= 26_000) return `${providerCode}Z${sequence}`
  return `${providerCode}${String.fromCharCode(65 + Math.floor(sequence / 1000))}${String(sequence % 1000).padStart(3, '0')}`
}

export function generateStaff(options: { prisoners: number; seed: number }): DemoStaff {
  const { prisoners, seed } = options
  const prisons = DEMO_PRISONS.map(prison => ({ ...prison }))
  const prisonWeight = prisons.reduce((sum, prison) => sum + prison.weight, 0)

  const poms: DemoPom[] = []
  const pomEmail = emailMaker('prison.example')
  let staffId = 485_001
  prisons.forEach((prison, prisonIndex) => {
    const rng = rngFor(seed, STREAM_POMS, prisonIndex)
    const count = Math.max(4, Math.ceil((prisoners * prison.weight) / prisonWeight / PRISONERS_PER_POM))
    for (let j = 0; j < count; j++) {
      const female = rng.chance(prison.womens ? 0.7 : 0.4)
      const firstName = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)
      const lastName = rng.pick(LAST_NAMES)
      // the first two are a full-time, available PO and PRO; the third is part-time, and every other prison's
      // fourth is unavailable for new cases; the rest are a random mix
      const grade: PomGrade = j === 0 ? 'PO' : j === 1 ? 'PRO' : rng.chance(0.4) ? 'PO' : 'PRO'
      const hoursPerWeek =
        j === 2 || (j > 2 && rng.chance(0.15)) ? rng.pick([15, 18.75, 22.5, 30]) : FULL_TIME_HOURS_PER_WEEK
      const status: PomStatus =
        j < 2
          ? 'active'
          : j === 3 && prisonIndex % 2 === 0
            ? 'unavailable'
            : rng.weighted([
                ['active', 86],
                ['unavailable', 9],
                ['inactive', 5],
              ])
      poms.push({
        staffId: staffId++,
        firstName,
        lastName,
        email: pomEmail(firstName, lastName),
        prisonId: prison.prisonId,
        grade,
        positionDescription: grade === 'PO' ? 'Probation Officer' : 'Prison Officer',
        hoursPerWeek,
        workingPattern: Math.min(Math.floor((hoursPerWeek / FULL_TIME_HOURS_PER_WEEK) * 10) / 10, 1),
        status,
      })
    }
  })

  const pduWeight = DEMO_PDUS.reduce((sum, pdu) => sum + pdu.weight, 0)
  const pdus: DemoPdu[] = []
  const teams: DemoTeam[] = []
  const coms: DemoCom[] = []
  const comEmail = emailMaker('probation.example')
  const staffSequence = new Map<string, number>()
  DEMO_PDUS.forEach((spec, pduIndex) => {
    const rng = rngFor(seed, STREAM_COMS, pduIndex)
    const teamsInPdu = spec.ldus.length * TEAMS_PER_LDU
    const casesPerTeam = (prisoners * 0.9 * spec.weight) / pduWeight / teamsInPdu
    const teamSize = Math.max(TEAM_GRADES.length / 2, Math.ceil(casesPerTeam / CASES_PER_COM))
    const ldus: DemoLdu[] = spec.ldus.map(ldu => {
      const lduTeams: DemoTeam[] = []
      for (let t = 1; t <= TEAMS_PER_LDU; t++) {
        const team = {
          teamCode: `${ldu.lduCode}T${t}`,
          teamName: `${ldu.lduName} Offender Management ${t}`,
          lduCode: ldu.lduCode,
          pduCode: spec.pduCode,
        }
        lduTeams.push(team)
        teams.push(team)
        for (let j = 0; j < teamSize; j++) {
          const grade = TEAM_GRADES[j % TEAM_GRADES.length] ?? 'PO'
          const female = rng.chance(0.65)
          const firstName = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)
          const lastName = rng.pick(LAST_NAMES)
          const sequence = staffSequence.get(spec.providerCode) ?? 0
          staffSequence.set(spec.providerCode, sequence + 1)
          const contractedHours =
            grade === 'SPO'
              ? 37
              : rng.weighted([
                  [37, 70],
                  [30, 12],
                  [22.5, 10],
                  [18.5, 8],
                ])
          const reductionHours =
            grade === 'PQiP'
              ? rng.pick([29.6, 22.2, 14.8])
              : rng.weighted([
                  [0, 85],
                  [3.7, 10],
                  [7.4, 5],
                ])
          coms.push({
            staffCode: comStaffCode(spec.providerCode, sequence),
            firstName,
            lastName,
            name: `${firstName} ${lastName}`,
            email: comEmail(firstName, lastName),
            grade,
            teamCode: team.teamCode,
            lduCode: ldu.lduCode,
            pduCode: spec.pduCode,
            contractedHours,
            reductionHours: Math.min(reductionHours, contractedHours),
          })
        }
      }
      return {
        lduCode: ldu.lduCode,
        lduName: ldu.lduName,
        lduEmail: `${slug(ldu.lduName)}-omu@probation.example`,
        pduCode: spec.pduCode,
        teams: lduTeams,
      }
    })
    pdus.push({
      providerCode: spec.providerCode,
      pduCode: spec.pduCode,
      pduName: spec.pduName,
      probationService: spec.probationService,
      ldus,
      weight: spec.weight,
    })
  })

  return { prisons, pdus, teams, poms, coms }
}
