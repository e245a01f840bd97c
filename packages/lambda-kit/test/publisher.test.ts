import type { EventBridgeClient, PutEventsCommand, PutEventsCommandOutput } from '@aws-sdk/client-eventbridge'
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { catalogueValidator, EventPublisher, type OutgoingEvent, PublishError, toEnvelope } from '../src'

const handoverChanged = (nomsNumber = 'A1234BC'): OutgoingEvent => ({
  eventType: 'offender-management.handover.changed',
  occurredAt: '2026-05-01T10:00:00Z',
  identifiers: { noms: 'A1234BC' },
  additionalInformation: {
    nomsNumber,
    responsibility: 'CustodyWithCom',
    handoverStartDate: '2026-06-01',
    handoverDate: '2026-09-01',
    reason: 'determinate',
    source: 'calculation',
  },
})

const comAllocated: OutgoingEvent = {
  eventType: 'person.community.manager.allocated',
  occurredAt: '2026-05-01T10:00:00Z',
  identifiers: { crn: 'X123456' },
  additionalInformation: { staffCode: 'STAFF01' },
}

/** A valid event omic.allocation publishes. */
const allocationChanged: OutgoingEvent = {
  eventType: 'offender-management.allocation.changed',
  occurredAt: '2026-05-01T10:00:00Z',
  identifiers: { noms: 'A1234BC' },
  additionalInformation: {
    nomsNumber: 'A1234BC',
    staffCode: 485926,
    prisonId: 'LEI',
    role: 'primary',
    eventTrigger: 'user',
  },
}

function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (e) {
    return e
  }
  throw new Error('expected it to throw')
}

describe('catalogueValidator', () => {
  const handover = catalogueValidator('omic.handover')

  it('a valid envelope of a type this source publishes passes', () => {
    expect(() => handover(toEnvelope(handoverChanged()))).not.toThrow()
  })

  it('an event type not in the catalogue throws (never skipped)', () => {
    expect(() => handover(toEnvelope({ ...handoverChanged(), eventType: 'offender-management.made.up' }))).toThrow(
      'No contract for event type offender-management.made.up',
    )
  })

  it('an inherited property name is not an event type of the catalogue', () => {
    expect(() => handover(toEnvelope({ ...handoverChanged(), eventType: 'constructor' }))).toThrow(
      'No contract for event type constructor',
    )
  })

  it('a source that does not publish the type throws', () => {
    expect(() => catalogueValidator('omic.tiering')(toEnvelope(handoverChanged()))).toThrow(
      'omic.tiering does not publish offender-management.handover.changed',
    )
    expect(() => handover(toEnvelope(comAllocated))).toThrow(
      'omic.handover does not publish person.community.manager.allocated',
    )
  })

  it('a source the catalogue names in alsoFrom may publish the type', () => {
    expect(() => catalogueValidator('omic.allocation')(toEnvelope(comAllocated))).not.toThrow()
    expect(() => catalogueValidator('hmpps.probation')(toEnvelope(comAllocated))).not.toThrow()
  })

  it('an invalid envelope throws a ZodError naming the failing field', () => {
    const error = thrown(() => handover(toEnvelope(handoverChanged('not-a-noms'))))
    expect(error).toBeInstanceOf(ZodError)
    const paths = (error as ZodError).issues.map(i => i.path.join('.'))
    expect(paths).toContain('additionalInformation.nomsNumber')
  })

  it('an envelope missing the identifier its type requires throws a ZodError naming personReference', () => {
    const { identifiers: _, ...withoutIdentifiers } = handoverChanged()
    const error = thrown(() => handover(toEnvelope(withoutIdentifiers)))
    expect(error).toBeInstanceOf(ZodError)
    expect((error as ZodError).issues.map(i => i.path[0])).toContain('personReference')
  })
})

describe('toEnvelope', () => {
  it('wraps the event in the HMPPS envelope: version 1 by default, NOMS then CRN identifiers', () => {
    expect(
      toEnvelope({
        eventType: 'a.b',
        occurredAt: '2026-05-01T10:00:00Z',
        identifiers: { noms: 'A1234BC', crn: 'X123456' },
        description: 'what happened',
        additionalInformation: { x: 1 },
      }),
    ).toEqual({
      eventType: 'a.b',
      version: 1,
      occurredAt: '2026-05-01T10:00:00Z',
      description: 'what happened',
      personReference: {
        identifiers: [
          { type: 'NOMS', value: 'A1234BC' },
          { type: 'CRN', value: 'X123456' },
        ],
      },
      additionalInformation: { x: 1 },
    })
  })

  it('leaves out personReference without identifiers, and description when not given', () => {
    const envelope = toEnvelope({
      eventType: 'a.b',
      occurredAt: '2026-05-01T10:00:00Z',
      identifiers: { noms: null, crn: null },
      additionalInformation: {},
      version: 2,
    })
    expect(envelope).toEqual({
      eventType: 'a.b',
      version: 2,
      occurredAt: '2026-05-01T10:00:00Z',
      additionalInformation: {},
    })
  })
})

