import { describe, expect, it } from 'vitest'
import {
  bulkAllocationsEmail,
  comAllocatedEmail,
  comAllocationOverdueEmail,
  coworkingAllocatedCoworkerEmail,
  coworkingAllocatedPrimaryEmail,
  coworkingRemovedEmail,
  type EmailResult,
  earlyAllocationEmail,
  firstNameOf,
  formatLongDate,
  fullName,
  handoverDateEmail,
  longDateOr,
  NO_ALLOCATED_POM,
  newAllocationEmail,
  offenderDeallocatedEmail,
  ogrsLevel,
  openPrisonSupportingComNeededEmail,
  type Personalisation,
  pipelineToCommunityEmail,
  reallocationPreviousPomEmail,
  renderEmail,
  responsibilityOverrideEmail,
  responsibilityOverrideRemovedEmail,
  reviewEarlyAllocationEmail,
  rsrLevel,
  shortSentenceComNeededEmail,
  titleise,
  upcomingHandoverWindowEmail,
  urgentPipelineToCommunityEmail,
} from '../../src/notifications'

const prisoner = { nomsNumber: 'G4821KT', name: 'Dami Okafor' }
const nameless = { nomsNumber: 'G4821KT', name: null }

function values(result: EmailResult): Personalisation {
  if (!result.ok) throw new Error(`invalid: ${JSON.stringify(result.error)}`)
  return result.value.personalisation
}
function missing(result: EmailResult): string[] {
  if (result.ok) throw new Error('expected violations')
  return result.error.map(v => v.field)
}

describe('formats', () => {
  it('writes dates as "9 April 2021" and missing ones as "Unknown" or a given default', () => {
    expect(formatLongDate('2021-04-09')).toBe('9 April 2021')
    expect(formatLongDate('2024-12-31')).toBe('31 December 2024')
    expect(longDateOr(null)).toBe('Unknown')
    expect(longDateOr(undefined, 'n/a')).toBe('n/a')
    expect(() => formatLongDate('2021-02-30')).toThrow(RangeError)
  })

  it('titleises names and takes first names', () => {
    expect(titleise("JOHN o'NEIL-SMITH")).toBe("John O'Neil-Smith")
    expect(fullName('DAMI', 'okafor')).toBe('Dami Okafor')
    expect(fullName(null, ' ')).toBeNull()
    expect(firstNameOf('  anne marie ')).toBe('Anne')
    expect(firstNameOf(null)).toBeNull()
  })
})

describe('1 new-allocation', () => {
  const facts = {
    pomName: 'ANNE LEE',
    responsibility: 'CustodyOnly' as const,
    prisoner,
    note: 'Moved wings',
    url: 'https://portal/prisoners/G4821KT/allocation',
    lastOasysDate: '2026-03-01',
    handoverStartDate: '2027-01-02',
    handoverDate: '2027-04-09',
    comName: 'Priya Hollings',
    comEmail: 'priya@probation.example',
  }

  it('personalises every field with long dates and the note as "Additional information"', () => {
    expect(values(newAllocationEmail(facts))).toEqual({
      pom_first_name: 'Anne',
      responsibility: 'responsible',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      note: 'Additional information: Moved wings',
      url: 'https://portal/prisoners/G4821KT/allocation',
      last_oasys_date: '1 March 2026',
      handover_start_date: '2 January 2027',
      handover_date: '9 April 2027',
      com_name: 'Priya Hollings',
      com_email: 'priya@probation.example',
    })
  })

  it('defaults unknown COM and handover fields to "Unknown" and a missing OASys to "No OASys information"', () => {
    const v = values(
      newAllocationEmail({
        ...facts,
        responsibility: 'Community',
        note: null,
        lastOasysDate: null,
        handoverStartDate: null,
        handoverDate: null,
        comName: null,
        comEmail: '',
      }),
    )
    expect(v).toMatchObject({
      responsibility: 'supporting',
      note: '',
      last_oasys_date: 'No OASys information',
      handover_start_date: 'Unknown',
      handover_date: 'Unknown',
      com_name: 'Unknown',
      com_email: 'Unknown',
    })
  })

  it('is an error value, not a throw, without the POM’s or the prisoner’s name', () => {
    expect(missing(newAllocationEmail({ ...facts, pomName: null, prisoner: nameless }))).toEqual([
      'pom_first_name',
      'prisoner_name',
    ])
  })
})

