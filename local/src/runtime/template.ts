/**
 * Reads the synthesized CloudFormation template into what the local runtime runs. This is the only place the
 * local runtime learns about tables, functions, routes, rules and schedules: nothing is listed twice.
 */
export const LOCAL_ACCOUNT = '000000000000'
export const LOCAL_REGION = 'eu-west-2'
const LOCAL_ENTRY_METADATA = 'omic:local-entry'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
interface Resource {
  Type: string
  Properties?: Record<string, Json>
  Metadata?: Record<string, Json>
}
export interface CfnTemplate {
  Resources: Record<string, Resource>
}

export interface KeyElement {
  AttributeName: string
  KeyType: 'HASH' | 'RANGE'
}
export interface LocalTable {
  logicalId: string
  tableName: string
  keySchema: KeyElement[]
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[]
  globalSecondaryIndexes: { IndexName: string; KeySchema: KeyElement[]; Projection: Json }[]
  ttlAttribute: string | undefined
}
export interface LocalFunction {
  logicalId: string
  /** Handler source, relative to the repository root. */
  entry: string
  handlerExport: string
  environment: Record<string, string>
  timeoutSeconds: number
  memoryMb: number
  /** Asynchronous invocations: retries after the first attempt (Lambda's EventInvokeConfig; default 2). */
  asyncRetryAttempts: number
  /** Where a failed asynchronous invocation goes (the function's SQS dead-letter queue), if it has one. */
  deadLetterQueue: string | undefined
}
export interface LocalRoute {
  method: string
  /** API Gateway path template, e.g. `/handovers/{nomsNumber}`. */
  path: string
  routeKey: string
  functionId: string
  authorized: boolean
}
export interface LocalRule {
  logicalId: string
  busName: string
  pattern: Record<string, unknown>
  targets: { functionId: string; retryAttempts: number; maxEventAgeSeconds: number }[]
}
export interface LocalSchedule {
  logicalId: string
  expression: string
  timezone: string
  functionId: string
  retryAttempts: number
  input: string | undefined
}
export interface LocalModel {
  tables: LocalTable[]
  functions: Map<string, LocalFunction>
  routes: LocalRoute[]
  rules: LocalRule[]
  schedules: LocalSchedule[]
  buses: string[]
  jwt: { issuer: string; audience: string[] } | undefined
  cors: LocalCors | undefined
}

export interface LocalCors {
  allowOrigins: string[]
  allowMethods: string[]
  allowHeaders: string[]
}

export class TemplateError extends Error {
  override name = 'TemplateError'
}

