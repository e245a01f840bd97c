/** The fixed shape of the demo estate: prisons and probation delivery units (synthetic codes, real-style names). */
import type { ProbationService } from '@omic/contracts'

export const PRISON_ESTATES = {
  maleLocal: 'male-local',
  maleTrainer: 'male-trainer',
  maleOpen: 'male-open',
  femaleClosed: 'female-closed',
  femaleOpen: 'female-open',
} as const
export type PrisonEstate = (typeof PRISON_ESTATES)[keyof typeof PRISON_ESTATES]

export interface DemoPrison {
  prisonId: string
  name: string
  estate: PrisonEstate
  /** Category B local, category C trainer, open, women's closed/open. */
  description: string
  gender: 'Male' | 'Female'
  womens: boolean
  /** Men's open estate (handover.md §c open-prison rules) or a women's open prison. */
  open: boolean
  country: ProbationService
  /** Share of the population held here. */
  weight: number
}

/** Prison codes are NOMIS agency codes; the women's and men's open codes are those listed in handover.md §a.3. */
export const DEMO_PRISONS: readonly DemoPrison[] = [
  {
    prisonId: 'LEI',
    name: 'HMP Leeds',
    estate: 'male-local',
    description: "men's category B local",
    gender: 'Male',
    womens: false,
    open: false,
    country: 'England',
    weight: 24,
  },
  {
    prisonId: 'MDI',
    name: 'HMP Moorland',
    estate: 'male-trainer',
    description: "men's category C trainer",
    gender: 'Male',
    womens: false,
    open: false,
    country: 'England',
    weight: 20,
  },
  {
    prisonId: 'BWI',
    name: 'HMP Berwyn',
    estate: 'male-trainer',
    description: "men's category C trainer (Wales)",
    gender: 'Male',
    womens: false,
    open: false,
    country: 'Wales',
    weight: 16,
  },
  {
    prisonId: 'HDI',
    name: 'HMP Hatfield',
    estate: 'male-open',
    description: "men's open (category D)",
    gender: 'Male',
    womens: false,
    open: true,
    country: 'England',
    weight: 8,
  },
  {
    prisonId: 'UPI',
    name: 'HMP Prescoed',
    estate: 'male-open',
    description: "men's open (category D, Wales)",
    gender: 'Male',
    womens: false,
    open: true,
    country: 'Wales',
    weight: 4,
  },
  {
    prisonId: 'NHI',
    name: 'HMP New Hall',
    estate: 'female-closed',
    description: "women's closed",
    gender: 'Female',
    womens: true,
    open: false,
    country: 'England',
    weight: 9,
  },
  {
    prisonId: 'ESI',
    name: 'HMP East Sutton Park',
    estate: 'female-open',
    description: "women's open",
    gender: 'Female',
    womens: true,
    open: true,
    country: 'England',
    weight: 3,
  },
]

export interface DemoLduSpec {
  lduCode: string
  lduName: string
}

export interface DemoPduSpec {
  /** nDelius provider (region) code, prefix of staff codes. */
  providerCode: string
  pduCode: string
  pduName: string
  probationService: ProbationService
  ldus: readonly DemoLduSpec[]
  weight: number
}

export const DEMO_PDUS: readonly DemoPduSpec[] = [
  {
    providerCode: 'N54',
    pduCode: 'N54LDS',
    pduName: 'Leeds',
    probationService: 'England',
    ldus: [
      { lduCode: 'N54LDSN', lduName: 'Leeds North and East' },
      { lduCode: 'N54LDSS', lduName: 'Leeds South and West' },
    ],
    weight: 18,
  },
  {
    providerCode: 'N54',
    pduCode: 'N54BRC',
    pduName: 'Bradford and Calderdale',
    probationService: 'England',
    ldus: [{ lduCode: 'N54BRCB', lduName: 'Bradford' }],
    weight: 12,
  },
  {
    providerCode: 'N54',
    pduCode: 'N54SHF',
    pduName: 'Sheffield',
    probationService: 'England',
    ldus: [{ lduCode: 'N54SHFC', lduName: 'Sheffield City' }],
    weight: 12,
  },
  {
    providerCode: 'N53',
    pduCode: 'N53NTC',
    pduName: 'Nottingham City',
    probationService: 'England',
    ldus: [{ lduCode: 'N53NTCC', lduName: 'Nottingham Central' }],
    weight: 10,
  },
  {
    providerCode: 'N07',
    pduCode: 'N07CAI',
    pduName: 'Camden and Islington',
    probationService: 'England',
    ldus: [
      { lduCode: 'N07CAIC', lduName: 'Camden' },
      { lduCode: 'N07CAII', lduName: 'Islington' },
    ],
    weight: 14,
  },
  {
    providerCode: 'N03',
    pduCode: 'N03CAV',
    pduName: 'Cardiff and the Vale',
    probationService: 'Wales',
    ldus: [{ lduCode: 'N03CAVC', lduName: 'Cardiff' }],
    weight: 9,
  },
  {
    providerCode: 'N03',
    pduCode: 'N03NWL',
    pduName: 'North Wales',
    probationService: 'Wales',
    ldus: [{ lduCode: 'N03NWLW', lduName: 'Wrexham and Flintshire' }],
    weight: 7,
  },
]

/** Teams per LDU. */
export const TEAMS_PER_LDU = 2
