import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CatalogueEventType, EVENT_CATALOGUE, sourcesOf } from '@omic/contracts'
import { Match, Template } from 'aws-cdk-lib/assertions'
import { beforeAll, describe, expect, it } from 'vitest'
import { ALARM_EMAIL_CONTEXT, buildApp, STACK_NAME } from '../src/app'
import { LOCAL_ENTRY_METADATA, REPO_ROOT } from '../src/constructs/omic-service'

type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, unknown> }
>
let template: Template
let resources: Resources
const SERVICES = ['Tiering', 'Allocation', 'Handover', 'Notifications'] as const

function ofType(type: string): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type)
}
function refsIn(value: unknown): string[] {
  const out: string[] = []
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (typeof o.Ref === 'string') out.push(o.Ref)
      if (Array.isArray(o['Fn::GetAtt'])) out.push(String(o['Fn::GetAtt'][0]))
      Object.values(o).forEach(walk)
    }
  }
  walk(value)
  return out
}

beforeAll(() => {
  // cdk-nag runs as a validation plugin: synthesis throws on any unacknowledged AwsSolutions finding
  const { app } = buildApp({ bundle: false, nag: true, outdir: mkdtempSync(join(tmpdir(), 'omic-nag-')) })
  const assembly = app.synth()
  template = Template.fromJSON(assembly.getStackByName(STACK_NAME).template)
  resources = template.toJSON().Resources as Resources
})