describe('2 reallocation-previous-pom', () => {
  it('tells the previous POM who has the case now', () => {
    const r = reallocationPreviousPomEmail({
      previousPomName: 'Bob Ray',
      newPomName: 'Anne Lee',
      prisoner,
      prisonName: 'LEI',
      url: 'https://portal/caseload',
    })
    expect(values(r)).toEqual({
      previous_pom_first_name: 'Bob',
      new_pom_name: 'Anne Lee',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      url: 'https://portal/caseload',
    })
    expect(
      missing(
        reallocationPreviousPomEmail({
          ...{ previousPomName: null, newPomName: null, prisoner },
          prisonName: 'LEI',
          url: 'u',
        }),
      ),
    ).toEqual(['previous_pom_first_name'])
  })
})

describe('3 co-working allocated (two templates)', () => {
  it('tells the primary POM and the co-working POM', () => {
    expect(
      values(
        coworkingAllocatedPrimaryEmail({ primaryPomName: 'Anne Lee', coworkingPomName: 'Bob Ray', prisoner, url: 'u' }),
      ),
    ).toEqual({
      pom_first_name: 'Anne',
      coworking_pom_name: 'Bob Ray',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      note: '',
      url: 'u',
    })
    expect(
      values(
        coworkingAllocatedCoworkerEmail({
          coworkingPomName: 'Bob Ray',
          primaryPomName: null,
          responsibility: 'CustodyWithCom',
          prisoner,
          note: 'Cover',
          url: 'u',
        }),
      ),
    ).toEqual({
      pom_first_name: 'Bob',
      responsible_pom_name: 'Unknown',
      responsibility: 'responsible',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      note: 'Additional information: Cover',
      url: 'u',
    })
  })
})

describe('4 coworking-removed', () => {
  it('needs both POM names (the anchor only sends it when a co-worker existed)', () => {
    expect(
      values(coworkingRemovedEmail({ primaryPomName: 'Anne Lee', coworkingPomName: 'Bob Ray', prisoner, url: 'u' })),
    ).toEqual({
      pom_name: 'Anne Lee',
      coworking_pom_name: 'Bob Ray',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      url: 'u',
    })
    expect(missing(coworkingRemovedEmail({ primaryPomName: 'A', coworkingPomName: null, prisoner, url: 'u' }))).toEqual(
      ['coworking_pom_name'],
    )
  })
})

describe('5 offender-deallocated', () => {
  it('writes "N/A" when the prisoner’s name is no longer known', () => {
    expect(
      values(offenderDeallocatedEmail({ pomName: 'Anne Lee', prisoner: nameless, prisonName: 'LEI', url: 'u' })),
    ).toEqual({
      pom_first_name: 'Anne',
      prisoner_name: 'N/A',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      url: 'u',
    })
  })
})

describe('6 bulk reallocation (two templates)', () => {
  const cases = [
    { prisonerName: 'Dami Okafor', nomsNumber: 'G4821KT', role: 'responsible' },
    { prisonerName: 'Sam Hill', nomsNumber: 'A1234BC', role: 'supporting' },
  ]
  it('lists "Name (NOMS) – role" per case, with has_message yes/no', () => {
    const created = values(
      bulkAllocationsEmail({
        direction: 'created',
        pomName: 'Anne Lee',
        otherPomName: 'Bob Ray',
        cases,
        message: ' ',
        url: 'u',
      }),
    )
    expect(created).toEqual({
      pom_name: 'Anne Lee',
      previous_pom_name: 'Bob Ray',
      cases: 'Dami Okafor (G4821KT) – responsible\nSam Hill (A1234BC) – supporting',
      has_message: 'no',
      message: '',
      url: 'u',
    })
    const removed = values(
      bulkAllocationsEmail({
        direction: 'removed',
        pomName: 'Bob Ray',
        otherPomName: 'Anne Lee',
        cases,
        message: 'Leaving',
        url: 'u',
      }),
    )
    expect(removed).toMatchObject({ new_pom_name: 'Anne Lee', has_message: 'yes', message: 'Leaving' })
    expect(
      missing(
        bulkAllocationsEmail({
          direction: 'removed',
          pomName: 'B',
          otherPomName: 'A',
          cases: [],
          message: null,
          url: 'u',
        }),
      ),
    ).toEqual(['cases'])
  })
})

describe('7 responsibility override (two templates)', () => {
  it('words the override reason and defaults the POM on removal', () => {
    expect(
      values(responsibilityOverrideEmail({ prisoner, prisonName: 'LEI', reason: 'prisoner_has_been_recalled' })),
    ).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      reason: 'The prisoner has been recalled',
    })
    expect(
      values(
        responsibilityOverrideEmail({ prisoner, prisonName: 'LEI', reason: 'other_reason', reasonText: 'Court order' }),
      ).reason,
    ).toBe('Court order')
    expect(
      values(responsibilityOverrideRemovedEmail({ prisoner, prisonName: 'LEI', pomName: null, pomEmail: null })),
    ).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      notes: '',
      responsible_pom_name: 'Unknown',
      responsible_pom_email: 'Unknown',
    })
  })
})

