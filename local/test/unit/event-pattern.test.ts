import { describe, expect, it } from 'vitest'
import { matchesPattern, validatePattern } from '../../src/eventbridge/event-pattern'

/** An EventBridge envelope around `detail`. */
function envelope(detail: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'Case Referred',
    source: 'omic.case-management',
    account: '111122223333',
    time: '2026-03-29T01:30:00Z',
    region: 'eu-west-2',
    resources: ['arn:aws:dynamodb:eu-west-2:111122223333:table/cases'],
    detail,
    ...overrides,
  }
}

const matches = (pattern: unknown, detail: Record<string, unknown>): boolean =>
  matchesPattern(pattern, envelope(detail))

describe('exact matching', () => {
  it('matches envelope fields by exact string', () => {
    const pattern = { source: ['omic.case-management'], 'detail-type': ['Case Referred'] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { source: 'omic.other' }))).toBe(false)
    expect(matchesPattern(pattern, envelope({}, { 'detail-type': 'case referred' }))).toBe(false)
  })

  it('treats the values of a pattern array as alternatives', () => {
    const pattern = { 'detail-type': ['Case Closed', 'Case Referred'] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { 'detail-type': 'Case Opened' }))).toBe(false)
  })

  it('matches numbers, booleans and null by type and value', () => {
    expect(matches({ detail: { count: [3] } }, { count: 3 })).toBe(true)
    expect(matches({ detail: { count: [301.8] } }, { count: 3.018e2 })).toBe(true)
    expect(matches({ detail: { count: [3] } }, { count: '3' })).toBe(false)
    expect(matches({ detail: { urgent: [true] } }, { urgent: true })).toBe(true)
    expect(matches({ detail: { urgent: [true] } }, { urgent: 'true' })).toBe(false)
    expect(matches({ detail: { urgent: [false] } }, { urgent: false })).toBe(true)
    expect(matches({ detail: { closedAt: [null] } }, { closedAt: null })).toBe(true)
    expect(matches({ detail: { closedAt: [null] } }, { closedAt: '' })).toBe(false)
    expect(matches({ detail: { closedAt: [''] } }, { closedAt: null })).toBe(false)
    expect(matches({ detail: { closedAt: [''] } }, { closedAt: '' })).toBe(true)
  })

  it('requires every pattern field (AND) and ignores event fields the pattern does not name', () => {
    const pattern = { source: ['omic.case-management'], detail: { status: ['OPEN'], team: ['north'] } }
    expect(matches(pattern, { status: 'OPEN', team: 'north', extra: 1 })).toBe(true)
    expect(matches(pattern, { status: 'OPEN', team: 'south' })).toBe(false)
    expect(matches(pattern, { status: 'OPEN' })).toBe(false)
  })

  it('does not match when a pattern field is absent from the event', () => {
    expect(matches({ detail: { missing: ['x'] } }, {})).toBe(false)
    expect(matchesPattern({ nope: ['x'] }, envelope({}))).toBe(false)
    expect(matchesPattern({ detail: { status: ['OPEN'] } }, { source: 'x' })).toBe(false)
  })
})

