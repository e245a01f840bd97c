import { outboxDrainHandler } from '@omic/lambda-kit'
import { outboxDeps } from '../composition'

/** Every 5 minutes: publishes the case outbox events whose lease ran out (a failed publish, a dead writer). */
export const handler = outboxDrainHandler(outboxDeps)