describe('the OMiC stack', () => {
  it('is one stack with one bus, one HTTP API and all four services', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1)
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1)
    for (const s of SERVICES) {
      expect(ofType('AWS::DynamoDB::GlobalTable').some(([id]) => id.startsWith(`${s}StateTable`))).toBe(true)
      expect(ofType('AWS::DynamoDB::GlobalTable').some(([id]) => id.startsWith(`${s}DeadLetterTable`))).toBe(true)
      expect(ofType('AWS::Lambda::Function').some(([id]) => id.startsWith(s))).toBe(true)
    }
  })

  it('gives every table on-demand capacity and point-in-time recovery', () => {
    for (const [, t] of ofType('AWS::DynamoDB::GlobalTable')) {
      expect(t.Properties.BillingMode).toBe('PAY_PER_REQUEST')
      const replicas = t.Properties.Replicas as {
        PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean }
      }[]
      expect(replicas.every(r => r.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled)).toBe(true)
    }
  })

  it('runs every function on nodejs22.x arm64 with its own log group and a source entry that exists', () => {
    const fns = ofType('AWS::Lambda::Function')
    expect(fns.length).toBeGreaterThanOrEqual(8)
    for (const [, fn] of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x')
      expect(fn.Properties.Architectures).toEqual(['arm64'])
      expect((fn.Properties.LoggingConfig as { LogGroup?: unknown }).LogGroup).toBeDefined()
      const entry = fn.Metadata?.['omic:local-entry']
      expect(typeof entry).toBe('string')
      expect(existsSync(join(REPO_ROOT, String(entry)))).toBe(true)
    }
  })

  it('gives every asynchronously invoked function 2 retries and an SQS dead-letter queue', () => {
    const targets = new Set<string>()
    for (const [, rule] of ofType('AWS::Events::Rule')) {
      for (const t of rule.Properties.Targets as { Arn: unknown }[]) targets.add(refsIn(t.Arn)[0] ?? '')
    }
    for (const [, s] of ofType('AWS::Scheduler::Schedule'))
      targets.add(refsIn((s.Properties.Target as { Arn: unknown }).Arn)[0] ?? '')
    expect(targets.size).toBeGreaterThan(0)
    for (const fnId of targets) {
      const fn = resources[fnId]
      expect(fn?.Type).toBe('AWS::Lambda::Function')
      const dlqArn = (fn?.Properties.DeadLetterConfig as { TargetArn: unknown } | undefined)?.TargetArn
      const dlq = refsIn(dlqArn)[0] ?? ''
      expect(resources[dlq]?.Type).toBe('AWS::SQS::Queue')
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId },
        MaximumRetryAttempts: 2,
      })
    }
  })

  it('protects every route with the JWT authorizer', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route')
    expect(routes.length).toBeGreaterThan(0)
    for (const [, r] of routes) expect(r.Properties.AuthorizationType).toBe('JWT')
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: Match.anyValue(), Audience: Match.anyValue() },
    })
  })

  it('gives every service the operators’ dead-letter routes, served by that service’s own API function', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties)
    for (const service of SERVICES.map(s => s.toLowerCase())) {
      const mine = routes.filter(r => String(r.RouteKey).includes(`/admin/${service}/`))
      expect(mine.map(r => r.RouteKey).sort()).toEqual([
        `GET /admin/${service}/dead-letters`,
        `POST /admin/${service}/dead-letters/{eventId}/redrive`,
      ])
      const serviceRoutes = routes.filter(r => String(r.RouteKey) === `GET /admin/${service}/dead-letters`)
      // the same integration (function) as the service's other routes
      const integrations = new Set(serviceRoutes.map(r => JSON.stringify(r.Target)))
      expect(integrations.size).toBe(1)
    }
  })

  it('pairs every template route with an entry of its function’s router, and every router entry with a route', async () => {
    const functionOfIntegration = new Map<string, string>()
    for (const [id, integration] of ofType('AWS::ApiGatewayV2::Integration')) {
      functionOfIntegration.set(id, refsIn(integration.Properties.IntegrationUri)[0] ?? '')
    }
    const routesOf = new Map<string, string[]>()
    for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
      const fn = functionOfIntegration.get(refsIn(route.Properties.Target)[0] ?? '') ?? '?'
      routesOf.set(fn, [...(routesOf.get(fn) ?? []), String(route.Properties.RouteKey)])
    }
    expect(routesOf.size).toBe(SERVICES.length)
    for (const [fnId, routeKeys] of routesOf) {
      const fn = resources[fnId]!
      const entry = String(fn.Metadata?.[LOCAL_ENTRY_METADATA])
      // the handler module reads its configuration at import: give it the function's own (references as text)
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
      for (const [name, value] of Object.entries(variables)) {
        process.env[name] = typeof value === 'string' ? value : JSON.stringify(value)
      }
      const module: unknown = await import(join(REPO_ROOT, entry))
      const routeKeysOf = (m: unknown): unknown =>
        m && typeof m === 'object' && 'handler' in m && m.handler && typeof m.handler === 'function'
          ? (m.handler as { routeKeys?: unknown }).routeKeys
          : undefined
      expect([...(routeKeysOf(module) as string[])].sort(), entry).toEqual([...routeKeys].sort())
    }
  })

  it('subscribes each event function to exact catalogue source/detail-type pairs only', () => {
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventPattern)
    expect(rules.length).toBe(SERVICES.length)
    for (const [id, rule] of rules) {
      const pattern = rule.Properties.EventPattern as
        | { source: string[]; 'detail-type': string[] }
        | { $or: { source: string[]; 'detail-type': string[] }[] }
      expect(Object.keys(pattern).sort(), id).toEqual('$or' in pattern ? ['$or'] : ['detail-type', 'source'])
      const parts = '$or' in pattern ? pattern.$or : [pattern]
      for (const part of parts) {
        expect(Object.keys(part).sort(), id).toEqual(['detail-type', 'source'])
        expect(part.source, id).toHaveLength(1)
        for (const type of part['detail-type']) {
          expect(Object.hasOwn(EVENT_CATALOGUE, type), `${id}: ${type}`).toBe(true)
          expect(sourcesOf(type as CatalogueEventType), `${id}: ${type}`).toContain(part.source[0])
        }
      }
    }
  })

  it('lets a function touch only its own service’s tables and publish only with its own source', () => {
    const roleOf = new Map<string, string>()
    for (const [id, fn] of ofType('AWS::Lambda::Function')) roleOf.set(refsIn(fn.Properties.Role)[0] ?? '', id)
    for (const [, policy] of ofType('AWS::IAM::Policy')) {
      const roles = refsIn(policy.Properties.Roles)
      const fnId = roles.map(r => roleOf.get(r)).find(Boolean)
      if (!fnId) continue
      const service = SERVICES.find(s => fnId.startsWith(s))
      const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement
      for (const st of statements) {
        for (const ref of refsIn(st.Resource)) {
          if (resources[ref]?.Type === 'AWS::DynamoDB::GlobalTable') expect(ref.startsWith(service ?? '?')).toBe(true)
        }
        if (st.Action === 'events:PutEvents') {
          expect(st.Condition).toEqual({ StringEquals: { 'events:source': [`omic.${service?.toLowerCase()}`] } })
        }
      }
    }
  })

  it('runs schedules in Europe/London time', () => {
    const schedules = ofType('AWS::Scheduler::Schedule')
    expect(schedules.length).toBeGreaterThan(0)
    for (const [, s] of schedules) expect(s.Properties.ScheduleExpressionTimezone).toBe('Europe/London')
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 3 * * ? *)' })
  })
})

