/**
 * `npm test`: typecheck, lint, unit + integration (DynamoDB Local, local runtime) + CDK assertions and cdk-nag,
 * and the conformance vectors. Runs every step even when one fails, then prints one summary.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'

const root = join(import.meta.dirname, '..')

/** The parts of vitest's JSON report the summary reads. */
const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  testResults: z.array(
    z.object({
      name: z.string(),
      status: z.string(),
      assertionResults: z.array(z.object({ status: z.string() })),
    }),
  ),
})
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
const bin = (name: string) => join(root, 'node_modules', '.bin', name)

interface Step {
  name: string
  ok: boolean
  seconds: number
  passed?: number
  failed?: number
}
const steps: Step[] = []

function run(name: string, cmd: string, args: string[]): { ok: boolean; output: string } {
  const started = Date.now()
  console.log(`\n▶ ${name}: ${[cmd.replace(`${root}/`, ''), ...args].join(' ')}`)
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  })
  process.stdout.write(r.stdout ?? '')
  const ok = r.status === 0
  steps.push({ name, ok, seconds: (Date.now() - started) / 1000 })
  return { ok, output: r.stdout ?? '' }
}

run('typecheck', bin('tsc'), ['-p', 'tsconfig.json'])
run('lint', bin('biome'), ['check', '--error-on-warnings', '.'])

const report = join(mkdtempSync(join(tmpdir(), 'omic-test-')), 'vitest.json')
run('tests (unit, integration on DynamoDB Local, infra + cdk-nag)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
])
const vitestStep = steps.at(-1)
if (vitestStep && existsSync(report)) {
  const json = vitestReport.parse(JSON.parse(readFileSync(report, 'utf8')))
  // a file that failed before its tests ran (a hook timed out, DynamoDB Local did not start) has no failed test of
  // its own: count it as one failure, so a summary never says "0 failed" for tests that never ran
  const filesFailedWithoutATest = json.testResults.filter(
    f => f.status === 'failed' && !f.assertionResults.some(a => a.status === 'failed'),
  )
  for (const f of filesFailedWithoutATest)
    console.log(`✖ ${f.name.replace(`${root}/`, '')} failed before its tests ran`)
  vitestStep.passed = json.numPassedTests
  vitestStep.failed = json.numFailedTests + filesFailedWithoutATest.length
  if (vitestStep.failed > 0) vitestStep.ok = false
} else if (vitestStep) {
  vitestStep.ok = false
}

const conformance = run('conformance (../shared/spec/vectors)', bin('tsx'), ['test/conformance/suite.ts'])
const m = /conformance: (\d+) passed, (\d+) failed/.exec(conformance.output)
const cStep = steps.at(-1)
if (cStep && m) {
  cStep.passed = Number(m[1])
  cStep.failed = Number(m[2])
}

console.log('\n── summary ──')
for (const s of steps) {
  const counts = s.passed !== undefined ? ` (${s.passed} passed, ${s.failed} failed)` : ''
  console.log(`${s.ok ? '✔' : '✖'} ${s.name}${counts} — ${s.seconds.toFixed(1)} s`)
}
const passed = steps.reduce((n, s) => n + (s.passed ?? (s.ok ? 1 : 0)), 0)
const failed = steps.reduce((n, s) => n + (s.failed ?? 0) + (s.ok || s.failed ? 0 : 1), 0)
const allOk = steps.every(s => s.ok)
console.log(`total: ${passed} passed, ${allOk ? failed : Math.max(failed, 1)} failed`)
process.exit(allOk ? 0 : 1)
