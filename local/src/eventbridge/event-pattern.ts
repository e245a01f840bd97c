/**
 * Amazon EventBridge event pattern matching, for the local EventBridge endpoint. Pure: no I/O, no clock.
 *
 * Semantics (from the EventBridge user guide, "Content filtering in Amazon EventBridge event patterns", and the
 * behaviour of the open-source event-ruler it is built on):
 * - A pattern is a JSON object. Every key in it must match (AND). Keys absent from the pattern are ignored.
 * - A pattern value is either a nested object (matched against the nested event object) or a non-empty array of
 *   matchers, any of which may match (OR). A bare scalar pattern value is invalid (EventBridge rejects it).
 * - An event value that is an array matches if ANY of its elements matches; arrays are flattened ("crushed").
 *   When a nested pattern meets an array of objects, all of that nested pattern's fields must match within the SAME
 *   element (event-ruler's array-consistent matching). An empty array has no values: it behaves like an absent field.
 * - Matchers only see leaf values (string, number, boolean, null). A field whose value is an object is not a leaf.
 * - Exact matches are type-strict: `"5"` does not match `5`, `""` does not match `null`.
 * - `exists: true` matches when the field is present with a leaf value, including `null` (AWS matches `null` here);
 *   `exists: false` matches when there is no leaf value: the field (or an intermediate object) is absent, or its value
 *   is an object or an empty array.
 * - `anything-but` needs the field to be present; it matches any leaf value not excluded, including `null` and values
 *   of another type (a number passes `{ "anything-but": { "prefix": "init" } }`).
 * - `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` only match strings; `numeric` only matches numbers.
 * - `$or` (an array of at least two sub-patterns) may appear at any object level: one of the sub-patterns must match
 *   at that level.
 *
 * A pattern that `validatePattern` rejects never matches.
 */
import { isIP } from 'node:net'

type JsonObject = Record<string, unknown>
type Leaf = string | number | boolean | null

const OR_KEY = '$or'
const IGNORE_CASE = 'equals-ignore-case'

const Operator = {
  prefix: 'prefix',
  suffix: 'suffix',
  equalsIgnoreCase: 'equals-ignore-case',
  anythingBut: 'anything-but',
  numeric: 'numeric',
  exists: 'exists',
  cidr: 'cidr',
  wildcard: 'wildcard',
} as const

const ANYTHING_BUT_OPERATORS: readonly string[] = [
  Operator.prefix,
  Operator.suffix,
  Operator.equalsIgnoreCase,
  Operator.wildcard,
] as const

const LOWER_BOUNDS: readonly string[] = ['>', '>='] as const
const UPPER_BOUNDS: readonly string[] = ['<', '<='] as const
const COMPARISONS: readonly string[] = ['=', ...LOWER_BOUNDS, ...UPPER_BOUNDS] as const

// ---------------------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------------------

/** True when `event` matches the EventBridge event `pattern`. An invalid pattern (see `validatePattern`) never matches. */
export function matchesPattern(pattern: unknown, event: Record<string, unknown>): boolean {
  if (validatePattern(pattern).length > 0) return false
  return matchObject(pattern as JsonObject, event)
}

/** Matches the pattern object `pattern` against `value`, the event's value at the same level (absent = undefined). */
function matchObject(pattern: JsonObject, value: unknown): boolean {
  for (const [key, patternValue] of Object.entries(pattern)) {
    if (key === OR_KEY && isOrList(patternValue)) {
      if (!patternValue.some(branch => matchObject(branch, value))) return false
      continue
    }
    const child = isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined
    const ok = Array.isArray(patternValue)
      ? matchLeafConditions(patternValue, child)
      : matchNested(patternValue as JsonObject, child)
    if (!ok) return false
  }
  return true
}

function matchNested(pattern: JsonObject, child: unknown): boolean {
  if (Array.isArray(child)) {
    const objects = flatten(child).filter(isPlainObject)
    // Each element is tried on its own, so every field of `pattern` must come from the same element.
    return objects.length === 0 ? matchObject(pattern, undefined) : objects.some(o => matchObject(pattern, o))
  }
  return matchObject(pattern, isPlainObject(child) ? child : undefined)
}

function matchLeafConditions(conditions: readonly unknown[], child: unknown): boolean {
  const leaves = leafValues(child)
  return conditions.some(condition => matchCondition(condition, leaves))
}

