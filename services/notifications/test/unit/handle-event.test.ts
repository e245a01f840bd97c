/**
 * The use cases on in-memory ports (test/fakes): they depend on the ports alone, so an event's whole path —
 * directory, dedupe, parking, CRN links, digests, the channel — runs without DynamoDB.
 */
import { describe, expect, it } from 'vitest'
import { flushBulkDigests } from '../../src/use-cases/bulk-digest'
import { handleEvent } from '../../src/use-cases/handle-event'
import { fakeDeps } from '../fakes'
import {
  allocationChanged,
  COM,
  CRN,
  comAllocated,
  NOMS,
  OTHER_POM,
  POM,
  prisonerReceived,
  probationDetails,
  tierComplete,
} from '../support/events'

const pom = { staffCode: POM.staffCode, staffName: POM.name, staffEmail: POM.email }

describe('handleEvent on in-memory ports', () => {
  it('emails the new POM once, and publishes the outcome once, however often the event comes', async () => {
    const { deps, outbox, publisher } = fakeDeps()
    await handleEvent(deps, prisonerReceived('2026-11-23T09:00:00Z'))
    const event = allocationChanged('2026-11-23T10:00:00Z', pom)
    expect((await handleEvent(deps, event)).outcomes).toEqual([{ template: 'new-allocation', outcome: 'sent' }])
    expect((await handleEvent(deps, event)).outcomes).toEqual([{ template: 'new-allocation', outcome: 'duplicate' }])
    const sent = await outbox.list(10)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ to: POM.email, template: 'new-allocation' })
    expect(sent[0]?.body).toContain('Dami Okafor (G4821KT)')
    expect(publisher.events.map(e => e.eventType)).toEqual(['offender-management.notification.sent'])
  })

  it('parks a tier under its CRN until the CRN is linked, then a COM allocation shows it', async () => {
    const { deps, outbox } = fakeDeps()
    // (without waiting for the scores the email also shows: they have tests of their own)
    deps.optionalFactsWaitMs = 0
    await handleEvent(deps, tierComplete('2026-11-23T08:00:00Z', CRN, 'C'))
    expect((await deps.crnLinks.get(CRN)).parked.tier?.value).toEqual({ tier: 'C' })
    await handleEvent(deps, prisonerReceived('2026-11-23T09:00:00Z'))
    await handleEvent(deps, probationDetails('2026-11-23T09:00:00Z'))
    expect((await deps.directory.getCase(NOMS))?.tier).toEqual({ tier: 'C' })
    expect((await deps.crnLinks.get(CRN)).parked).toEqual({})
    await handleEvent(deps, comAllocated('2026-11-23T10:00:00Z'))
    const [email] = (await outbox.list(10)).filter(e => e.to === COM.email)
    expect(email?.body).toContain('Tier: C')
  })

  it('parks an email that lacks case facts and sends it when they arrive', async () => {
    const { deps, outbox } = fakeDeps()
    const first = await handleEvent(deps, allocationChanged('2026-11-23T10:00:00Z', pom))
    expect(first.outcomes).toEqual([{ template: 'new-allocation', outcome: 'parked' }])
    expect(await outbox.list(10)).toEqual([])
    const arrived = await handleEvent(deps, prisonerReceived('2026-11-23T10:01:00Z'))
    expect(arrived.outcomes).toEqual([{ template: 'new-allocation', outcome: 'sent' }])
    expect((await outbox.list(10))[0]?.body).toContain('Dami Okafor (G4821KT)')
  })

  it('gathers a bulk reallocation in a digest and sends one summary to each POM once it is quiet', async () => {
    const { deps, outbox, clock } = fakeDeps('2026-11-23T10:00:00Z')
    await handleEvent(deps, prisonerReceived('2026-11-23T09:00:00Z'))
    const bulk = allocationChanged('2026-11-23T10:00:00Z', {
      ...pom,
      previousStaffCode: OTHER_POM.staffCode,
      previousStaffName: OTHER_POM.name,
      previousStaffEmail: OTHER_POM.email,
      eventTrigger: 'bulk_reallocation',
    })
    expect((await handleEvent(deps, bulk)).outcomes).toEqual([])
    expect((await flushBulkDigests(deps)).digests).toBe(0)
    clock.set('2026-11-23T10:10:00Z')
    const run = await flushBulkDigests(deps)
    expect(run.outcomes).toEqual([
      { template: 'bulk-allocations-created', outcome: 'sent' },
      { template: 'bulk-allocations-removed', outcome: 'sent' },
    ])
    expect((await outbox.list(10)).map(e => e.to).sort()).toEqual([POM.email, OTHER_POM.email].sort())
    expect((await flushBulkDigests(deps)).digests).toBe(0)
  })
})
