// @ts-check
/**
 * Layering rules, checked by test/architecture/layering.test.ts (part of `npm test`, unit project).
 * Paths are relative to the repo root. `@omic/*` workspace packages resolve through their node_modules symlinks to
 * their real folders (preserveSymlinks: false), so `@omic/domain` is `packages/domain/src/...` here.
 */
const { readFileSync } = require('node:fs')
const { join } = require('node:path')

/** Workspace folder → its package.json, for the rule that a workspace declares the `@omic/*` packages it imports. */
const WORKSPACES = [
  'packages/domain',
  'packages/contracts',
  'packages/lambda-kit',
  'services/tiering',
  'services/allocation',
  'services/handover',
  'services/notifications',
  'infra',
  'local',
]
const manifest = dir => JSON.parse(readFileSync(join(__dirname, dir, 'package.json'), 'utf8'))
const folderOf = Object.fromEntries(WORKSPACES.map(dir => [manifest(dir).name, dir]))
/** Test code (test/ folders, *.test.ts anywhere, e.g. services/notifications/infra) runs on the root toolchain. */
const TEST_FILES = '(^|/)test/|\\.test\\.ts$'
const escapeRegExp = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * With combinedDependencies: false dependency-cruiser reads only the importing file's nearest package.json, which
 * has no `workspaces` field, so it cannot classify `@omic/*` imports itself: one rule per workspace instead.
 * A non-relative import (not `local`) landing in another workspace's folder must be a package the importing
 * workspace declares in its own package.json `dependencies`.
 */
const undeclaredWorkspaceRules = WORKSPACES.map(dir => {
  const declared = Object.keys(manifest(dir).dependencies ?? {})
    .filter(name => folderOf[name])
    .map(name => `^${escapeRegExp(folderOf[name])}/`)
  return {
    name: 'no-undeclared-dependencies',
    comment:
      `${dir} imports an @omic/* workspace package its package.json does not list in dependencies. ` +
      'Each workspace declares what it uses (npm workspaces hoist every package, so an undeclared one still ' +
      'resolves locally but breaks bundling and hides the real dependency graph).',
    severity: 'error',
    from: { path: `^${escapeRegExp(dir)}/`, pathNot: TEST_FILES },
    to: {
      path: `^(${WORKSPACES.map(escapeRegExp).join('|')})/`,
      pathNot: [`^${escapeRegExp(dir)}/`, ...declared],
      dependencyTypesNot: ['local'],
    },
  }
})

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'packages/domain is the pure core: rules and types only. It imports nothing but itself and zod — no node: ' +
        'builtins (no I/O, no clock, no crypto: ids and times are passed in), no AWS SDK, no other workspace.',
      severity: 'error',
      from: { path: '^packages/domain/src/' },
      to: { pathNot: ['^packages/domain/src/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'contracts-depend-on-domain-and-zod-only',
      comment:
        'packages/contracts holds the published event and API schemas: zod, itself and (if it must) the domain ' +
        'types. Never lambda-kit, a service, the AWS SDK or a node: builtin — contracts are data, not behaviour.',
      severity: 'error',
      from: { path: '^packages/contracts/src/' },
      to: { pathNot: ['^packages/contracts/src/', '^packages/domain/src/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'use-cases-never-import-adapters',
      comment:
        'Use cases and the model depend on ports (ports.ts), never on the adapters that implement them, nor on the ' +
        'handlers or HTTP routes that drive them: composition.ts wires adapters into use cases. Types a use case ' +
        'needs belong in ports or model.',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/(use-cases|model)(/|\\.ts$)' },
      to: { path: '^services/[^/]+/src/(adapters|handlers|http)(/|\\.ts$)' },
    },
    {
      name: 'model-is-pure',
      comment:
        'A service model (src/model/** or src/model.ts) is pure data and rules: no AWS SDK, no @omic/lambda-kit ' +
        '(the Lambda runtime kit), no node: builtins at all.',
      severity: 'error',
      from: { path: '^services/[^/]+/src/model(/|\\.ts$)' },
      to: {
        path: ['(^|/)node_modules/@aws-sdk/', '^packages/lambda-kit/'],
      },
    },
    {
      name: 'model-is-pure',
      comment:
        'A service model imports no node: builtins (no I/O, no clock: pass them in). The one exception is ' +
        'node:crypto for hashing, which is pure and deterministic (a hand-written SHA-256 was 5× slower).',
      severity: 'error',
      from: { path: '^services/[^/]+/src/model(/|\\.ts$)' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'services-do-not-import-each-other',
      comment:
        'Services are separately deployed: they talk through published events and APIs (packages/contracts), ' +
        'never through each other’s code. Shared logic belongs in packages/domain or packages/lambda-kit.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'product-never-imports-local',
      comment:
        'local/ is the developer-only local cloud (DynamoDB Local, in-process EventBridge, dev token issuer). ' +
        'Nothing that ships — services, packages, infra — may depend on it.',
      severity: 'error',
      from: { path: '^(services|packages|infra/src)/' },
      to: { path: '^local/' },
    },
    {
      name: 'product-never-imports-tests',
      comment: 'Source files never import test code (builders, fixtures, helpers): tests depend on src, not back.',
      severity: 'error',
      from: { path: '/src/' },
      to: { path: '(^|/)test/' },
    },
    {
      name: 'handlers-only-wire',
      comment:
        'A Lambda handler is thin wiring: it parses the event, gets its dependencies from composition.ts and calls a ' +
        'use case. It may import @omic/* and its own service’s composition, config, use-cases, http, events, model, ' +
        'ports, errors and sibling handlers — never adapters directly (composition builds those).',
      severity: 'error',
      from: { path: '^services/([^/]+)/src/handlers/' },
      to: {
        path: '^services/$1/src/',
        pathNot: '^services/$1/src/(composition|config|use-cases|http|events|model|ports|errors|handlers)(/|\\.ts$)',
      },
    },
    {
      name: 'no-undeclared-dependencies',
      comment:
        'A bare import of a package the importing workspace does not declare in its own package.json ' +
        '(combinedDependencies: false — the root devDependencies do not count). It resolves today only because npm ' +
        'hoists every package into the root node_modules. Test files are exempt (they run on the root toolchain: ' +
        'vitest, fast-check, the root devDependencies), and so are @types/* packages (type-only, erased at build).',
      severity: 'error',
      from: { pathNot: TEST_FILES },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: '(^|/)node_modules/@types/' },
    },
    ...undeclaredWorkspaceRules,
    {
      name: 'no-dev-dependencies-in-src',
      comment:
        'src/ ships to Lambda: it may not import a devDependency (those are not bundled for production). ' +
        'Type-only imports are fine (erased at build).',
      severity: 'error',
      from: { path: '/src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports make module initialisation order-dependent and layers meaningless.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing on disk: a typo, or a package missing from node_modules.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is not followed (above) but must not be excluded: exclude drops the dependencies *to* excluded
    // modules too, which would hide every npm import from domain-is-pure and no-undeclared-dependencies. For the
    // same reason build output is excluded only outside node_modules (jose, for one, resolves to jose/dist/...).
    exclude: { path: '^(?!.*node_modules/).*(^|/)(cdk\\.out|\\.local|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    preserveSymlinks: false,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
}
