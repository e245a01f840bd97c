/**
 * Layering as a test: dependency-cruiser, with the rules in .dependency-cruiser.cjs, over the product code.
 * Each rule is one test; a failure lists `rule: from → to` per offending import.
 * There is no allow-list: every violation fails.
 */
import { join } from 'node:path'
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { beforeAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const fixtures = join(import.meta.dirname, 'fixtures')
/** What ships or runs the product (fixtures live under test/, outside these). */
const PRODUCT = ['packages', 'services', 'infra/src', 'local/src']

/** Every rule in .dependency-cruiser.cjs, with what it protects; one test each. */
const RULES: Record<string, string> = {
  'domain-is-pure': 'packages/domain/src imports only itself and zod',
  'contracts-depend-on-domain-and-zod-only': 'packages/contracts/src imports only itself, zod and @omic/domain',
  'use-cases-never-import-adapters': 'use cases and the model never import adapters, handlers or http',
  'model-is-pure': 'a service model imports no AWS SDK, no @omic/lambda-kit, no node: builtins',
  'services-do-not-import-each-other': 'a service never imports another service’s code',
  'product-never-imports-local': 'services, packages and infra never import local/',
  'product-never-imports-tests': 'src never imports test code',
  'handlers-only-wire': 'handlers import composition, use cases and the model — never adapters',
  'no-undeclared-dependencies': 'every workspace declares the packages it imports in its own package.json',
  'no-dev-dependencies-in-src': 'src never imports a devDependency',
  'no-circular': 'no import cycles',
  'not-to-unresolvable': 'every import resolves',
}

/** The rules of .dependency-cruiser.cjs with the root tsconfig, cruised from baseDir. */
async function cruiseWithConfig(targets: string[], baseDir: string): Promise<ICruiseResult> {
  const options: ICruiseOptions = {
    ...(await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'))),
    baseDir,
    outputType: 'json',
  }
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'))
  const { output } = await cruise(targets, options, {}, { tsConfig })
  return typeof output === 'string' ? (JSON.parse(output) as ICruiseResult) : output
}

/** A file inside a package is named by the package: `node_modules/@aws-sdk/lib-dynamodb`, not its dist entry. */
const packageOf = (path: string) =>
  path.replace(/^(?:\.\.\/)*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'node_modules/$1')

/** `rule: from → to`; a cycle is written out in full. */
function describeViolation(v: IViolation): string {
  const to = v.cycle?.length ? v.cycle.map(step => step.name).join(' → ') : packageOf(v.to)
  return `${v.rule.name}: ${v.from} → ${to}`
}

function violationsOf(result: ICruiseResult): string[] {
  return [...new Set((result.summary.violations ?? []).map(describeViolation))].sort()
}

describe('layering (dependency-cruiser over packages, services, infra/src, local/src)', () => {
  let found: string[] = []
  let ruleNames: string[] = []

  beforeAll(async () => {
    const started = Date.now()
    const result = await cruiseWithConfig(PRODUCT, root)
    found = violationsOf(result)
    ruleNames = [...new Set((result.summary.ruleSetUsed?.forbidden ?? []).map(rule => rule.name ?? '(unnamed)'))]
    console.log(
      `dependency-cruiser: ${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} ` +
        `dependencies in ${Date.now() - started} ms; ${found.length} violations`,
    )
  }, 60_000)

  it('every rule in .dependency-cruiser.cjs has a test here', () => {
    expect(ruleNames.sort()).toEqual(Object.keys(RULES).sort())
  })

  for (const [rule, what] of Object.entries(RULES)) {
    it(`${rule}: ${what}`, () => {
      const violations = found.filter(line => line.startsWith(`${rule}: `))
      expect(violations, `violations of ${rule}:\n${violations.join('\n')}`).toEqual([])
    })
  }
})

describe('the layering rules can fail (test/architecture/fixtures breaks each once)', () => {
  it('reports every rule the fixture tree breaks, and nothing else', async () => {
    const result = await cruiseWithConfig(['packages', 'services', 'local'], fixtures)
    const demo = 'services/demo'
    expect(violationsOf(result)).toEqual(
      [
        'contracts-depend-on-domain-and-zod-only: packages/contracts/src/schema.ts → path',
        'domain-is-pure: packages/domain/src/clock.ts → fs',
        `handlers-only-wire: ${demo}/src/handlers/api.ts → ${demo}/src/adapters/store.ts`,
        `model-is-pure: ${demo}/src/model/digest.ts → fs`,
        `no-circular: ${demo}/src/use-cases/notify.ts → ${demo}/src/use-cases/record.ts → ${demo}/src/use-cases/notify.ts`,
        `no-dev-dependencies-in-src: ${demo}/src/model/schema.ts → node_modules/zod`,
        `no-undeclared-dependencies: ${demo}/src/adapters/store.ts → node_modules/@aws-sdk/lib-dynamodb`,
        `product-never-imports-local: ${demo}/scripts/outbox.ts → local/src/port.ts`,
        `product-never-imports-tests: ${demo}/src/ports.ts → ${demo}/test/builder.ts`,
        `services-do-not-import-each-other: ${demo}/src/ports.ts → services/other/src/model/ids.ts`,
        `use-cases-never-import-adapters: ${demo}/src/use-cases/record.ts → ${demo}/src/adapters/store.ts`,
      ].sort(),
    )
  }, 60_000)
})
