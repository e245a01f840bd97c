import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { App, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { REPO_ROOT } from './constructs/omic-service'
import { OmicStack } from './omic-stack'

/** cdk.json's context: the CLI passes it itself; an in-process synth (tests, local runtime) reads it here. */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }
  return cdkJson.context ?? {}
}

export const STACK_NAME = 'Omic'
/** CDK context: an email address to subscribe to the operators' alarm topic (`-c omic:alarmEmail=ops@example.org`). */
export const ALARM_EMAIL_CONTEXT = 'omic:alarmEmail'

export interface BuildOptions {
  /** Skip esbuild bundling (the local runtime runs the sources; tests that only read the template). */
  bundle?: boolean
  /** Run cdk-nag AwsSolutions checks during synthesis. */
  nag?: boolean
  outdir?: string
  context?: Record<string, string>
}

/** Builds the one CDK app. The CLI (`cdk synth`), the tests and the local runtime all come through here. */
export function buildApp(options: BuildOptions = {}): { app: App; stack: OmicStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: {
      ...cdkJsonContext(),
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...options.context,
    },
  })
  const issuer = app.node.tryGetContext('omic:jwtIssuer') as string | undefined
  const audience = app.node.tryGetContext('omic:jwtAudience') as string | undefined
  if (!issuer || !audience) throw new Error('CDK context omic:jwtIssuer and omic:jwtAudience are required (cdk.json)')
  const rawAlarmEmail = app.node.tryGetContext(ALARM_EMAIL_CONTEXT) as unknown
  const alarmEmail = typeof rawAlarmEmail === 'string' ? rawAlarmEmail.trim() || undefined : undefined
  if (
    (rawAlarmEmail !== undefined && typeof rawAlarmEmail !== 'string') ||
    (alarmEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(alarmEmail))
  ) {
    throw new Error(`CDK context ${ALARM_EMAIL_CONTEXT} must be an email address, got ${JSON.stringify(rawAlarmEmail)}`)
  }
  const stack = new OmicStack(app, STACK_NAME, {
    jwtIssuer: issuer,
    jwtAudience: audience,
    ...(alarmEmail ? { alarmEmail } : {}),
    env: { region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-2', account: process.env.CDK_DEFAULT_ACCOUNT },
    description: 'Offender Management in Custody: tiering, allocation, handover and notifications',
  })
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }))
  return { app, stack }
}