describe('array-valued event fields', () => {
  it('matches when any element of the event array matches', () => {
    const pattern = { resources: ['arn:aws:dynamodb:eu-west-2:111122223333:table/cases'] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(
      matchesPattern(
        pattern,
        envelope({}, { resources: ['a', 'arn:aws:dynamodb:eu-west-2:111122223333:table/cases'] }),
      ),
    ).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { resources: ['a', 'b'] }))).toBe(false)
  })

  it('matches when the event array and the pattern array intersect', () => {
    expect(matches({ detail: { tags: ['red', 'blue'] } }, { tags: ['green', 'blue'] })).toBe(true)
    expect(matches({ detail: { tags: ['red', 'blue'] } }, { tags: ['green', 'yellow'] })).toBe(false)
  })

  it('flattens nested arrays', () => {
    expect(
      matches(
        { detail: { grid: [5] } },
        {
          grid: [
            [1, 2],
            [3, [4, 5]],
          ],
        },
      ),
    ).toBe(true)
  })

  it('treats an empty array as having no values', () => {
    expect(matchesPattern({ resources: [null] }, envelope({}, { resources: [] }))).toBe(false)
    expect(matchesPattern({ resources: [''] }, envelope({}, { resources: [] }))).toBe(false)
  })

  it('matches nested patterns against arrays of objects, within one element', () => {
    const detail = {
      people: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
      ],
    }
    expect(matches({ detail: { people: { firstName: ['Anna'] } } }, detail)).toBe(true)
    expect(matches({ detail: { people: { firstName: ['Anna'], lastName: ['Smith'] } } }, detail)).toBe(true)
    expect(matches({ detail: { people: { firstName: ['Anna'], lastName: ['Doe'] } } }, detail)).toBe(false)
    expect(matches({ detail: { people: { firstName: ['Zoe'] } } }, detail)).toBe(false)
  })
})

describe('nested detail', () => {
  it('matches deeply nested fields', () => {
    const pattern = { detail: { case: { subject: { crn: ['X123456'] } } } }
    expect(matches(pattern, { case: { subject: { crn: 'X123456' } } })).toBe(true)
    expect(matches(pattern, { case: { subject: { crn: 'X000000' } } })).toBe(false)
    expect(matches(pattern, { case: {} })).toBe(false)
    expect(matches(pattern, { case: 'X123456' })).toBe(false)
  })

  it('does not match a leaf matcher against an object value', () => {
    expect(matches({ detail: { case: ['X'] } }, { case: { id: 'X' } })).toBe(false)
  })
})

describe('prefix', () => {
  it('matches strings starting with the prefix (case-sensitive)', () => {
    const pattern = { time: [{ prefix: '2026-03-29' }] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { time: '2026-03-30T00:00:00Z' }))).toBe(false)
    expect(matches({ detail: { region: [{ prefix: 'eu-' }] } }, { region: 'EU-west-2' })).toBe(false)
  })

  it('supports the equals-ignore-case form', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }
    expect(matches(pattern, { service: 'eventbridge' })).toBe(true)
    expect(matches(pattern, { service: 'EVENTBRIDGE' })).toBe(true)
    expect(matches(pattern, { service: 'scheduler' })).toBe(false)
  })

  it('only matches strings and any element of an array', () => {
    expect(matches({ detail: { code: [{ prefix: '12' }] } }, { code: 123 })).toBe(false)
    expect(matches({ detail: { codes: [{ prefix: 'ab' }] } }, { codes: ['xy', 'abc'] })).toBe(true)
    expect(matches({ detail: { code: [{ prefix: 'ab' }] } }, {})).toBe(false)
  })
})

describe('suffix', () => {
  it('matches strings ending with the suffix', () => {
    const pattern = { detail: { fileName: [{ suffix: '.png' }] } }
    expect(matches(pattern, { fileName: 'photo.png' })).toBe(true)
    expect(matches(pattern, { fileName: 'photo.PNG' })).toBe(false)
    expect(matches(pattern, { fileName: 'photo.jpg' })).toBe(false)
    expect(matches(pattern, { fileName: ['a.jpg', 'b.png'] })).toBe(true)
  })

  it('supports the equals-ignore-case form', () => {
    const pattern = { detail: { fileName: [{ suffix: { 'equals-ignore-case': '.PNG' } }] } }
    expect(matches(pattern, { fileName: 'photo.png' })).toBe(true)
    expect(matches(pattern, { fileName: 'photo.Png' })).toBe(true)
    expect(matches(pattern, { fileName: 'photo.gif' })).toBe(false)
  })
})

