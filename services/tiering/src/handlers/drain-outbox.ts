import { outboxDrainHandler } from '@omic/lambda-kit'
import { outbox } from '../composition'

/**
 * Every 5 minutes: republishes the `tier.calculation.complete` events a failed publish left in a case's outbox
 * (docs/decisions/0005-outbox.md), so a quiet case's event is not left waiting for its next change.
 */
export const handler = outboxDrainHandler(() => outbox)