describe('operator alarms', () => {
  type AlarmProps = {
    Namespace: string
    MetricName: string
    Dimensions: { Name: string; Value: unknown }[]
    Statistic: string
    Period: number
    EvaluationPeriods: number
    Threshold: number
    ComparisonOperator: string
    TreatMissingData: string
    AlarmActions: unknown[]
    OKActions?: unknown[]
  }
  const alarms = (): [string, AlarmProps][] =>
    ofType('AWS::CloudWatch::Alarm').map(([id, a]) => [id, a.Properties as unknown as AlarmProps])
  const topicId = (): string => {
    const topics = ofType('AWS::SNS::Topic')
    expect(topics).toHaveLength(1)
    return topics[0]?.[0] ?? ''
  }
  const dimension = (a: AlarmProps, name: string): string[] =>
    refsIn(a.Dimensions.filter(d => d.Name === name).map(d => d.Value))
  const synthResources = (context: Record<string, string>): Resources => {
    const outdir = mkdtempSync(join(tmpdir(), 'omic-alarms-'))
    try {
      const { app } = buildApp({ bundle: false, nag: false, outdir, context })
      return Template.fromJSON(app.synth().getStackByName(STACK_NAME).template).toJSON().Resources as Resources
    } finally {
      rmSync(outdir, { recursive: true, force: true })
    }
  }

  it('has one operator topic, encrypted with a rotating KMS key and SSL-only, that CloudWatch alarms may publish to', () => {
    const topic = topicId()
    const keyId = refsIn(resources[topic]?.Properties.KmsMasterKeyId)[0] ?? ''
    expect(resources[keyId]?.Type).toBe('AWS::KMS::Key')
    expect(resources[keyId]?.Properties.EnableKeyRotation).toBe(true)
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    })
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Principal: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
          }),
        ]),
      },
    })
  })

  it('has one alarm per SQS dead-letter queue on its visible messages (≥ 1 within a minute, missing data OK)', () => {
    const queues = ofType('AWS::SQS::Queue').map(([id]) => id)
    const dlqs = ofType('AWS::Lambda::Function')
      .map(([, fn]) => refsIn((fn.Properties.DeadLetterConfig as { TargetArn: unknown } | undefined)?.TargetArn)[0])
      .filter((id): id is string => id !== undefined)
    expect(dlqs.length).toBeGreaterThan(0)
    expect([...dlqs].sort()).toEqual([...queues].sort())
    const depth = alarms().filter(([, a]) => a.Namespace === 'AWS/SQS')
    expect(depth).toHaveLength(dlqs.length)
    for (const queue of dlqs) {
      const mine = depth.filter(([, a]) => dimension(a, 'QueueName').includes(queue))
      expect(mine, queue).toHaveLength(1)
      expect(mine[0]?.[1]).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      })
    }
  })

  it('has one alarm per Lambda function on its Errors (≥ 1 in 5 minutes, missing data OK)', () => {
    const fns = ofType('AWS::Lambda::Function').map(([id]) => id)
    const errors = alarms().filter(([, a]) => a.Namespace === 'AWS/Lambda')
    expect(errors).toHaveLength(fns.length)
    for (const fn of fns) {
      const mine = errors.filter(([, a]) => dimension(a, 'FunctionName').includes(fn))
      expect(mine, fn).toHaveLength(1)
      expect(mine[0]?.[1]).toMatchObject({
        MetricName: 'Errors',
        Statistic: 'Sum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      })
    }
  })

  it('sends every alarm, and its recovery, to the operator topic only', () => {
    const topic = topicId()
    const all = alarms()
    expect(all.length).toBe(ofType('AWS::Lambda::Function').length + ofType('AWS::SQS::Queue').length)
    for (const [id, a] of all) {
      expect(a.AlarmActions, id).toEqual([{ Ref: topic }])
      expect(a.OKActions, id).toEqual([{ Ref: topic }])
    }
  })

  it(`subscribes the ${ALARM_EMAIL_CONTEXT} address to the topic, none without it, and refuses a non-address`, () => {
    expect(ofType('AWS::SNS::Subscription')).toHaveLength(0)
    const withEmail = Object.values(synthResources({ [ALARM_EMAIL_CONTEXT]: 'omic-ops@example.org' }))
    const subscriptions = withEmail.filter(r => r.Type === 'AWS::SNS::Subscription')
    expect(subscriptions.map(s => s.Properties)).toEqual([
      { Protocol: 'email', Endpoint: 'omic-ops@example.org', TopicArn: { Ref: expect.stringMatching(/^AlarmTopic/) } },
    ])
    expect(() => synthResources({ [ALARM_EMAIL_CONTEXT]: 'not an address' })).toThrow(/omic:alarmEmail must be/)
  })
})

describe('bundling', () => {
  it('bundles every function with esbuild, offline, without Docker', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'omic-bundle-'))
    try {
      const { app } = buildApp({ bundle: true, nag: false, outdir })
      app.synth()
      const assets = readdirSync(outdir).filter(d => d.startsWith('asset.'))
      expect(assets.length).toBeGreaterThanOrEqual(8)
      for (const a of assets) expect(existsSync(join(outdir, a, 'index.mjs'))).toBe(true)
    } finally {
      rmSync(outdir, { recursive: true, force: true })
    }
  })
})