const reminder = { prisoner, prisonerFirstName: 'DAMI', releaseDate: '2027-06-30', handoverKind: 'enhanced' as const }

describe('8 upcoming-handover-window', () => {
  it('has the handover date, the release date and standard/enhanced flags', () => {
    expect(values(upcomingHandoverWindowEmail({ ...reminder, handoverDate: '2021-04-09' }))).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prisoner_first_name: 'Dami',
      handover_date: '9 April 2021',
      release_date: '30 June 2027',
      is_standard: 'no',
      is_enhanced: 'yes',
    })
    expect(missing(upcomingHandoverWindowEmail({ ...reminder, handoverDate: null }))).toEqual(['handover_date'])
  })
})

describe('9 handover-date', () => {
  it('names the COM, "Unknown" for a missing email', () => {
    expect(
      values(
        handoverDateEmail({
          ...reminder,
          handoverKind: 'standard',
          releaseDate: null,
          comName: 'Priya Hollings',
          comEmail: null,
        }),
      ),
    ).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prisoner_first_name: 'Dami',
      release_date: 'Unknown',
      is_standard: 'yes',
      is_enhanced: 'no',
      com_name: 'Priya Hollings',
      com_email: 'Unknown',
    })
  })
})

describe('10 com-allocation-overdue', () => {
  it('gives the LDU information and whether its email is known', () => {
    const withEmail = values(
      comAllocationOverdueEmail({
        ...reminder,
        handoverDate: '2026-10-01',
        lduName: 'Leeds',
        lduEmail: 'leeds@ldu.example',
      }),
    )
    expect(withEmail).toMatchObject({
      handover_date: '1 October 2026',
      ldu_information: 'LDU: Leeds\nLDU email: leeds@ldu.example\n',
      has_ldu_email: 'yes',
      missing_ldu_email: 'no',
    })
    const without = values(
      comAllocationOverdueEmail({ ...reminder, handoverDate: '2026-10-01', lduName: null, lduEmail: null }),
    )
    expect(without).toMatchObject({
      ldu_information: 'LDU: Unknown\nLDU email: Unknown\n',
      has_ldu_email: 'no',
      missing_ldu_email: 'yes',
    })
  })
})

describe('11 short-sentence-com-needed', () => {
  it('needs the CRN', () => {
    expect(values(shortSentenceComNeededEmail({ prisoner, prisonName: 'LEI', crn: 'X482913' }))).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      crn_number: 'X482913',
    })
    expect(missing(shortSentenceComNeededEmail({ prisoner, prisonName: 'LEI', crn: null }))).toEqual(['crn_number'])
  })
})

describe('12 open-prison-supporting-com-needed', () => {
  it('names the LDU', () => {
    expect(
      values(openPrisonSupportingComNeededEmail({ prisoner, prisonName: 'HDI', crn: 'X482913', lduName: null })),
    ).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prisoner_crn: 'X482913',
      prison_name: 'HDI',
      ldu_name: 'Unknown',
    })
  })
})

describe('13 urgent-pipeline-to-community', () => {
  const facts = {
    lduName: 'Leeds',
    prisoner,
    crn: 'X482913',
    indeterminate: false,
    prisonName: 'LEI',
    handoverStartDate: '2026-11-16',
    handoverDate: '2027-02-01',
    pomName: 'Anne Lee',
    pomEmail: 'anne@prison.example',
  }
  it('gives the sentence type, dates and the POM', () => {
    expect(values(urgentPipelineToCommunityEmail(facts))).toEqual({
      ldu_name: 'Leeds',
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      crn: 'X482913',
      sentence_type: 'Determinate',
      prison_name: 'LEI',
      start_date: '16 November 2026',
      responsibility_handover_date: '1 February 2027',
      pom_name: 'Anne Lee',
      pom_email: 'anne@prison.example',
    })
  })
  it('says so when there is no allocated POM', () => {
    expect(
      values(urgentPipelineToCommunityEmail({ ...facts, indeterminate: true, pomName: null, pomEmail: null })),
    ).toMatchObject({ sentence_type: 'Indeterminate', pom_name: NO_ALLOCATED_POM, pom_email: 'n/a' })
  })
})