describe('equals-ignore-case', () => {
  it('matches strings regardless of case', () => {
    const pattern = { detail: { name: [{ 'equals-ignore-case': 'alice' }] } }
    expect(matches(pattern, { name: 'Alice' })).toBe(true)
    expect(matches(pattern, { name: 'ALICE' })).toBe(true)
    expect(matches(pattern, { name: 'Alicia' })).toBe(false)
    expect(matches(pattern, { name: ['Bob', 'aLiCe'] })).toBe(true)
  })

  it('matches the empty string and nothing but strings', () => {
    expect(matches({ detail: { v: [{ 'equals-ignore-case': '' }] } }, { v: '' })).toBe(true)
    expect(matches({ detail: { v: [{ 'equals-ignore-case': 'null' }] } }, { v: null })).toBe(false)
    expect(matches({ detail: { v: [{ 'equals-ignore-case': '1' }] } }, { v: 1 })).toBe(false)
  })
})

describe('anything-but', () => {
  it('excludes a single string or number', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'running' })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { state: 'initializing' })).toBe(false)
    expect(matches({ detail: { limit: [{ 'anything-but': 123 }] } }, { limit: 124 })).toBe(true)
    expect(matches({ detail: { limit: [{ 'anything-but': 123 }] } }, { limit: 123 })).toBe(false)
  })

  it('excludes a list of values', () => {
    const strings = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }
    expect(matches(strings, { state: 'running' })).toBe(true)
    expect(matches(strings, { state: 'stopped' })).toBe(false)
    const numbers = { detail: { limit: [{ 'anything-but': [100, 200, 300] }] } }
    expect(matches(numbers, { limit: 999 })).toBe(true)
    expect(matches(numbers, { limit: 200 })).toBe(false)
  })

  it('requires the field to be present but matches null and other types', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } }
    expect(matches(pattern, {})).toBe(false)
    expect(matches(pattern, { state: null })).toBe(true)
    expect(matches(pattern, { state: 12 })).toBe(true)
    expect(matches(pattern, { state: { nested: 'x' } })).toBe(false)
  })

  it('matches an array if any element is not excluded', () => {
    const pattern = { detail: { state: [{ 'anything-but': 'stopped' }] } }
    expect(matches(pattern, { state: ['stopped', 'running'] })).toBe(true)
    expect(matches(pattern, { state: ['stopped'] })).toBe(false)
    expect(matches(pattern, { state: [] })).toBe(false)
  })

  it('excludes by prefix', () => {
    const pattern = { source: [{ 'anything-but': { prefix: 'aws.' } }] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { source: 'aws.ec2' }))).toBe(false)
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, { state: 12 })).toBe(true)
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: ['a', 'b'] } }] } }, { state: 'bee' })).toBe(false)
  })

  it('excludes by suffix', () => {
    const pattern = { detail: { fileName: [{ 'anything-but': { suffix: '.png' } }] } }
    expect(matches(pattern, { fileName: 'a.txt' })).toBe(true)
    expect(matches(pattern, { fileName: 'a.png' })).toBe(false)
  })

  it('excludes ignoring case, with one value or a list', () => {
    const one = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }
    expect(matches(one, { state: 'INITIALIZING' })).toBe(false)
    expect(matches(one, { state: 'running' })).toBe(true)
    const list = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'B'] } }] } }
    expect(matches(list, { state: 'b' })).toBe(false)
    expect(matches(list, { state: 'c' })).toBe(true)
  })

  it('excludes by wildcard', () => {
    const pattern = { detail: { path: [{ 'anything-but': { wildcard: '*/lib/*' } }] } }
    expect(matches(pattern, { path: '/usr/lib/node' })).toBe(false)
    expect(matches(pattern, { path: '/usr/bin/node' })).toBe(true)
    expect(matches(pattern, { path: 123 })).toBe(true)
  })
})

