/**
 * What waits by CRN until the CRN is linked to a NOMS number (lambda-kit `parkUntilLinked`): the newest v2 tier,
 * the newest v3 tier and the newest COM nDelius allocated, each applied by the first event that finds the CRN linked.
 */
import type { z } from 'zod'
import { comStateSchema, tierStateSchema } from './case'

/** Each part's schema: the store parses a parked part with it on the way out. */
export const PARKED_PARTS = { tierV2: tierStateSchema, tierV3: tierStateSchema, com: comStateSchema } as const

export type ParkedParts = { [K in keyof typeof PARKED_PARTS]: z.infer<(typeof PARKED_PARTS)[K]> }