describe('14 monthly pipeline (two templates)', () => {
  it('attaches the CSV, or uses the "no handovers" template when empty', () => {
    const csv = { filename: 'handover-pipeline-N54L01-2026-12-01.csv', contentType: 'text/csv' as const, content: 'a' }
    const report = pipelineToCommunityEmail({
      lduName: 'Leeds',
      fromDate: '2026-12-01',
      toDate: '2027-01-14',
      caseCount: 3,
      csv,
    })
    if (!report.ok) throw new Error('expected valid')
    expect(report.value.template).toBe('pipeline-to-community')
    expect(report.value.attachment).toEqual(csv)
    expect(report.value.personalisation).toEqual({
      ldu_name: 'Leeds',
      case_count: '3',
      from_date: '1 December 2026',
      to_date: '14 January 2027',
      link_to_file: 'handover-pipeline-N54L01-2026-12-01.csv',
    })
    const none = pipelineToCommunityEmail({
      lduName: null,
      fromDate: '2026-12-01',
      toDate: '2027-01-14',
      caseCount: 0,
      csv: null,
    })
    if (!none.ok) throw new Error('expected valid')
    expect(none.value.template).toBe('pipeline-to-community-no-handovers')
    expect(none.value.personalisation).toEqual({
      ldu_name: 'Unknown',
      from_date: '1 December 2026',
      to_date: '14 January 2027',
    })
    expect(renderEmail(none.value).body).toContain('No cases in your local delivery unit')
  })
})

describe('15 early allocation (two templates)', () => {
  it('sends the automatic or the community-decision template with the assessment link', () => {
    const facts = {
      prisoner,
      pomName: 'Anne Lee',
      pomEmail: null,
      prisonName: 'LEI',
      assessmentLink: 'https://portal/ea',
    }
    const auto = earlyAllocationEmail({ ...facts, kind: 'automatic' })
    const discretionary = earlyAllocationEmail({ ...facts, kind: 'discretionary' })
    expect(auto.ok && auto.value.template).toBe('auto-early-allocation')
    expect(discretionary.ok && discretionary.value.template).toBe('community-early-allocation')
    expect(values(auto)).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      pom_name: 'Anne Lee',
      pom_email_address: 'Unknown',
      prison_name: 'LEI',
      link_to_document: 'https://portal/ea',
    })
  })
})

describe('16 review-early-allocation', () => {
  it('links to the start page and the guidance', () => {
    expect(
      values(reviewEarlyAllocationEmail({ prisoner, prisonName: 'LEI', startPageLink: 's', guidanceLink: 'g' })),
    ).toEqual({
      prisoner_name: 'Dami Okafor',
      prisoner_number: 'G4821KT',
      prison_name: 'LEI',
      start_page_link: 's',
      equip_guidance_link: 'g',
    })
  })
})

describe('17 com-allocated', () => {
  const facts = {
    officerName: 'Priya Hollings',
    caseName: 'Dami Okafor',
    crn: 'X482913',
    tier: 'B2',
    roshLevel: 'VERY_HIGH',
    rsrScore: 4.2,
    ogrsScore: 76,
    sentence: 'Determinate',
    notes: null,
    allocatingOfficerName: 'Sam Lowe',
  }
  it('bands OGRS and RSR and words RoSH; no literal "null" notes', () => {
    expect(values(comAllocatedEmail(facts))).toEqual({
      officer_name: 'Priya Hollings',
      case_name: 'Dami Okafor',
      crn: 'X482913',
      tier: 'B2',
      rosh: 'Very High',
      rsr_level: 'Medium (4.2%)',
      ogrs_level: 'High (76%)',
      sentence: 'Determinate',
      notes: '',
      allocating_officer_name: 'Sam Lowe',
    })
  })
  it('says "Score Unavailable" for missing scores and "Unknown" for a missing tier', () => {
    expect(
      values(
        comAllocatedEmail({ ...facts, tier: null, roshLevel: null, rsrScore: null, ogrsScore: null, sentence: null }),
      ),
    ).toMatchObject({
      tier: 'Unknown',
      rosh: 'Score Unavailable',
      rsr_level: 'Score Unavailable',
      ogrs_level: 'Score Unavailable',
      sentence: 'Unknown',
    })
    expect(missing(comAllocatedEmail({ ...facts, officerName: null, caseName: null }))).toEqual([
      'officer_name',
      'case_name',
    ])
  })
  it('uses the OGRS band edges of workload.md §b.6', () => {
    expect([49, 50, 74, 75, 89, 90].map(ogrsLevel)).toEqual([
      'Low (49%)',
      'Medium (50%)',
      'Medium (74%)',
      'High (75%)',
      'High (89%)',
      'Very High (90%)',
    ])
    expect([2.99, 3, 6.89, 6.9].map(rsrLevel)).toEqual(['Low (2.99%)', 'Medium (3%)', 'Medium (6.89%)', 'High (6.9%)'])
  })
})
