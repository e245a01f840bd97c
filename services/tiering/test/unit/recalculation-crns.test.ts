import { HttpProblem } from '@omic/lambda-kit'
import { describe, expect, it } from 'vitest'
import { parseRecalculationBody } from '../../src/http/recalculation-body'
import { jobView, newJob } from '../../src/model/recalculation-job'
import { deleteCase } from '../../src/use-cases/delete-case'
import { mergeCases } from '../../src/use-cases/merge-cases'
import { requestedCases } from '../../src/use-cases/recalculate-all'
import { recordTierInput } from '../../src/use-cases/record-tier-input'
import { memoryDeps } from '../support/deps'
import { convictionsEnvelope, deletionEnvelope, handled, mergeEnvelope } from '../support/events'

const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

function problems(event: Parameters<typeof parseRecalculationBody>[0]) {
  try {
    parseRecalculationBody(event)
  } catch (e) {
    if (e instanceof HttpProblem) return { status: e.statusCode, errors: e.errors }
    throw e
  }
  throw new Error('expected a 400')
}

describe('POST /tiers/recalculations body', () => {
  it('is optional: no body recalculates every case', () => {
    expect(parseRecalculationBody({})).toEqual({})
    expect(parseRecalculationBody({ body: '' })).toEqual({})
    expect(parseRecalculationBody(json({ crns: ['X100001', 'A000002'] }))).toEqual({ crns: ['X100001', 'A000002'] })
  })

  it('names each bad CRN by its position, and the reason', () => {
    expect(problems(json({ crns: ['X100001', 'x100002', 'X10003', 'X100001'] }))).toEqual({
      status: 400,
      errors: [
        { field: 'body.crns.1', reason: 'must be a CRN like X123456' },
        { field: 'body.crns.2', reason: 'must be a CRN like X123456' },
        { field: 'body.crns.3', reason: 'repeats body.crns.0' },
      ],
    })
  })

  it('takes 1 to 1000 CRNs, and nothing else', () => {
    const many = Array.from({ length: 1001 }, (_, i) => `X${String(i).padStart(6, '0')}`)
    expect(parseRecalculationBody(json({ crns: many.slice(0, 1000) })).crns).toHaveLength(1000)
    expect(problems(json({ crns: many })).errors).toEqual([{ field: 'body.crns', reason: 'must list 1–1000 CRNs' }])
    expect(problems(json({ crns: [] })).errors).toEqual([{ field: 'body.crns', reason: 'must list 1–1000 CRNs' }])
    expect(problems(json({})).errors).toEqual([{ field: 'body.crns', reason: expect.any(String) }])
    expect(problems(json({ crns: ['X100001'], segments: 2 })).errors).toEqual([
      { field: 'body', reason: expect.stringContaining('segments') },
    ])
    expect(problems({ body: '{"crns":', headers: { 'content-type': 'application/json' } }).errors).toEqual([
      { field: 'body', reason: 'is not valid JSON' },
    ])
    expect(problems({ body: '{}', headers: { 'content-type': 'text/plain' } }).errors).toEqual([
      { field: 'content-type', reason: 'must be application/json' },
    ])
  })
})

describe('a job over a list of CRNs', () => {
  it('splits the list over the segments, pages through each share, and counts CRNs with no case', async () => {
    const { deps } = memoryDeps()
    const crns = ['X000001', 'X000002', 'X000003', 'X000004', 'X000005']
    for (const crn of ['X000001', 'X000002', 'X000003', 'X000005']) {
      await recordTierInput(deps, handled(convictionsEnvelope('2026-11-20T10:00:00Z', undefined, crn)))
    }
    await mergeCases(deps, handled(mergeEnvelope('2026-11-21T10:00:00Z', 'X000003', 'X000001')))
    await deleteCase(deps, handled(deletionEnvelope('2026-11-21T10:00:00Z', 'X000005')))

    const segment0 = await requestedCases(deps, { crns, segment: 0, totalSegments: 2, cursor: null })
    const segment1 = await requestedCases(deps, { crns, segment: 1, totalSegments: 2, cursor: null })

    // segment 0: X000001, X000003 (merged away), X000005 (erased); segment 1: X000002, X000004 (never seen)
    expect(segment0.cases.map(c => c.crn)).toEqual(['X000001'])
    expect(segment0).toMatchObject({ notFound: 2, cursor: null })
    expect(segment1.cases.map(c => c.crn)).toEqual(['X000002'])
    expect(segment1).toMatchObject({ notFound: 1, cursor: null })
  })

  it('continues from the cursor a page of 100 at a time', async () => {
    const { deps } = memoryDeps()
    const crns = Array.from({ length: 250 }, (_, i) => `Y${String(i).padStart(6, '0')}`)
    const first = await requestedCases(deps, { crns, segment: 0, totalSegments: 1, cursor: null })
    expect(first).toMatchObject({ notFound: 100, cursor: { bucket: 100, after: null } })
    const last = await requestedCases(deps, {
      crns,
      segment: 0,
      totalSegments: 1,
      cursor: { bucket: 200, after: null },
    })
    expect(last).toMatchObject({ notFound: 50, cursor: null })
  })

  it('shows its scope and CRNs in the job view', () => {
    const args = {
      jobId: 'j',
      trigger: 'api' as const,
      requestedBy: 'admin',
      now: '2026-11-23T10:00:00Z',
      today: '2026-11-23',
      version: 'v2' as const,
      totalSegments: 1,
      estimatedCases: 2,
    }
    expect(jobView(newJob({ ...args, crns: ['X000001', 'X000002'] }))).toMatchObject({
      scope: 'crns',
      crns: ['X000001', 'X000002'],
      progress: { estimatedCases: 2 },
    })
    const full = jobView(newJob(args))
    expect(full.scope).toBe('all')
    expect(full).not.toHaveProperty('crns')
  })
})