/** Resolves Ref / Fn::GetAtt / Fn::Join / Fn::Sub to local names (a table's name is its logical id). */
export function makeResolver(template: CfnTemplate) {
  const physical = (logicalId: string): string => {
    const r = template.Resources[logicalId]
    if (!r) throw new TemplateError(`Ref to unknown resource ${logicalId}`)
    const p = r.Properties ?? {}
    if (r.Type === 'AWS::Events::EventBus') return String(p.Name ?? logicalId)
    if (r.Type === 'AWS::SQS::Queue') return String(p.QueueName ?? logicalId)
    if (r.Type === 'AWS::DynamoDB::GlobalTable' || r.Type === 'AWS::DynamoDB::Table') {
      return String(p.TableName ?? logicalId)
    }
    return logicalId
  }
  const arn = (logicalId: string): string => {
    const r = template.Resources[logicalId]
    const name = physical(logicalId)
    switch (r?.Type) {
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:event-bus/${name}`
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`
      default:
        return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${name}`
    }
  }
  const pseudo: Record<string, string> = {
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'Omic',
  }
  const resolve = (value: Json): string => {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if ('Ref' in value) {
        const ref = String(value.Ref)
        return pseudo[ref] ?? physical(ref)
      }
      if ('Fn::GetAtt' in value) {
        const [id, attr] = value['Fn::GetAtt'] as [string, string]
        if (attr === 'Arn') return arn(id)
        return physical(id)
      }
      if ('Fn::Join' in value) {
        const [sep, parts] = value['Fn::Join'] as [string, Json[]]
        return parts.map(resolve).join(sep)
      }
      if ('Fn::Sub' in value) {
        const s = value['Fn::Sub']
        const text = typeof s === 'string' ? s : String((s as Json[])[0])
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const [id, attr] = name.split('.')
          if (pseudo[name]) return pseudo[name]
          return attr === 'Arn' ? arn(id ?? name) : physical(id ?? name)
        })
      }
    }
    throw new TemplateError(`Cannot resolve ${JSON.stringify(value)} locally`)
  }
  return { resolve, physical, arn }
}

/** Finds the logical id a resolved ARN or name points at. */
function logicalIdFromArnRef(value: Json): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('Fn::GetAtt' in value) return String((value['Fn::GetAtt'] as Json[])[0])
    if ('Ref' in value) return String(value.Ref)
  }
  throw new TemplateError(`Expected a Ref or Fn::GetAtt, got ${JSON.stringify(value)}`)
}

export function readTemplate(template: CfnTemplate): LocalModel {
  const { resolve, physical } = makeResolver(template)
  const entries = Object.entries(template.Resources)
  const ofType = (type: string) => entries.filter(([, r]) => r.Type === type)

  const tables: LocalTable[] = [...ofType('AWS::DynamoDB::GlobalTable'), ...ofType('AWS::DynamoDB::Table')].map(
    ([id, r]) => {
      const p = r.Properties as Record<string, unknown>
      const ttl = p.TimeToLiveSpecification as { AttributeName?: string; Enabled?: boolean } | undefined
      return {
        logicalId: id,
        tableName: physical(id),
        keySchema: p.KeySchema as KeyElement[],
        attributeDefinitions: p.AttributeDefinitions as LocalTable['attributeDefinitions'],
        globalSecondaryIndexes: ((p.GlobalSecondaryIndexes ?? []) as LocalTable['globalSecondaryIndexes']).map(g => ({
          IndexName: g.IndexName,
          KeySchema: g.KeySchema,
          Projection: g.Projection,
        })),
        ttlAttribute: ttl?.Enabled ? ttl.AttributeName : undefined,
      }
    },
  )

  const invokeConfigs = new Map<string, number>()
  for (const [, r] of ofType('AWS::Lambda::EventInvokeConfig')) {
    const p = r.Properties ?? {}
    invokeConfigs.set(logicalIdFromArnRef(p.FunctionName ?? null), Number(p.MaximumRetryAttempts ?? 2))
  }

  const functions = new Map<string, LocalFunction>()
  for (const [id, r] of ofType('AWS::Lambda::Function')) {
    const entry = r.Metadata?.[LOCAL_ENTRY_METADATA]
    if (typeof entry !== 'string') continue // e.g. CDK's own custom-resource providers
    const p = r.Properties ?? {}
    const variables = ((p.Environment as Record<string, Json> | undefined)?.Variables ?? {}) as Record<string, Json>
    const dlq = (p.DeadLetterConfig as Record<string, Json> | undefined)?.TargetArn
    functions.set(id, {
      logicalId: id,
      entry,
      handlerExport:
        String(p.Handler ?? 'index.handler')
          .split('.')
          .pop() ?? 'handler',
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolve(v)])),
      timeoutSeconds: Number(p.Timeout ?? 3),
      memoryMb: Number(p.MemorySize ?? 128),
      asyncRetryAttempts: invokeConfigs.get(id) ?? 2,
      deadLetterQueue: dlq ? physical(logicalIdFromArnRef(dlq)) : undefined,
    })
  }

  const integrations = new Map<string, string>()
  for (const [id, r] of ofType('AWS::ApiGatewayV2::Integration')) {
    integrations.set(id, logicalIdFromArnRef(r.Properties?.IntegrationUri ?? null))
  }
  const routes: LocalRoute[] = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => {
    const p = r.Properties ?? {}
    const routeKey = String(p.RouteKey)
    const [method = '', path = ''] = routeKey.split(' ')
    const target = resolve(p.Target ?? null)
    const integrationId = target.replace(/^integrations\//, '')
    const functionId = integrations.get(integrationId)
    if (!functionId) throw new TemplateError(`Route ${routeKey} has no Lambda integration`)
    return { method, path, routeKey, functionId, authorized: p.AuthorizationType === 'JWT' }
  })

  const rules: LocalRule[] = ofType('AWS::Events::Rule')
    .filter(([, r]) => r.Properties?.EventPattern && r.Properties.State !== 'DISABLED')
    .map(([id, r]) => {
      const p = r.Properties ?? {}
      return {
        logicalId: id,
        busName: p.EventBusName ? resolve(p.EventBusName) : 'default',
        pattern: p.EventPattern as Record<string, unknown>,
        targets: ((p.Targets ?? []) as Record<string, Json>[]).map(t => {
          const retry = (t.RetryPolicy ?? {}) as Record<string, Json>
          return {
            functionId: logicalIdFromArnRef(t.Arn ?? null),
            retryAttempts: Number(retry.MaximumRetryAttempts ?? 185),
            maxEventAgeSeconds: Number(retry.MaximumEventAgeInSeconds ?? 86400),
          }
        }),
      }
    })

  const schedules: LocalSchedule[] = ofType('AWS::Scheduler::Schedule')
    .filter(([, r]) => r.Properties?.State !== 'DISABLED')
    .map(([id, r]) => {
      const p = r.Properties ?? {}
      const target = (p.Target ?? {}) as Record<string, Json>
      return {
        logicalId: id,
        expression: String(p.ScheduleExpression),
        timezone: String(p.ScheduleExpressionTimezone ?? 'UTC'),
        functionId: logicalIdFromArnRef(target.Arn ?? null),
        retryAttempts: Number(((target.RetryPolicy ?? {}) as Record<string, Json>).MaximumRetryAttempts ?? 185),
        input: typeof target.Input === 'string' ? target.Input : undefined,
      }
    })

  const authorizer = ofType('AWS::ApiGatewayV2::Authorizer')[0]?.[1]
  const jwtConfig = authorizer?.Properties?.JwtConfiguration as { Issuer?: string; Audience?: string[] } | undefined

  const api = ofType('AWS::ApiGatewayV2::Api')[0]?.[1]
  const corsConfig = api?.Properties?.CorsConfiguration as
    | { AllowOrigins?: string[]; AllowMethods?: string[]; AllowHeaders?: string[] }
    | undefined

  return {
    tables,
    functions,
    routes,
    rules,
    schedules,
    buses: ofType('AWS::Events::EventBus').map(([id]) => physical(id)),
    jwt: jwtConfig?.Issuer ? { issuer: jwtConfig.Issuer, audience: jwtConfig.Audience ?? [] } : undefined,
    cors: corsConfig
      ? {
          allowOrigins: corsConfig.AllowOrigins ?? [],
          allowMethods: corsConfig.AllowMethods ?? [],
          allowHeaders: corsConfig.AllowHeaders ?? [],
        }
      : undefined,
  }
}