describe('numeric', () => {
  it('compares with a single operator', () => {
    expect(matches({ detail: { n: [{ numeric: ['=', 301.8] }] } }, { n: 3.018e2 })).toBe(true)
    expect(matches({ detail: { n: [{ numeric: ['<', 10] }] } }, { n: 9.99 })).toBe(true)
    expect(matches({ detail: { n: [{ numeric: ['<', 10] }] } }, { n: 10 })).toBe(false)
    expect(matches({ detail: { n: [{ numeric: ['<=', 10] }] } }, { n: 10 })).toBe(true)
    expect(matches({ detail: { n: [{ numeric: ['>', 0] }] } }, { n: 0 })).toBe(false)
    expect(matches({ detail: { n: [{ numeric: ['>=', 0] }] } }, { n: 0 })).toBe(true)
  })

  it('compares with a range', () => {
    const pattern = { detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } }
    expect(matches(pattern, { count: 5 })).toBe(true)
    expect(matches(pattern, { count: 0.5 })).toBe(true)
    expect(matches(pattern, { count: 0 })).toBe(false)
    expect(matches(pattern, { count: 5.01 })).toBe(false)
    expect(matches(pattern, { count: [-1, 3] })).toBe(true)
  })

  it('only matches JSON numbers', () => {
    const pattern = { detail: { count: [{ numeric: ['>', 0] }] } }
    expect(matches(pattern, { count: '5' })).toBe(false)
    expect(matches(pattern, { count: null })).toBe(false)
    expect(matches(pattern, {})).toBe(false)
  })
})

describe('exists', () => {
  it('exists: true matches a present leaf, including null and the empty string', () => {
    const pattern = { detail: { state: [{ exists: true }] } }
    expect(matches(pattern, { state: 'pending' })).toBe(true)
    expect(matches(pattern, { state: null })).toBe(true)
    expect(matches(pattern, { state: '' })).toBe(true)
    expect(matches(pattern, { state: ['a'] })).toBe(true)
  })

  it('exists: true does not match an absent field, an object or an empty array', () => {
    const pattern = { detail: { state: [{ exists: true }] } }
    expect(matches(pattern, {})).toBe(false)
    expect(matches(pattern, { state: { c1: 100 } })).toBe(false)
    expect(matches(pattern, { state: [] })).toBe(false)
  })

  it('exists: false matches an absent field, including when an intermediate object is absent', () => {
    expect(matches({ detail: { count: [{ exists: false }] } }, { state: 'x' })).toBe(true)
    expect(matches({ detail: { a: { b: { c: [{ exists: false }] } } } }, { a: 'scalar' })).toBe(true)
    expect(matches({ detail: { a: { b: { c: [{ exists: false }] } } } }, {})).toBe(true)
    expect(matchesPattern({ detail: { a: [{ exists: false }] } }, { source: 'no detail' })).toBe(true)
  })

  it('exists: false does not match a present leaf, even null', () => {
    expect(matches({ detail: { count: [{ exists: false }] } }, { count: 0 })).toBe(false)
    expect(matches({ detail: { count: [{ exists: false }] } }, { count: null })).toBe(false)
    expect(matches({ detail: { a: { b: [{ exists: false }] } } }, { a: { b: 'x' } })).toBe(false)
  })

  it('exists: false matches a non-leaf (object) value, as the docs describe', () => {
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, { 'c-count': { c1: 100 } })).toBe(true)
    expect(matches({ detail: { tags: [{ exists: false }] } }, { tags: [] })).toBe(true)
  })

  it('can be an alternative alongside values', () => {
    const pattern = { detail: { owner: [{ exists: false }, 'alice'] } }
    expect(matches(pattern, {})).toBe(true)
    expect(matches(pattern, { owner: 'alice' })).toBe(true)
    expect(matches(pattern, { owner: 'bob' })).toBe(false)
  })
})

