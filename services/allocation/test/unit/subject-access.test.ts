import type { Principal, Role } from '@omic/lambda-kit'
import { readSarRequest } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../../src/model'
import { historyInWindow, sarHistoryEntry } from '../../src/use-cases/subject-access'

const principal = (...roles: Role[]): Principal => ({
  subject: 'sar-service',
  staffId: undefined,
  name: undefined,
  email: undefined,
  roles,
  prisons: [],
  pdus: [],
})

const statusOf = (roles: Role[], query: Record<string, string>) => {
  const out = readSarRequest(principal(...roles), query)
  if (!out.reply) return { nomsNumber: out.nomsNumber, window: out.window }
  const body = 'json' in out.reply ? (out.reply.json as Record<string, unknown>) : {}
  return { status: out.reply.status, errorCode: body.errorCode, body }
}

describe('reading a subject access request', () => {
  it('answers in the anchor’s order with its codes', () => {
    expect(statusOf(['SPO'], { prn: 'A1234BC' })).toMatchObject({ status: 403, errorCode: 5 })
    expect(statusOf(['SAR'], { prn: 'A1234BC', crn: 'X123456' })).toMatchObject({ status: 400, errorCode: 2 })
    expect(statusOf(['SAR'], { crn: 'X123456' })).toMatchObject({ status: 209, errorCode: 3 })
    expect(statusOf(['SAR'], { prn: 'A1234BC', fromDate: 'apples', toDate: 'pears' })).toMatchObject({
      status: 210,
      errorCode: 4,
      body: { errors: [{ field: 'query.fromDate', reason: 'fromDate must be a date YYYY-MM-DD' }] },
    })
    expect(statusOf(['SAR'], { prn: 'A1234BC', toDate: '2026-02-30' })).toMatchObject({ status: 210, errorCode: 4 })
    expect(statusOf(['SAR'], {})).toMatchObject({
      status: 400,
      errorCode: 2,
      body: { errors: [{ field: 'query.prn' }] },
    })
    expect(statusOf(['SAR'], { prn: 'not-a-number' })).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'query.prn', reason: 'prn must be a NOMS number such as A1234BC' }] },
    })
    const body = statusOf(['SAR'], { crn: 'X123456' }).body
    expect(Object.keys(body ?? {}).slice(0, 4)).toEqual(['developerMessage', 'errorCode', 'status', 'userMessage'])
  })

  it('filters by date only when both dates are given; ADMIN passes', () => {
    expect(statusOf(['SAR'], { prn: 'a1234bc', fromDate: '2026-01-01' })).toEqual({
      nomsNumber: 'A1234BC',
      window: null,
    })
    expect(statusOf(['ADMIN'], { prn: 'A1234BC', fromDate: '2026-01-01', toDate: '2026-03-31' })).toEqual({
      nomsNumber: 'A1234BC',
      window: { from: '2026-01-01', to: '2026-03-31' },
    })
  })
})

const entry = (at: string, role: HistoryEntry['role'], event: HistoryEntry['event']): HistoryEntry => ({
  id: at,
  at,
  nomsNumber: 'A1234BC',
  prisonId: 'LEI',
  event,
  trigger: 'user',
  role,
  from: null,
  to: { id: '485926', name: 'Amara Obi' },
  by: { subject: 'spo-1', staffId: '9001' },
  recommendation: { pomType: 'PRISON', code: 'PRO', reason: 'tier_based', chosenRank: 2, rankedFirst: '485927' },
  override: { reasons: ['no_staff', 'continuity'], suitabilityDetail: null, otherDetail: null },
  reallocation: null,
  note: null,
  tier: 'C',
  rosh: 'MEDIUM',
  decision: null,
})

describe('history for a subject access request', () => {
  it('keeps the last entry before the window for each role, London days deciding', () => {
    const history = [
      entry('2026-03-01T09:00:00Z', 'primary', 'allocate_primary_pom'),
      entry('2026-03-02T09:00:00Z', 'coworking', 'allocate_secondary_pom'),
      entry('2026-03-03T09:00:00Z', 'primary', 'reallocate_primary_pom'),
      // 23:30 UTC on 31 May is 1 June in London (BST): inside a window starting 1 June
      entry('2026-05-31T23:30:00Z', 'com', 'allocate_com'),
      entry('2026-07-01T09:00:00Z', 'primary', 'deallocate_primary_pom'),
    ]
    expect(historyInWindow(history, { from: '2026-06-01', to: '2026-06-30' }).map(e => e.at)).toEqual([
      '2026-03-02T09:00:00Z',
      '2026-03-03T09:00:00Z',
      '2026-05-31T23:30:00Z',
    ])
    expect(historyInWindow(history, null)).toHaveLength(5)
  })

  it('humanises an entry and keeps only the first override reason', () => {
    const out = sarHistoryEntry(entry('2026-03-01T09:00:00Z', 'primary', 'allocate_primary_pom'))
    expect(out).toMatchObject({
      event: 'Prison offender manager allocated',
      eventTrigger: 'Decision by a member of staff',
      recommendedPomType: 'Prison officer POM',
      overrideReasons: 'No prison offender manager of the recommended type was available',
    })
    expect(JSON.stringify(out)).not.toMatch(/485926|485927|Amara|spo-1|9001/)
  })
})