/** An EventBridge client that records each PutEvents call and answers with `reply`. */
function fakeEventBridge(
  reply: (entries: number) => Partial<PutEventsCommandOutput> = () => ({ FailedEntryCount: 0 }),
) {
  const commands: PutEventsCommand[] = []
  const client = {
    send: async (command: PutEventsCommand) => {
      commands.push(command)
      return reply(command.input.Entries?.length ?? 0)
    },
  } as unknown as EventBridgeClient
  return { client, commands }
}

describe('EventPublisher', () => {
  it('sends each event with the bus, its source, the detail-type and the envelope as detail', async () => {
    const bus = fakeEventBridge()
    await new EventPublisher(bus.client, 'omic-bus', 'omic.handover').publish([handoverChanged()])
    expect(bus.commands).toHaveLength(1)
    const [entry] = bus.commands[0]?.input.Entries ?? []
    expect(entry).toMatchObject({
      EventBusName: 'omic-bus',
      Source: 'omic.handover',
      DetailType: 'offender-management.handover.changed',
    })
    expect(JSON.parse(String(entry?.Detail))).toEqual(toEnvelope(handoverChanged()))
  })

  it('sends ten events per call', async () => {
    const bus = fakeEventBridge()
    await new EventPublisher(bus.client, 'omic-bus', 'omic.handover').publish(
      Array.from({ length: 23 }, () => handoverChanged()),
    )
    expect(bus.commands.map(c => c.input.Entries?.length)).toEqual([10, 10, 3])
  })

  it('sends nothing for no events', async () => {
    const bus = fakeEventBridge()
    await new EventPublisher(bus.client, 'omic-bus', 'omic.handover').publish([])
    expect(bus.commands).toHaveLength(0)
  })

  it('validates against the catalogue before sending: an invalid event is not sent, nor is its batch', async () => {
    const bus = fakeEventBridge()
    const publisher = new EventPublisher(bus.client, 'omic-bus', 'omic.handover')
    await expect(publisher.publish([handoverChanged(), handoverChanged('bad')])).rejects.toBeInstanceOf(ZodError)
    expect(bus.commands).toHaveLength(0)
  })

  it('checks every event before sending any: an invalid eleventh event keeps the first ten from being sent', async () => {
    const bus = fakeEventBridge()
    const publisher = new EventPublisher(bus.client, 'omic-bus', 'omic.handover')
    const events = [...Array.from({ length: 10 }, () => handoverChanged()), handoverChanged('bad')]
    await expect(publisher.publish(events)).rejects.toBeInstanceOf(ZodError)
    expect(bus.commands).toHaveLength(0)
  })

  it('an event type its source does not publish is not sent', async () => {
    const bus = fakeEventBridge()
    const publisher = new EventPublisher(bus.client, 'omic-bus', 'omic.tiering')
    await expect(publisher.publish([handoverChanged()])).rejects.toThrow(
      'omic.tiering does not publish offender-management.handover.changed',
    )
    expect(bus.commands).toHaveLength(0)
  })

  it('uses the validator it is given instead of the catalogue’s', async () => {
    const bus = fakeEventBridge()
    const checked: string[] = []
    const publisher = new EventPublisher(bus.client, 'omic-bus', 'test.source', e => {
      checked.push(e.eventType)
    })
    await publisher.publish([
      { eventType: 'test.thing', occurredAt: '2026-05-01T10:00:00Z', additionalInformation: {} },
    ])
    expect(checked).toEqual(['test.thing'])
    expect(bus.commands).toHaveLength(1)
  })

  it('throws PublishError naming the rejected entries when FailedEntryCount > 0', async () => {
    const bus = fakeEventBridge(() => ({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'e-1' }, { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
    }))
    const publisher = new EventPublisher(bus.client, 'omic-bus', 'omic.allocation')
    const error = await publisher.publish([allocationChanged, comAllocated]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishError)
    expect((error as PublishError).message).toBe('EventBridge rejected 1 event(s)')
    expect((error as PublishError).failed).toEqual([
      { eventType: 'person.community.manager.allocated', code: 'InternalFailure' },
    ])
  })

  it('fromEnv requires EVENT_BUS_NAME and EVENT_SOURCE', () => {
    expect(() => EventPublisher.fromEnv({ EVENT_SOURCE: 'omic.handover' })).toThrow(
      'Environment variable EVENT_BUS_NAME is required',
    )
    expect(() => EventPublisher.fromEnv({ EVENT_BUS_NAME: 'bus' })).toThrow(
      'Environment variable EVENT_SOURCE is required',
    )
    expect(EventPublisher.fromEnv({ EVENT_BUS_NAME: 'bus', EVENT_SOURCE: 'omic.handover' })).toBeInstanceOf(
      EventPublisher,
    )
  })
})