describe('wildcard', () => {
  it('matches any run of characters with *', () => {
    const pattern = { detail: { fileName: [{ wildcard: 'dir/*.png' }] } }
    expect(matches(pattern, { fileName: 'dir/a.png' })).toBe(true)
    expect(matches(pattern, { fileName: 'dir/.png' })).toBe(true)
    expect(matches(pattern, { fileName: 'dir/sub/a.png' })).toBe(true)
    expect(matches(pattern, { fileName: 'other/a.png' })).toBe(false)
    expect(matches(pattern, { fileName: 'dir/a.png.bak' })).toBe(false)
  })

  it('supports several wildcards and is case-sensitive', () => {
    const pattern = { source: [{ wildcard: 'omic.*-management' }] }
    expect(matchesPattern(pattern, envelope({}))).toBe(true)
    expect(matchesPattern(pattern, envelope({}, { source: 'OMIC.case-management' }))).toBe(false)
    expect(matches({ detail: { v: [{ wildcard: '*a*b*' }] } }, { v: 'xxaYYbzz' })).toBe(true)
    expect(matches({ detail: { v: [{ wildcard: '*a*b*' }] } }, { v: 'bxa' })).toBe(false)
  })

  it('treats \\* as a literal star and regex characters literally', () => {
    const pattern = { detail: { v: [{ wildcard: 'a\\*b' }] } }
    expect(matches(pattern, { v: 'a*b' })).toBe(true)
    expect(matches(pattern, { v: 'axxb' })).toBe(false)
    expect(matches({ detail: { v: [{ wildcard: 'a.c' }] } }, { v: 'abc' })).toBe(false)
    expect(matches({ detail: { v: [{ wildcard: 'a\\\\b' }] } }, { v: 'a\\b' })).toBe(true)
  })

  it('only matches strings', () => {
    expect(matches({ detail: { v: [{ wildcard: '*' }] } }, { v: 5 })).toBe(false)
    expect(matches({ detail: { v: [{ wildcard: '*' }] } }, { v: '' })).toBe(true)
  })
})

describe('cidr', () => {
  it('matches IPv4 addresses inside the block', () => {
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } }
    expect(matches(pattern, { sourceIPAddress: '10.0.0.0' })).toBe(true)
    expect(matches(pattern, { sourceIPAddress: '10.0.0.255' })).toBe(true)
    expect(matches(pattern, { sourceIPAddress: '10.0.1.0' })).toBe(false)
    expect(matches(pattern, { sourceIPAddress: 'not-an-ip' })).toBe(false)
    expect(matches(pattern, { sourceIPAddress: 167772161 })).toBe(false)
  })

  it('handles /0, /32 and odd prefix lengths', () => {
    expect(matches({ detail: { ip: [{ cidr: '0.0.0.0/0' }] } }, { ip: '203.0.113.9' })).toBe(true)
    expect(matches({ detail: { ip: [{ cidr: '192.168.1.7/32' }] } }, { ip: '192.168.1.7' })).toBe(true)
    expect(matches({ detail: { ip: [{ cidr: '192.168.1.7/32' }] } }, { ip: '192.168.1.8' })).toBe(false)
    expect(matches({ detail: { ip: [{ cidr: '172.16.0.0/12' }] } }, { ip: '172.31.255.255' })).toBe(true)
    expect(matches({ detail: { ip: [{ cidr: '172.16.0.0/12' }] } }, { ip: '172.32.0.0' })).toBe(false)
  })

  it('matches IPv6 addresses and never mixes families', () => {
    const pattern = { detail: { ip: [{ cidr: '2001:db8::/32' }] } }
    expect(matches(pattern, { ip: '2001:db8:1234::1' })).toBe(true)
    expect(matches(pattern, { ip: '2001:db9::1' })).toBe(false)
    expect(matches(pattern, { ip: '10.0.0.1' })).toBe(false)
    expect(matches({ detail: { ip: [{ cidr: '::ffff:10.0.0.0/120' }] } }, { ip: '::ffff:10.0.0.7' })).toBe(true)
  })

  it('matches any address of an array', () => {
    const pattern = { detail: { ips: [{ cidr: '10.0.0.0/8' }] } }
    expect(matches(pattern, { ips: ['192.168.0.1', '10.1.2.3'] })).toBe(true)
    expect(matches(pattern, { ips: ['192.168.0.1'] })).toBe(false)
  })
})

