/** One conformance vector, as in ../shared/spec/CONFORMANCE.md §1. */
export interface Vector {
  id: string
  kind: string
  description?: string
  source?: string
  today: string | null
  input: Record<string, unknown>
  expected: Record<string, unknown>
}

/**
 * Runs the rule a kind names on a vector's input and returns its output object.
 * An input the rule rejects throws (or returns `{ error: ... }`): error vectors expect exactly that.
 */
export type KindHandler = (input: Record<string, unknown>, today: string | null) => Record<string, unknown>

export type KindRegistry = Readonly<Record<string, KindHandler>>
