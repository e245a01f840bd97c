import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency'
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { Context } from 'aws-lambda'

/** Below this much remaining time an invocation does not claim an event. */
const MIN_MS_TO_CLAIM = 500

/** What became of one delivery of an event: handled now, or skipped because it was handled before. */
export type Once = 'handled' | 'duplicate'

export interface EventIdempotencyOptions {
  /** How long a completed event id is remembered (the table's TTL attribute `expiresAt`). */
  keepSeconds?: number
  /** Longest pause between two looks at a claim another invocation holds. */
  maxPollMs?: number
}

/**
 * Exactly-once handling by event id with `@aws-lambda-powertools/idempotency`, kept in the service's own table
 * (`pk = IDEMPOTENCY#<function>`, `sk = <function>#<hash of the event id>`, TTL `expiresAt`).
 *
 * The in-progress claim expires with the invocation that holds it (Powertools sets it to the Lambda context's
 * remaining time), so a timed-out or killed attempt never blocks Lambda's retry. A handler error deletes the
 * claim. A delivery that finds the claim held by a live invocation waits for it (polling, within its own
 * remaining time): it either sees the event completed (a duplicate) or the claim expire and takes it over.
 * Only when its own time runs out first does it fail, so that Lambda retries it later.
 */
export class EventIdempotency {
  private readonly persistence: DynamoDBPersistenceLayer
  private readonly keepSeconds: number
  private readonly maxPollMs: number

  constructor(client: DynamoDBClient, tableName: string, options: EventIdempotencyOptions = {}) {
    this.keepSeconds = options.keepSeconds ?? 7 * 24 * 3600
    this.maxPollMs = options.maxPollMs ?? 1000
    const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local'
    this.persistence = new DynamoDBPersistenceLayer({
      tableName,
      awsSdkV3Client: client,
      keyAttr: 'pk',
      sortKeyAttr: 'sk',
      staticPkValue: `IDEMPOTENCY#${functionName}`,
      expiryAttr: 'expiresAt',
    })
  }

  /** Runs `work` for this event id unless it already ran to completion. */
  async once(eventId: string, context: Context, work: () => Promise<void>): Promise<Once> {
    // Without the remaining time the claim would have no in-progress expiry and could block a retry for days
    if (typeof context?.getRemainingTimeInMillis !== 'function') {
      throw new TypeError('EventIdempotency.once needs the Lambda context (getRemainingTimeInMillis)')
    }
    // Powertools writes a claim without an in-progress expiry when no time is left, and such a claim could not
    // be taken over until it expires in days: fail before claiming instead, and Lambda retries
    if (context.getRemainingTimeInMillis() < MIN_MS_TO_CLAIM) {
      throw new Error(`Too little time left to handle event ${eventId}; it is retried`)
    }
    let ran = false
    // A config per invocation: Powertools keeps the Lambda context on it, and a local worker runs several at once
    const idempotent = makeIdempotent(
      async (_event: { id: string }, _context: Context) => {
        ran = true
        await work()
        return true
      },
      {
        persistenceStore: this.persistence,
        config: new IdempotencyConfig({ eventKeyJmesPath: 'id', expiresAfterSeconds: this.keepSeconds }),
      },
    )
    for (let pause = 50; ; pause = Math.min(pause * 2, this.maxPollMs)) {
      try {
        await idempotent({ id: eventId }, context)
        return ran ? 'handled' : 'duplicate'
      } catch (e) {
        if (!(e instanceof IdempotencyAlreadyInProgressError)) throw e
        // Leave a second to fail cleanly: Lambda then retries after the holder's claim has expired
        if (context.getRemainingTimeInMillis() < pause + 1000) {
          throw new Error(`Event ${eventId} is being handled by another invocation`, { cause: e })
        }
        await new Promise(resolve => setTimeout(resolve, pause))
      }
    }
  }
}
