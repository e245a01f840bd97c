import type { IsoDate } from '@omic/domain'
import { type Clock, InMemoryCrnLinks } from '@omic/lambda-kit'
import type { CaseRules, ParkedParts } from '../../src/model'
import type { AllocationStore, CaseCrnLinks } from '../../src/ports'
import type { Actor, Deps } from '../../src/use-cases/deps'
import { RecordingSink } from './recording-sink'

/** A clock the test moves by hand; each reading of `now` moves it on a millisecond so events keep their order. */
export class TestClock implements Clock {
  constructor(private instant: string) {}
  now(): Date {
    const now = new Date(this.instant)
    this.advance(1)
    return now
  }
  today(): IsoDate {
    return this.instant.slice(0, 10)
  }
  set(instant: string): void {
    this.instant = instant
  }
  advance(ms: number): void {
    this.instant = new Date(Date.parse(this.instant) + ms).toISOString()
  }
}

export const RULES: CaseRules = { strategy: 'tier', newArrivalWorkingDays: 2 }

export function testDeps(
  store: AllocationStore,
  clock = new TestClock('2026-11-24T10:00:00.000Z'),
  crnLinks: CaseCrnLinks = new InMemoryCrnLinks<ParkedParts>(),
) {
  const sink = new RecordingSink()
  let n = 0
  const warnings: string[] = []
  const deps: Deps = {
    store,
    crnLinks,
    events: sink,
    clock,
    ids: { next: () => `id-${String(++n).padStart(5, '0')}` },
    rules: RULES,
    log: { warn: message => warnings.push(message), info: () => {} },
  }
  return { deps, sink, clock, warnings, crnLinks }
}

export const SPO: Actor = { subject: 'spo-1', staffId: '9001', name: 'Hana Okoro', email: 'hana.okoro@prison.example' }
export const SPO2: Actor = { subject: 'spo-2', staffId: '9002', name: null, email: null }
