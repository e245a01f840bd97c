import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import {
  cancellationReasons,
  isConditionalFailure,
  jitteredBackoff,
  OptimisticRetryExhaustedError,
  RETRY,
  withOptimisticRetry,
} from '../src'

const noWait = { backoffMs: () => 0 }

const conditionalFailure = () => new ConditionalCheckFailedException({ message: 'x', $metadata: {} })
/** The SDK has no class of its own for it: a service exception named ValidationException. */
const validationException = () =>
  new DynamoDBServiceException({ name: 'ValidationException', $fault: 'client', $metadata: {}, message: 'x' })
const cancelled = (...codes: (string | undefined)[]) =>
  new TransactionCanceledException({
    message: 'x',
    $metadata: {},
    CancellationReasons: codes.map(Code => (Code === undefined ? {} : { Code })),
  })

describe('withOptimisticRetry', () => {
  it('returns the first attempt’s result when it does not ask to retry', async () => {
    const seen: number[] = []
    const result = await withOptimisticRetry(async n => {
      seen.push(n)
      return 'done'
    }, noWait)
    expect(result).toBe('done')
    expect(seen).toEqual([0])
  })

  it('retries when the attempt returns RETRY, numbering attempts from 0', async () => {
    const seen: number[] = []
    const result = await withOptimisticRetry(async n => {
      seen.push(n)
      return n < 2 ? RETRY : `done at ${n}`
    }, noWait)
    expect(result).toBe('done at 2')
    expect(seen).toEqual([0, 1, 2])
  })

  it('retries when the attempt throws a ConditionalCheckFailedException', async () => {
    let calls = 0
    const result = await withOptimisticRetry(async () => {
      calls++
      if (calls === 1) throw conditionalFailure()
      return 'written'
    }, noWait)
    expect(result).toBe('written')
    expect(calls).toBe(2)
  })

  it('retries when a transaction is cancelled because an item’s condition failed', async () => {
    let calls = 0
    const result = await withOptimisticRetry(async () => {
      calls++
      if (calls === 1) throw cancelled('None', 'ConditionalCheckFailed')
      return 'written'
    }, noWait)
    expect(result).toBe('written')
    expect(calls).toBe(2)
  })

  it('retries when a transaction collided with another (TransactionConflict)', async () => {
    let calls = 0
    await withOptimisticRetry(async () => {
      calls++
      if (calls === 1) throw cancelled('TransactionConflict', 'None')
      return 'written'
    }, noWait)
    expect(calls).toBe(2)
  })

  it('rethrows any other error at once, without another attempt', async () => {
    let calls = 0
    const boom = new Error('boom')
    await expect(
      withOptimisticRetry(async () => {
        calls++
        throw boom
      }, noWait),
    ).rejects.toBe(boom)
    expect(calls).toBe(1)
  })

  it('rethrows a ValidationException at once (not a lost race)', async () => {
    let calls = 0
    const error = validationException()
    await expect(
      withOptimisticRetry(async () => {
        calls++
        throw error
      }, noWait),
    ).rejects.toBe(error)
    expect(calls).toBe(1)
  })

  it('rethrows a cancelled transaction whose reasons are not a lost race at once', async () => {
    let calls = 0
    const error = cancelled('None', 'ValidationError')
    await expect(
      withOptimisticRetry(async () => {
        calls++
        throw error
      }, noWait),
    ).rejects.toBe(error)
    expect(calls).toBe(1)
  })

  it('gives up after `attempts` with OptimisticRetryExhaustedError naming what and how many', async () => {
    let calls = 0
    const failure = withOptimisticRetry(
      async () => {
        calls++
        return calls % 2 ? RETRY : Promise.reject(conditionalFailure())
      },
      { ...noWait, attempts: 3, what: 'case' },
    )
    await expect(failure).rejects.toBeInstanceOf(OptimisticRetryExhaustedError)
    await expect(failure).rejects.toMatchObject({
      name: 'OptimisticRetryExhaustedError',
      what: 'case',
      attempts: 3,
      message: 'case changed under each of 3 attempts; try again',
    })
    expect(calls).toBe(3)
  })

  it('makes 8 attempts by default, and names "the item" when not told what', async () => {
    let calls = 0
    await expect(
      withOptimisticRetry(async () => {
        calls++
        return RETRY
      }, noWait),
    ).rejects.toMatchObject({ what: 'the item', attempts: 8 })
    expect(calls).toBe(8)
  })

  it('gives up with the error `exhausted()` makes, when given', async () => {
    const mine = new Error('stale, reload')
    await expect(
      withOptimisticRetry(async () => RETRY, { ...noWait, attempts: 2, exhausted: () => mine }),
    ).rejects.toBe(mine)
  })

  it('waits backoffMs(retry) before each retry (1-based), never before the first attempt', async () => {
    const asked: number[] = []
    await withOptimisticRetry(async n => (n < 3 ? RETRY : 'ok'), {
      backoffMs: retry => {
        asked.push(retry)
        return retry === 1 ? 1 : 0
      },
    })
    expect(asked).toEqual([1, 2, 3])
  })

  it('the default backoff is jittered within 0 … 10·retry ms', () => {
    for (let i = 0; i < 100; i++) {
      const ms = jitteredBackoff(3)
      expect(ms).toBeGreaterThanOrEqual(0)
      expect(ms).toBeLessThan(30)
      expect(Number.isInteger(ms)).toBe(true)
    }
  })
})

