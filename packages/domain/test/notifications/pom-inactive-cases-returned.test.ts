import { describe, expect, it } from 'vitest'
import {
  caseCountText,
  type EmailResult,
  type Personalisation,
  pomInactiveCasesReturnedEmail,
  RECIPIENT_RULES,
  renderEmail,
  returnedCaseList,
  TEMPLATES,
} from '../../src/notifications'

function values(result: EmailResult): Personalisation {
  if (!result.ok) throw new Error(`invalid: ${JSON.stringify(result.error)}`)
  return result.value.personalisation
}
function missing(result: EmailResult): string[] {
  if (result.ok) throw new Error('expected violations')
  return result.error.map(v => v.field)
}

const facts = {
  spoName: 'hana okoro',
  pomName: 'Amara Obi',
  prisonName: 'HMP Leeds',
  cases: [
    { nomsNumber: 'G4821KT', prisonerName: 'Sam Hill' },
    { nomsNumber: 'A1234BC', prisonerName: 'Dami Okafor' },
  ],
  url: 'https://portal.example/prisons/LEI/unallocated',
}

describe('18 pom-inactive-cases-returned (ours)', () => {
  it('is catalogue row 18, to the acting SPO (a staff email they may opt out of)', () => {
    const t = TEMPLATES['pom-inactive-cases-returned']
    expect(t.catalogueNumber).toBe(18)
    expect(t.recipients).toEqual([RECIPIENT_RULES.actingSpo])
  })

  it('greets the SPO by first name and lists each case as "Name (NOMS)", by name, with the count', () => {
    expect(values(pomInactiveCasesReturnedEmail(facts))).toEqual({
      spo_first_name: 'Hana',
      pom_name: 'Amara Obi',
      prison_name: 'HMP Leeds',
      case_count: '2 cases',
      cases: 'Dami Okafor (A1234BC)\nSam Hill (G4821KT)',
      url: 'https://portal.example/prisons/LEI/unallocated',
    })
  })

  it('renders the summary', () => {
    const result = pomInactiveCasesReturnedEmail({ ...facts, cases: facts.cases.slice(0, 1) })
    if (!result.ok) throw new Error('invalid')
    expect(renderEmail(result.value)).toEqual({
      subject: 'Cases have returned to the unallocated list',
      body:
        'Dear Hana,\n\nAmara Obi is now inactive (away from work) at HMP Leeds, so the cases they held as primary POM ' +
        'have returned to the unallocated list (1 case):\nSam Hill (G4821KT)\n\n' +
        'Allocate a new POM to each case: https://portal.example/prisons/LEI/unallocated',
    })
  })

  it('greets an SPO whose name is not known as "colleague"', () => {
    expect(values(pomInactiveCasesReturnedEmail({ ...facts, spoName: null })).spo_first_name).toBe('colleague')
    expect(values(pomInactiveCasesReturnedEmail({ ...facts, spoName: '  ' })).spo_first_name).toBe('colleague')
  })

  it('needs the POM’s name and at least one case', () => {
    expect(missing(pomInactiveCasesReturnedEmail({ ...facts, pomName: null }))).toEqual(['pom_name'])
    expect(missing(pomInactiveCasesReturnedEmail({ ...facts, pomName: ' ' }))).toEqual(['pom_name'])
    expect(missing(pomInactiveCasesReturnedEmail({ ...facts, cases: [] })).sort()).toEqual(['case_count', 'cases'])
    expect(missing(pomInactiveCasesReturnedEmail({ ...facts, url: '' }))).toEqual(['url'])
  })

  it('lists a case once, however often it was reported, and a name not known yet as "Unknown"', () => {
    expect(
      returnedCaseList([
        { nomsNumber: 'B2000BB', prisonerName: null },
        { nomsNumber: 'A1234BC', prisonerName: 'Dami Okafor' },
        { nomsNumber: 'A1234BC', prisonerName: 'Dami Okafor' },
        { nomsNumber: 'C3000CC', prisonerName: null },
        { nomsNumber: 'C3000CC', prisonerName: 'Ade Bello' },
      ]),
    ).toBe('Ade Bello (C3000CC)\nDami Okafor (A1234BC)\nUnknown (B2000BB)')
    const repeated = pomInactiveCasesReturnedEmail({ ...facts, cases: [...facts.cases, ...facts.cases] })
    expect(values(repeated).case_count).toBe('2 cases')
  })

  it('counts in words', () => {
    expect(caseCountText(1)).toBe('1 case')
    expect(caseCountText(12)).toBe('12 cases')
  })
})