function leafValues(child: unknown): Leaf[] {
  if (child === undefined || isPlainObject(child)) return []
  if (Array.isArray(child)) return flatten(child).filter(isLeaf)
  return isLeaf(child) ? [child] : []
}

function matchCondition(condition: unknown, leaves: readonly Leaf[]): boolean {
  if (isPlainObject(condition) && Object.hasOwn(condition, Operator.exists)) {
    return condition[Operator.exists] === true ? leaves.length > 0 : leaves.length === 0
  }
  return leaves.some(leaf => matchValue(condition, leaf))
}

function matchValue(condition: unknown, leaf: Leaf): boolean {
  if (!isPlainObject(condition)) return condition === leaf
  const [operator, operand] = Object.entries(condition)[0] ?? []
  switch (operator) {
    case Operator.prefix:
      return typeof leaf === 'string' && affixMatches(operand, leaf, (s, p) => s.startsWith(p))
    case Operator.suffix:
      return typeof leaf === 'string' && affixMatches(operand, leaf, (s, p) => s.endsWith(p))
    case Operator.equalsIgnoreCase:
      return typeof leaf === 'string' && typeof operand === 'string' && foldCase(leaf) === foldCase(operand)
    case Operator.wildcard:
      return typeof leaf === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(leaf)
    case Operator.numeric:
      return typeof leaf === 'number' && Array.isArray(operand) && numericMatches(operand, leaf)
    case Operator.cidr:
      return typeof leaf === 'string' && typeof operand === 'string' && cidrContains(operand, leaf)
    case Operator.anythingBut:
      return !isExcluded(operand, leaf)
    default:
      return false
  }
}

/** `prefix`/`suffix` operand: a string (case-sensitive) or `{ "equals-ignore-case": string }`. */
function affixMatches(operand: unknown, value: string, test: (s: string, affix: string) => boolean): boolean {
  if (typeof operand === 'string') return test(value, operand)
  if (isPlainObject(operand) && typeof operand[IGNORE_CASE] === 'string') {
    return test(foldCase(value), foldCase(operand[IGNORE_CASE]))
  }
  return false
}

/** Whether `leaf` is one of the values an `anything-but` operand excludes. */
function isExcluded(operand: unknown, leaf: Leaf): boolean {
  if (Array.isArray(operand)) return operand.some(item => isExcluded(item, leaf))
  if (!isPlainObject(operand)) return operand === leaf
  const [operator, value] = Object.entries(operand)[0] ?? []
  if (typeof leaf !== 'string') return false
  const values = Array.isArray(value) ? value : [value]
  return values.some(v => {
    if (typeof v !== 'string') return false
    switch (operator) {
      case Operator.prefix:
        return leaf.startsWith(v)
      case Operator.suffix:
        return leaf.endsWith(v)
      case Operator.equalsIgnoreCase:
        return foldCase(leaf) === foldCase(v)
      case Operator.wildcard:
        return wildcardRegExp(v).test(leaf)
      default:
        return false
    }
  })
}

function numericMatches(operand: readonly unknown[], value: number): boolean {
  for (let i = 0; i + 1 < operand.length; i += 2) {
    const op = operand[i]
    const bound = operand[i + 1]
    if (typeof bound !== 'number') return false
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false
    if (!ok) return false
  }
  return true
}

function foldCase(s: string): string {
  return s.toLowerCase()
}

// ---------------------------------------------------------------------------------------------------------------------
// Wildcards: `*` matches any run of characters (including none), `\*` is a literal star, `\\` a literal backslash.
// ---------------------------------------------------------------------------------------------------------------------

const wildcardCache = new Map<string, RegExp>()

function wildcardRegExp(wildcard: string): RegExp {
  const cached = wildcardCache.get(wildcard)
  if (cached) return cached
  let source = ''
  for (let i = 0; i < wildcard.length; i++) {
    const ch = wildcard[i] as string
    if (ch === '\\') {
      i++
      source += escapeRegExp(wildcard[i] ?? '\\')
    } else if (ch === '*') {
      source += '.*'
    } else {
      source += escapeRegExp(ch)
    }
  }
  const re = new RegExp(`^${source}$`, 's')
  wildcardCache.set(wildcard, re)
  return re
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')
}

