import { describe, expect, it } from 'vitest'
import {
  parseTierCalculationInput,
  parseTierV2Input,
  parseTierV3Input,
  parseTierV3ProvisionalInput,
  tierV2InputSchema,
} from '../../src/tiering'

const v2Raw = {
  isFemale: false,
  rsrScore: null,
  ogrsScore: null,
  registrations: [{ code: 'RHRH', level: null, category: null, date: '2024-01-01' }],
  convictions: [{ sentenceTypeCode: 'SC', terminationDate: null, requirements: [] }],
  previousEnforcementActivity: false,
  assessment: null,
}

describe('tiering input schemas', () => {
  it('accepts a tier.v2 input and fills missing optional values with null', () => {
    const { rsrScore: _r, ogrsScore: _o, ...withoutScores } = v2Raw
    const r = parseTierV2Input({ ...withoutScores, registrations: [{ code: 'RHRH', date: '2024-01-01' }] })
    expect(r).toMatchObject({ ok: true, value: { rsrScore: null, ogrsScore: null, registrations: [{ level: null }] } })
  })

  it('rejects an unrecognised section answer, naming the field', () => {
    const r = parseTierV2Input({
      ...v2Raw,
      assessment: { sanIndicator: false, sections: { accommodation: { suitabilityOfAccommodation: 'Lots' } } },
    })
    expect(r).toMatchObject({
      ok: false,
      error: { field: 'assessment.sections.accommodation.suitabilityOfAccommodation' },
    })
  })

  it('rejects a date that is not a calendar date and negative scores', () => {
    expect(parseTierV2Input({ ...v2Raw, registrations: [{ code: 'X', date: '2024-02-30' }] }).ok).toBe(false)
    expect(parseTierV2Input({ ...v2Raw, rsrScore: -1 })).toMatchObject({ ok: false, error: { field: 'rsrScore' } })
    expect(parseTierV2Input({ ...v2Raw, ogrsScore: 4.5 }).ok).toBe(false)
  })

  it('v3: a negative ARP is rejected at the edge, a negative DC-SRP is allowed (it simply does not count)', () => {
    const v3Raw = {
      hasActiveEvent: true,
      hasLiferIpp: false,
      hasDomesticAbuse: false,
      hasStalking: false,
      hasChildProtection: false,
      everCommittedSexualOffence: false,
      arp: { score: 10, staticOrDynamic: 'DYNAMIC' },
      csrp: { score: 1 },
      dcSrp: { score: -1, band: 'LOW' },
    }
    expect(parseTierV3Input(v3Raw)).toMatchObject({ ok: true, value: { rosh: null, csrp: { staticOrDynamic: null } } })
    expect(parseTierV3Input({ ...v3Raw, arp: { score: -0.1 } })).toMatchObject({
      ok: false,
      error: { field: 'arp.score' },
    })
    expect(parseTierV3Input({ ...v3Raw, rosh: 'high' }).ok).toBe(false)
  })

  it('provisional: unknown step names are rejected', () => {
    const raw = { arp: { score: 0, staticOrDynamic: 'STATIC' }, csrp: { score: 0, staticOrDynamic: null } }
    expect(parseTierV3ProvisionalInput({ ...raw, stepResults: { REOFFENDING: 'G' } }).ok).toBe(true)
    expect(parseTierV3ProvisionalInput({ ...raw, stepResults: { REOFENDING: 'G' } }).ok).toBe(false)
  })

  it('the combined input needs only the Delius flags; the rest defaults', () => {
    const r = parseTierCalculationInput({
      registrations: [],
      convictions: [],
      previousEnforcementActivity: false,
      hasActiveEvent: true,
    })
    expect(r).toMatchObject({
      ok: true,
      value: { gender: null, assessment: null, predictors: null, everCommittedSexualOffence: false },
    })
  })

  it('schemas are plain zod schemas', () => {
    expect(tierV2InputSchema.safeParse(v2Raw).success).toBe(true)
  })
})