describe('$or', () => {
  it('matches when any branch matches', () => {
    const pattern = {
      source: ['omic.case-management'],
      $or: [{ 'detail-type': ['Case Closed'] }, { detail: { priority: [{ numeric: ['>=', 3] }] } }],
    }
    expect(matchesPattern(pattern, envelope({ priority: 1 }, { 'detail-type': 'Case Closed' }))).toBe(true)
    expect(matchesPattern(pattern, envelope({ priority: 4 }))).toBe(true)
    expect(matchesPattern(pattern, envelope({ priority: 1 }))).toBe(false)
    expect(matchesPattern(pattern, envelope({ priority: 4 }, { source: 'x' }))).toBe(false)
  })

  it('works inside nested objects, with AND inside a branch and nested $or', () => {
    const pattern = {
      detail: {
        $or: [
          { status: ['OPEN'], team: ['north'] },
          { status: ['ESCALATED'], $or: [{ level: [1] }, { level: [2] }] },
        ],
      },
    }
    expect(matches(pattern, { status: 'OPEN', team: 'north' })).toBe(true)
    expect(matches(pattern, { status: 'OPEN', team: 'south' })).toBe(false)
    expect(matches(pattern, { status: 'ESCALATED', level: 2 })).toBe(true)
    expect(matches(pattern, { status: 'ESCALATED', level: 3 })).toBe(false)
  })

  it('combines several $or at different levels (AND between them)', () => {
    const pattern = {
      $or: [{ source: ['a'] }, { source: ['omic.case-management'] }],
      detail: { $or: [{ x: ['1'] }, { y: ['2'] }] },
    }
    expect(matches(pattern, { y: '2' })).toBe(true)
    expect(matches(pattern, { z: '3' })).toBe(false)
  })

  it('keeps array elements consistent inside branches', () => {
    const pattern = { detail: { people: { $or: [{ name: ['Anna'], age: [30] }, { name: ['Zoe'] }] } } }
    expect(matches(pattern, { people: [{ name: 'Anna', age: 30 }] })).toBe(true)
    expect(
      matches(pattern, {
        people: [
          { name: 'Anna', age: 40 },
          { name: 'Bob', age: 30 },
        ],
      }),
    ).toBe(false)
  })
})

describe('envelope shape', () => {
  it('matches a realistic rule from a synthesized template', () => {
    const pattern = {
      source: ['omic.case-management'],
      'detail-type': ['Case Referred', 'Case Reopened'],
      region: [{ prefix: 'eu-' }],
      detail: {
        caseId: [{ exists: true }],
        priority: [{ numeric: ['>', 0, '<=', 5] }],
        status: [{ 'anything-but': ['CLOSED', 'WITHDRAWN'] }],
        referrer: { email: [{ suffix: { 'equals-ignore-case': '@JUSTICE.GOV.UK' } }] },
      },
    }
    const detail = { caseId: 'c-1', priority: 2, status: 'OPEN', referrer: { email: 'a.b@justice.gov.uk' } }
    expect(matchesPattern(pattern, envelope(detail))).toBe(true)
    expect(matchesPattern(pattern, envelope({ ...detail, status: 'CLOSED' }))).toBe(false)
    expect(matchesPattern(pattern, envelope(detail, { region: 'us-east-1' }))).toBe(false)
    expect(matchesPattern(pattern, envelope({ ...detail, referrer: { email: 'x@example.com' } }))).toBe(false)
  })

  it('never matches an invalid pattern', () => {
    expect(matchesPattern({ source: 'omic.case-management' }, envelope({}))).toBe(false)
    expect(matchesPattern({ source: [] }, envelope({}))).toBe(false)
    expect(matchesPattern(null, envelope({}))).toBe(false)
  })
})

