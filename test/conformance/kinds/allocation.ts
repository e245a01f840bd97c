import type { RuleViolation } from '@omic/domain'
import {
  availablePoints,
  availablePointsInputSchema,
  capacityInputSchema,
  capacityPercent,
  comCasePoints,
  comCaseSchema,
  pomTypeInputSchema,
  recommendPomType,
} from '@omic/domain'
import type { z } from 'zod'
import type { KindRegistry } from '../types'

type Output = Record<string, unknown>

/** Parses a vector's input with the rule's schema; a rejected input becomes an error result. */
function withInput<S extends z.ZodType>(schema: S, input: unknown, run: (value: z.output<S>) => Output): Output {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const error: RuleViolation = { field: issue?.path.join('.') ?? '', reason: issue?.message ?? 'invalid input' }
    return { error }
  }
  return run(parsed.data)
}

/** Conformance adapters for the allocation rules in @omic/domain: vector input → domain call → output object. */
export const allocationKinds: KindRegistry = {
  'allocation.pomType': input =>
    withInput(pomTypeInputSchema, input, value => {
      const { pomType, reason } = recommendPomType(value)
      return { pomType, reason }
    }),

  'workload.casePoints': input => withInput(comCaseSchema, input, value => ({ points: comCasePoints(value).points })),

  'workload.availablePoints': input =>
    withInput(availablePointsInputSchema, input, value => {
      const result = availablePoints(value)
      return result.ok ? { availablePoints: result.value.availablePoints } : { error: result.error }
    }),

  'workload.capacity': input =>
    withInput(capacityInputSchema, input, value => {
      const result = capacityPercent(value)
      return result.ok ? { capacity: result.value.capacity } : { error: result.error }
    }),
}
