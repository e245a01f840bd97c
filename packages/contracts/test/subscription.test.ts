import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type CommunityManagerAllocatedEvent,
  EVENT_CATALOGUE,
  type PrisonerReceivedEvent,
  type ProbationCaseDetailsChangedEvent,
  PUBLISHED_EVENTS,
  type SubscribedEvent,
  type SubscribedEventOf,
  sourcesOf,
  subscription,
  UPSTREAM_EVENTS,
} from '../src'

describe('subscription: the EventBridge pattern is exact source/detail-type pairs', () => {
  it('types from one source give one plain sub-pattern (no $or)', () => {
    const sub = subscription([
      'prisoner-offender-search.prisoner.received',
      'prisoner-offender-search.prisoner.updated',
    ])
    expect(sub.pattern).toEqual({
      source: ['hmpps.prison'],
      'detail-type': ['prisoner-offender-search.prisoner.received', 'prisoner-offender-search.prisoner.updated'],
    })
    expect(sub.types).toEqual([
      'prisoner-offender-search.prisoner.received',
      'prisoner-offender-search.prisoner.updated',
    ])
  })

  it('types from several sources give $or with one sub-pattern per source, each naming only its own types', () => {
    const sub = subscription([
      'prisoner-offender-search.prisoner.received',
      'probation-case.details.changed',
      'parole.review.updated',
      'probation-case.convictions.changed',
    ])
    expect(sub.pattern).toEqual({
      $or: [
        { source: ['hmpps.prison'], 'detail-type': ['prisoner-offender-search.prisoner.received'] },
        {
          source: ['hmpps.probation'],
          'detail-type': ['probation-case.details.changed', 'probation-case.convictions.changed'],
        },
        { source: ['hmpps.parole'], 'detail-type': ['parole.review.updated'] },
      ],
    })
    if (!('$or' in sub.pattern)) throw new Error('expected $or')
    for (const part of sub.pattern.$or) expect(part.source).toHaveLength(1)
  })

  it('a subscription to a published type takes it from its producing service', () => {
    const sub = subscription(['offender-management.allocation.changed'])
    expect(sub.pattern).toEqual({
      source: ['omic.allocation'],
      'detail-type': ['offender-management.allocation.changed'],
    })
  })
})

describe('subscription: alsoFrom', () => {
  it('person.community.manager.allocated is taken from hmpps.probation and from omic.allocation', () => {
    const sub = subscription(['person.community.manager.allocated'])
    expect(sub.sources['person.community.manager.allocated']).toEqual(['hmpps.probation', 'omic.allocation'])
    expect(sub.pattern).toEqual({
      $or: [
        { source: ['hmpps.probation'], 'detail-type': ['person.community.manager.allocated'] },
        { source: ['omic.allocation'], 'detail-type': ['person.community.manager.allocated'] },
      ],
    })
    expect(sourcesOf('person.community.manager.allocated')).toEqual(['hmpps.probation', 'omic.allocation'])
  })

  it('an alsoFrom source carries only the types it publishes, never the other types of the subscription', () => {
    const sub = subscription(['probation-case.details.changed', 'person.community.manager.allocated'])
    expect(sub.pattern).toEqual({
      $or: [
        {
          source: ['hmpps.probation'],
          'detail-type': ['probation-case.details.changed', 'person.community.manager.allocated'],
        },
        { source: ['omic.allocation'], 'detail-type': ['person.community.manager.allocated'] },
      ],
    })
    expect(sub.sources['probation-case.details.changed']).toEqual(['hmpps.probation'])
  })

  it('a type without alsoFrom has exactly its producer as source', () => {
    expect(sourcesOf('parole.review.updated')).toEqual(['hmpps.parole'])
    expect(sourcesOf('tier.calculation.complete')).toEqual(['omic.tiering'])
  })
})

describe('subscription: notFrom', () => {
  it('notFrom drops that source from the sources and from the pattern', () => {
    const sub = subscription(['person.community.manager.allocated'], { notFrom: ['omic.allocation'] })
    expect(sub.sources['person.community.manager.allocated']).toEqual(['hmpps.probation'])
    expect(sub.pattern).toEqual({
      source: ['hmpps.probation'],
      'detail-type': ['person.community.manager.allocated'],
    })
  })

  it('notFrom applies to every type of the subscription', () => {
    const sub = subscription(['probation-case.details.changed', 'person.community.manager.allocated'], {
      notFrom: ['omic.allocation'],
    })
    expect(sub.pattern).toEqual({
      source: ['hmpps.probation'],
      'detail-type': ['probation-case.details.changed', 'person.community.manager.allocated'],
    })
  })

  it('a type left with no source throws, naming the type', () => {
    expect(() => subscription(['parole.review.updated'], { notFrom: ['hmpps.parole'] })).toThrow(
      'parole.review.updated is left with no source',
    )
    expect(() =>
      subscription(['person.community.manager.allocated'], { notFrom: ['hmpps.probation', 'omic.allocation'] }),
    ).toThrow('person.community.manager.allocated is left with no source')
  })

  it('a notFrom source the types do not come from changes nothing', () => {
    const sub = subscription(['parole.review.updated'], { notFrom: ['omic.handover'] })
    expect(sub.pattern).toEqual({ source: ['hmpps.parole'], 'detail-type': ['parole.review.updated'] })
  })
})