function wildcardProblem(wildcard: string): string | null {
  for (let i = 0; i < wildcard.length; i++) {
    const ch = wildcard[i]
    if (ch === '\\') {
      const next = wildcard[i + 1]
      if (next !== '*' && next !== '\\') return 'a backslash may only escape "*" or "\\"'
      i++
    } else if (ch === '*' && wildcard[i + 1] === '*') {
      return 'consecutive wildcard characters are not allowed'
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------------------------------
// IP addresses and CIDR blocks (IPv4 and IPv6)
// ---------------------------------------------------------------------------------------------------------------------

interface IpAddress {
  readonly bits: 32 | 128
  readonly value: bigint
}

interface CidrBlock {
  readonly address: IpAddress
  readonly prefixLength: number
}

function parseIp(text: string): IpAddress | null {
  const family = isIP(text)
  if (family === 4) return { bits: 32, value: ipv4ToBigInt(text) }
  if (family === 6) return parseIpv6(text)
  return null
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n)
}

function parseIpv6(text: string): IpAddress | null {
  let groups: number[] = []
  let rest = text
  const lastColon = rest.lastIndexOf(':')
  const tail = rest.slice(lastColon + 1)
  if (tail.includes('.')) {
    // Embedded IPv4 tail, e.g. ::ffff:10.0.0.1 — becomes two 16-bit groups.
    const v4 = ipv4ToBigInt(tail)
    rest = `${rest.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`
  }
  const halves = rest.split('::')
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map(g => Number.parseInt(g, 16)))
  if (halves.length === 2) {
    const head = parse(halves[0] ?? '')
    const back = parse(halves[1] ?? '')
    groups = [...head, ...new Array<number>(8 - head.length - back.length).fill(0), ...back]
  } else {
    groups = parse(rest)
  }
  if (groups.length !== 8 || groups.some(g => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null
  return { bits: 128, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n) }
}

function parseCidr(text: string): CidrBlock | null {
  const slash = text.indexOf('/')
  const address = parseIp(slash < 0 ? text : text.slice(0, slash))
  if (!address) return null
  if (slash < 0) return { address, prefixLength: address.bits }
  const lengthText = text.slice(slash + 1)
  if (!/^\d{1,3}$/.test(lengthText)) return null
  const prefixLength = Number(lengthText)
  return prefixLength <= address.bits ? { address, prefixLength } : null
}

function cidrContains(cidr: string, ip: string): boolean {
  const block = parseCidr(cidr)
  const address = parseIp(ip)
  if (!block || !address || block.address.bits !== address.bits) return false
  const shift = BigInt(address.bits - block.prefixLength)
  return address.value >> shift === block.address.value >> shift
}

// ---------------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------------

/** Problems with an event pattern, each prefixed with the path to the offending value. Empty when valid. */
export function validatePattern(pattern: unknown): string[] {
  if (!isPlainObject(pattern)) return ['pattern: must be a JSON object']
  const problems: string[] = []
  validateObject(pattern, '', problems)
  return problems
}

function validateObject(pattern: JsonObject, path: string, problems: string[]): void {
  const keys = Object.keys(pattern)
  if (keys.length === 0) problems.push(`${path || 'pattern'}: must not be an empty object`)
  for (const key of keys) {
    const value = pattern[key]
    const here = path ? `${path}.${key}` : key
    if (key === OR_KEY) {
      if (!isOrList(value)) {
        problems.push(`${here}: must be an array of at least two pattern objects`)
        continue
      }
      for (const [i, branch] of value.entries()) validateObject(branch, `${here}[${i}]`, problems)
    } else if (Array.isArray(value)) {
      if (value.length === 0) problems.push(`${here}: must not be an empty array`)
      for (const [i, matcher] of value.entries()) validateMatcher(matcher, `${here}[${i}]`, problems)
    } else if (isPlainObject(value)) {
      validateObject(value, here, problems)
    } else {
      problems.push(`${here}: must be an array of values or a nested object, got ${describe(value)}`)
    }
  }
}

function validateMatcher(matcher: unknown, path: string, problems: string[]): void {
  if (typeof matcher === 'number') {
    if (!Number.isFinite(matcher)) problems.push(`${path}: numbers must be finite`)
    return
  }
  if (matcher === null || typeof matcher === 'string' || typeof matcher === 'boolean') return
  if (!isPlainObject(matcher)) {
    problems.push(`${path}: must be a string, number, boolean, null or a matcher object, got ${describe(matcher)}`)
    return
  }
  const entries = Object.entries(matcher)
  const [first] = entries
  if (!first || entries.length !== 1) {
    problems.push(`${path}: a matcher object must have exactly one operator, got ${entries.length}`)
    return
  }
  const [operator, operand] = first
  const at = `${path}.${operator}`
  const problem = matcherProblem(operator, operand)
  if (problem) problems.push(`${at}: ${problem}`)
}

function matcherProblem(operator: string, operand: unknown): string | null {
  switch (operator) {
    case Operator.prefix:
    case Operator.suffix:
      if (typeof operand === 'string') return null
      return isIgnoreCaseOperand(operand) ? null : `must be a string or { "${IGNORE_CASE}": string }`
    case Operator.equalsIgnoreCase:
      return typeof operand === 'string' ? null : 'must be a string'
    case Operator.wildcard:
      return typeof operand === 'string' ? wildcardProblem(operand) : 'must be a string'
    case Operator.exists:
      return typeof operand === 'boolean' ? null : 'must be true or false'
    case Operator.cidr:
      return typeof operand === 'string' && parseCidr(operand) ? null : 'must be an IPv4 or IPv6 CIDR block'
    case Operator.numeric:
      return numericProblem(operand)
    case Operator.anythingBut:
      return anythingButProblem(operand)
    default:
      return 'unknown operator'
  }
}

function isIgnoreCaseOperand(operand: unknown): boolean {
  return isPlainObject(operand) && Object.keys(operand).length === 1 && typeof operand[IGNORE_CASE] === 'string'
}

function numericProblem(operand: unknown): string | null {
  const usage = 'must be [op, number] or [lower-op, number, upper-op, number] with op one of =, <, <=, >, >='
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return usage
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i]
    const bound = operand[i + 1]
    if (typeof op !== 'string' || !COMPARISONS.includes(op)) return `unknown comparison ${describe(op)}; ${usage}`
    if (typeof bound !== 'number' || !Number.isFinite(bound)) return `comparison "${op}" needs a finite number`
  }
  if (operand.length === 2) return null
  const [op1, n1, op2, n2] = operand as [string, number, string, number]
  const lower = LOWER_BOUNDS.includes(op1) ? n1 : LOWER_BOUNDS.includes(op2) ? n2 : undefined
  const upper = UPPER_BOUNDS.includes(op1) ? n1 : UPPER_BOUNDS.includes(op2) ? n2 : undefined
  if (lower === undefined || upper === undefined) return 'a range needs one lower bound (>, >=) and one upper (<, <=)'
  return lower < upper ? null : 'the lower bound must be below the upper bound'
}

