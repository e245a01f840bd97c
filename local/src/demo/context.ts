/** What every prisoner of one estate shares: the seed, today, the staff indexed, the pools and identifier offsets. */
import { makeSectionPools, type SectionPools } from './assessment'
import { toDay } from './calendar'
import { identifierOffsets } from './identifiers'
import type { DemoCom, DemoPdu, DemoStaff } from './staff'
import type { EstateOptions } from './types'

export interface Context {
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

export function makeContext(options: EstateOptions, staff: DemoStaff): Context {
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
