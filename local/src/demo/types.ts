/** The public types of the demo estate's prisoners and events (re-exported by `./estate`). */
import type { LegalStatus, RoshLevel, UpstreamEventOf, UpstreamEvents, UpstreamEventType } from '@omic/contracts'
import type { SentenceKind } from './sentence-kinds'

export interface EstateOptions {
  /** Number of prisoners (500 for the usual demo). */
  prisoners: number
  seed: number
  /** The demo's "today", `YYYY-MM-DD`. */
  today: string
}

export interface DemoPrisoner {
  nomsNumber: string
  crn: string | null
  firstName: string
  lastName: string
  gender: 'Male' | 'Female'
  dateOfBirth: string
  prisonId: string
  sentenceKind: SentenceKind
  legalStatus: LegalStatus
  imprisonmentStatus: string
  indeterminate: boolean
  recall: boolean
  /** Legal status is one Manage POM Cases handles and the case is sentenced or immigration (handover.md §a). */
  inOmicPolicy: boolean
  /** Earliest release date for handover (handover.md §b), null when there is none. */
  earliestReleaseDate: string | null
  pduCode: string | null
  lduCode: string | null
  teamCode: string | null
  comStaffCode: string | null
  roshLevel: RoshLevel | null
  mappaLevel: number | null
}

export type DemoEventOf<T extends UpstreamEventType> = {
  source: UpstreamEvents[T]['source']
  detailType: T
  detail: UpstreamEventOf<T>
}
/** One EventBridge entry: `source`, `detail-type` and the envelope as `detail`. */
export type DemoEvent = { [T in UpstreamEventType]: DemoEventOf<T> }[UpstreamEventType]

export interface GeneratedPrisoner {
  prisoner: DemoPrisoner
  events: DemoEvent[]
}