describe('validatePattern', () => {
  it('accepts valid patterns', () => {
    expect(
      validatePattern({
        source: ['a', 1, true, null],
        detail: {
          a: [{ prefix: 'x' }, { prefix: { 'equals-ignore-case': 'x' } }, { suffix: 'y' }],
          b: [{ 'equals-ignore-case': 'x' }, { wildcard: 'a*b\\*' }, { exists: false }, { cidr: '10.0.0.0/8' }],
          c: [{ numeric: ['=', 1] }, { numeric: ['<', 10, '>=', 0] }, { cidr: '2001:db8::/32' }],
          d: [{ 'anything-but': 'x' }, { 'anything-but': [1, 2] }, { 'anything-but': { wildcard: ['*a', 'b*'] } }],
          $or: [{ e: ['1'] }, { f: { g: ['2'] } }],
        },
      }),
    ).toEqual([])
  })

  it('rejects non-objects, empty objects and scalar pattern values', () => {
    expect(validatePattern('x')).toEqual(['pattern: must be a JSON object'])
    expect(validatePattern([])).toEqual(['pattern: must be a JSON object'])
    expect(validatePattern({})).toEqual(['pattern: must not be an empty object'])
    expect(validatePattern({ detail: {} })).toEqual(['detail: must not be an empty object'])
    expect(validatePattern({ source: 'x' })).toEqual(['source: must be an array of values or a nested object, got "x"'])
    expect(validatePattern({ source: [] })).toEqual(['source: must not be an empty array'])
  })

  it('rejects unknown operators and malformed matchers with a path', () => {
    expect(validatePattern({ detail: { a: [{ startsWith: 'x' }] } })).toEqual([
      'detail.a[0].startsWith: unknown operator',
    ])
    expect(validatePattern({ a: [{ prefix: 'x', suffix: 'y' }] })).toEqual([
      'a[0]: a matcher object must have exactly one operator, got 2',
    ])
    expect(validatePattern({ a: [['x']] })[0]).toMatch(/^a\[0\]: must be a string/)
    expect(validatePattern({ a: [{ prefix: 1 }] })[0]).toMatch(/^a\[0\]\.prefix:/)
    expect(validatePattern({ a: [{ 'equals-ignore-case': ['x'] }] })[0]).toMatch(/must be a string/)
    expect(validatePattern({ a: [{ exists: 'true' }] })).toEqual(['a[0].exists: must be true or false'])
  })

  it('rejects bad numeric, cidr and wildcard operands', () => {
    expect(validatePattern({ a: [{ numeric: ['>', '5'] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ numeric: ['~', 5] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ numeric: ['>', 5, '>', 6] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ numeric: ['>', 5, '<', 1] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ numeric: ['=', 5, '<', 10] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ cidr: 'bad-filter' }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ cidr: '10.0.0.0/33' }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ cidr: 10 }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ wildcard: 'a**b' }] })[0]).toMatch(/consecutive/)
    expect(validatePattern({ a: [{ wildcard: 'a\\b' }] })[0]).toMatch(/backslash/)
  })

  it('rejects bad anything-but operands', () => {
    expect(validatePattern({ a: [{ 'anything-but': null }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': true }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': [] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': ['x', 1] }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': { prefix: '' } }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': { numeric: ['>', 1] } }] })).toHaveLength(1)
    expect(validatePattern({ a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] })).toHaveLength(1)
  })

  it('rejects malformed $or', () => {
    expect(validatePattern({ $or: [{ a: ['1'] }] })).toEqual(['$or: must be an array of at least two pattern objects'])
    expect(validatePattern({ $or: { a: ['1'] } })).toHaveLength(1)
    expect(validatePattern({ $or: [{ a: ['1'] }, { b: 'x' }] })).toEqual([
      '$or[1].b: must be an array of values or a nested object, got "x"',
    ])
  })
})