describe('subscription: each type once, and only catalogue types', () => {
  it('an unknown type throws', () => {
    // @ts-expect-error: not a catalogue event type (the compiler rejects it too)
    expect(() => subscription(['no.such.event'])).toThrow('no.such.event is not in the event catalogue')
  })

  it('an inherited property name is not a catalogue type', () => {
    // @ts-expect-error: not a catalogue event type
    expect(() => subscription(['toString'])).toThrow('toString is not in the event catalogue')
  })

  it('a type subscribed twice throws', () => {
    expect(() => subscription(['parole.review.updated', 'parole.review.updated'])).toThrow(
      'parole.review.updated is subscribed twice',
    )
  })
})

describe('subscription: schemas', () => {
  it('schemas[type] is the catalogue’s schema object itself', () => {
    const sub = subscription(['parole.review.updated', 'offender-management.handover.changed'])
    expect(sub.schemas['parole.review.updated']).toBe(UPSTREAM_EVENTS['parole.review.updated'].schema)
    expect(sub.schemas['offender-management.handover.changed']).toBe(
      PUBLISHED_EVENTS['offender-management.handover.changed'].schema,
    )
    expect(sub.schemas['parole.review.updated']).toBe(EVENT_CATALOGUE['parole.review.updated'].schema)
    expect(Object.keys(sub.schemas)).toEqual(['parole.review.updated', 'offender-management.handover.changed'])
    expect(Object.keys(sub.sources)).toEqual(['parole.review.updated', 'offender-management.handover.changed'])
  })

  it('the catalogue holds every upstream and every published type', () => {
    expect(Object.keys(EVENT_CATALOGUE).sort()).toEqual(
      [...Object.keys(UPSTREAM_EVENTS), ...Object.keys(PUBLISHED_EVENTS)].sort(),
    )
  })
})

describe('subscription: types', () => {
  const sub = subscription([
    'prisoner-offender-search.prisoner.received',
    'probation-case.details.changed',
    'person.community.manager.allocated',
  ])

  it('SubscribedEventOf narrows to the named detail-types and their parsed envelopes', () => {
    type Received = SubscribedEventOf<typeof sub, 'prisoner-offender-search.prisoner.received'>
    expectTypeOf<Received['detailType']>().toEqualTypeOf<'prisoner-offender-search.prisoner.received'>()
    expectTypeOf<Received['detail']>().toEqualTypeOf<PrisonerReceivedEvent>()

    type Probation = SubscribedEventOf<
      typeof sub,
      'probation-case.details.changed' | 'person.community.manager.allocated'
    >
    expectTypeOf<Probation['detailType']>().toEqualTypeOf<
      'probation-case.details.changed' | 'person.community.manager.allocated'
    >()
    expectTypeOf<
      Extract<Probation, { detailType: 'person.community.manager.allocated' }>['detail']
    >().toEqualTypeOf<CommunityManagerAllocatedEvent>()
    expectTypeOf<
      Extract<Probation, { detailType: 'probation-case.details.changed' }>['detail']
    >().toEqualTypeOf<ProbationCaseDetailsChangedEvent>()
  })

  it('SubscribedEvent is the union of every subscribed detail-type, and nothing else', () => {
    expectTypeOf<SubscribedEvent<typeof sub>['detailType']>().toEqualTypeOf<
      | 'prisoner-offender-search.prisoner.received'
      | 'probation-case.details.changed'
      | 'person.community.manager.allocated'
    >()
    expectTypeOf<SubscribedEvent<typeof sub>>().toHaveProperty('source').toEqualTypeOf<string>()
  })

  it('schemas and sources are keyed by exactly the subscribed types', () => {
    expectTypeOf<keyof typeof sub.schemas>().toEqualTypeOf<
      | 'prisoner-offender-search.prisoner.received'
      | 'probation-case.details.changed'
      | 'person.community.manager.allocated'
    >()
    expectTypeOf<keyof typeof sub.sources>().toEqualTypeOf<keyof typeof sub.schemas>()
  })
})
