/** Demo staff: POMs per prison and COMs per probation team, sized to the prison population (not seeded: see generateStaff). */
import type { ComGrade, ProbationService } from '@omic/contracts'
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES } from './names'
import { hash32, Rng } from './prng'
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
/** NOMIS staff id of the first POM; the others follow position by position across the prisons. */
const FIRST_POM_STAFF_ID = 485_001

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

/** Builds unique `first.last@domain` addresses, numbering repeats in the order it is called. */
function emailMaker(domain: string): (firstName: string, lastName: string) => string {
  const seen = new Map<string, number>()
  return (firstName, lastName) => {
    const local = `${slug(firstName)}.${slug(lastName)}`
    const count = (seen.get(local) ?? 0) + 1
    seen.set(local, count)
    return `${count === 1 ? local : `${local}${count}`}@${domain}`
  }
}

/**
 * nDelius-style staff code of the `position`-th COM of a provider's `team`-th team: provider + a letter for the team
 * + 3 digits (N54A017); from the 26th team or the 1,000th COM of a team, Z + the team in 2 digits + the position.
 */
function comStaffCode(providerCode: string, team: number, position: number): string {
  if (team >= 25 || position >= 1000) {
    return `${providerCode}Z${String(team).padStart(2, '0')}${String(position).padStart(4, '0')}`
  }
  return `${providerCode}${String.fromCharCode(65 + team)}${String(position).padStart(3, '0')}`
}

function pomStaffId(position: number, prisonIndex: number): number {
  return FIRST_POM_STAFF_ID + position * DEMO_PRISONS.length + prisonIndex
}

/**
 * The demo's POMs and COMs for an estate of `prisoners`. Staff do not depend on the estate's seed: a staff id (a POM's
 * NOMIS id, a COM's staff code) is always the same person — name, email, prison or team, grade, hours — and a bigger
 * estate only adds people after those of a smaller one. So seeding more into a running system never describes an
 * already registered staff member as somebody else.
 *
 * Each person is drawn from their own generator (keyed by their place in the roster), and email addresses are
 * numbered over the whole, unbounded roster in its order (position by position across prisons or teams), so an
 * address depends only on the people before its owner, never on how many come after.
 */
export function generateStaff(options: { prisoners: number }): DemoStaff {
  const { prisoners } = options
  const prisons = DEMO_PRISONS.map(prison => ({ ...prison }))
  const prisonWeight = prisons.reduce((sum, prison) => sum + prison.weight, 0)

  const pomCounts = prisons.map(prison =>
    Math.max(4, Math.ceil((prisoners * prison.weight) / prisonWeight / PRISONERS_PER_POM)),
  )
  const pomsByPrison: DemoPom[][] = prisons.map(() => [])
  const pomEmail = emailMaker('prison.example')
  for (let j = 0; j < Math.max(...pomCounts); j++) {
    prisons.forEach((prison, prisonIndex) => {
      const staffId = pomStaffId(j, prisonIndex)
      const rng = new Rng(hash32(STREAM_POMS, staffId))
      const female = rng.chance(prison.womens ? 0.7 : 0.4)
      const firstName = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)
      const lastName = rng.pick(LAST_NAMES)
      // numbered over the whole roster, whether or not this estate is big enough to include this POM
      const email = pomEmail(firstName, lastName)
      if (j >= (pomCounts[prisonIndex] ?? 0)) return
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
      pomsByPrison[prisonIndex]?.push({
        staffId,
        firstName,
        lastName,
        email,
        prisonId: prison.prisonId,
        grade,
        positionDescription: grade === 'PO' ? 'Probation Officer' : 'Prison Officer',
        hoursPerWeek,
        workingPattern: Math.min(Math.floor((hoursPerWeek / FULL_TIME_HOURS_PER_WEEK) * 10) / 10, 1),
        status,
      })
    })
  }
  const poms = pomsByPrison.flat()

  const pduWeight = DEMO_PDUS.reduce((sum, pdu) => sum + pdu.weight, 0)
  const pdus: DemoPdu[] = []
  const teams: DemoTeam[] = []
  /** Every team in reference-data order, with its place among its provider's teams and its size in this estate. */
  const rosterTeams: { team: DemoTeam; providerCode: string; providerTeam: number; size: number }[] = []
  const providerTeams = new Map<string, number>()
  for (const spec of DEMO_PDUS) {
    const teamsInPdu = spec.ldus.length * TEAMS_PER_LDU
    const casesPerTeam = (prisoners * 0.9 * spec.weight) / pduWeight / teamsInPdu
    const size = Math.max(TEAM_GRADES.length / 2, Math.ceil(casesPerTeam / CASES_PER_COM))
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
        const providerTeam = providerTeams.get(spec.providerCode) ?? 0
        providerTeams.set(spec.providerCode, providerTeam + 1)
        rosterTeams.push({ team, providerCode: spec.providerCode, providerTeam, size })
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
  }

  const comsByTeam: DemoCom[][] = rosterTeams.map(() => [])
  const comEmail = emailMaker('probation.example')
  for (let j = 0; j < Math.max(...rosterTeams.map(t => t.size)); j++) {
    rosterTeams.forEach(({ team, providerCode, providerTeam, size }, teamIndex) => {
      const rng = new Rng(hash32(STREAM_COMS, teamIndex, j))
      const grade = TEAM_GRADES[j % TEAM_GRADES.length] ?? 'PO'
      const female = rng.chance(0.65)
      const firstName = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)
      const lastName = rng.pick(LAST_NAMES)
      const email = comEmail(firstName, lastName)
      if (j >= size) return
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
      comsByTeam[teamIndex]?.push({
        staffCode: comStaffCode(providerCode, providerTeam, j),
        firstName,
        lastName,
        name: `${firstName} ${lastName}`,
        email,
        grade,
        teamCode: team.teamCode,
        lduCode: team.lduCode,
        pduCode: team.pduCode,
        contractedHours,
        reductionHours: Math.min(reductionHours, contractedHours),
      })
    })
  }
  const coms = comsByTeam.flat()

  return { prisons, pdus, teams, poms, coms }
}