function anythingButProblem(operand: unknown): string | null {
  if (typeof operand === 'string') return null
  if (typeof operand === 'number') return Number.isFinite(operand) ? null : 'numbers must be finite'
  if (Array.isArray(operand)) {
    if (operand.length === 0) return 'must not be an empty array'
    const allStrings = operand.every(v => typeof v === 'string')
    const allNumbers = operand.every(v => typeof v === 'number' && Number.isFinite(v))
    return allStrings || allNumbers ? null : 'a list must contain only strings or only numbers'
  }
  if (!isPlainObject(operand)) return 'must be a string, a number, a list of either, or a matcher object'
  const entries = Object.entries(operand)
  const [first] = entries
  if (!first || entries.length !== 1 || !ANYTHING_BUT_OPERATORS.includes(first[0])) {
    return `a nested matcher must have exactly one of: ${ANYTHING_BUT_OPERATORS.join(', ')}`
  }
  const [operator, value] = first
  const values = Array.isArray(value) ? value : [value]
  if (values.length === 0) return `${operator} must not be an empty list`
  for (const v of values) {
    if (typeof v !== 'string') return `${operator} must be a string or a list of strings`
    if ((operator === Operator.prefix || operator === Operator.suffix) && v === '') {
      return `${operator} must not be empty`
    }
    if (operator === Operator.wildcard) {
      const problem = wildcardProblem(v)
      if (problem) return `${operator}: ${problem}`
    }
  }
  return null
}

// ---------------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

function isOrList(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.length >= 2 && value.every(isPlainObject)
}

function flatten(values: readonly unknown[]): unknown[] {
  return values.flat(Number.POSITIVE_INFINITY) as unknown[]
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : JSON.stringify(value)
}