describe('isConditionalFailure', () => {
  it('a ConditionalCheckFailedException is a conditional failure (of item 0 when an item is named)', () => {
    expect(isConditionalFailure(conditionalFailure())).toBe(true)
    expect(isConditionalFailure(conditionalFailure(), 0)).toBe(true)
    expect(isConditionalFailure(conditionalFailure(), 1)).toBe(false)
  })

  it('a cancelled transaction is a conditional failure of exactly the item whose condition failed', () => {
    const error = cancelled('None', 'ConditionalCheckFailed', 'None')
    expect(isConditionalFailure(error)).toBe(true)
    expect(isConditionalFailure(error, 0)).toBe(false)
    expect(isConditionalFailure(error, 1)).toBe(true)
    expect(isConditionalFailure(error, 2)).toBe(false)
    expect(isConditionalFailure(error, 3)).toBe(false)
  })

  it('each item index is recognised when that item failed', () => {
    for (const failed of [0, 1, 2, 3]) {
      const codes = [0, 1, 2, 3].map(i => (i === failed ? 'ConditionalCheckFailed' : 'None'))
      const error = cancelled(...codes)
      for (const item of [0, 1, 2, 3]) expect(isConditionalFailure(error, item)).toBe(item === failed)
    }
  })

  it('a TransactionConflict counts as a lost race, but not as a named item’s condition failing', () => {
    const error = cancelled('TransactionConflict', 'None')
    expect(isConditionalFailure(error)).toBe(true)
    expect(isConditionalFailure(error, 0)).toBe(false)
  })

  it('a single write that met a running transaction (TransactionConflictException) lost the same race', () => {
    const error = new TransactionConflictException({ message: 'x', $metadata: {} })
    expect(isConditionalFailure(error)).toBe(true)
    expect(isConditionalFailure(error, 0)).toBe(false)
  })

  it('a ValidationException, a plain error and a non-error are not conditional failures', () => {
    expect(isConditionalFailure(validationException())).toBe(false)
    expect(isConditionalFailure(validationException(), 0)).toBe(false)
    expect(isConditionalFailure(new Error('ConditionalCheckFailedException'))).toBe(false)
    expect(isConditionalFailure({ name: 'ConditionalCheckFailedException' })).toBe(false)
    expect(isConditionalFailure(undefined)).toBe(false)
    expect(isConditionalFailure('ConditionalCheckFailed')).toBe(false)
  })

  it('a cancelled transaction with no failed condition and no conflict is not a conditional failure', () => {
    expect(isConditionalFailure(cancelled('None', 'ValidationError'))).toBe(false)
    expect(isConditionalFailure(cancelled('ThrottlingError'))).toBe(false)
    expect(isConditionalFailure(cancelled())).toBe(false)
  })

  it('recognises the errors by name, so an error rebuilt from another SDK copy still counts', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
    })
    expect(isConditionalFailure(foreign, 0)).toBe(true)
  })
})

describe('cancellationReasons', () => {
  it('lists the codes of a cancelled transaction in item order', () => {
    expect(cancellationReasons(cancelled('None', 'ConditionalCheckFailed', 'TransactionConflict'))).toEqual([
      'None',
      'ConditionalCheckFailed',
      'TransactionConflict',
    ])
  })

  it('an item without a code reads as None', () => {
    expect(cancellationReasons(cancelled(undefined, 'ConditionalCheckFailed'))).toEqual([
      'None',
      'ConditionalCheckFailed',
    ])
  })

  it('is empty for anything but a cancelled transaction, or one without reasons', () => {
    expect(cancellationReasons(conditionalFailure())).toEqual([])
    expect(cancellationReasons(new Error('x'))).toEqual([])
    expect(cancellationReasons(null)).toEqual([])
    expect(cancellationReasons(new TransactionCanceledException({ message: 'x', $metadata: {} }))).toEqual([])
  })
})
