import { join } from 'node:path'
import type { EventBridgePattern } from '@omic/contracts'
import { deadLetterRoutePaths } from '@omic/lambda-kit/dead-letter-paths'
import { type RouteKey, splitRouteKey } from '@omic/lambda-kit/routes'
import { type CfnElement, Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib'
import { type HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations'
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import { AttributeType, ProjectionType, TableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { type CfnRule, type EventBus, Rule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { Architecture, type CfnFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler'
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets'
import type { ITopic } from 'aws-cdk-lib/aws-sns'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..')

/** The metadata key that tells the local runtime which source file a function runs. */
export const LOCAL_ENTRY_METADATA = 'omic:local-entry'

export interface PlatformRefs {
  bus: EventBus
  api: HttpApi
  authorizer: IHttpRouteAuthorizer
  /** The operators' SNS topic: every alarm of every service (function errors, dead-letter queue depth) goes here. */
  alarmTopic: ITopic
}

/** A function's Errors alarm: this many failed invocations (Sum) in one period raise it. */
export const FUNCTION_ERRORS_ALARM = { threshold: 1, period: Duration.minutes(5) } as const
/** A dead-letter queue's depth alarm: this many visible messages (Maximum) in one period raise it. */
export const DLQ_DEPTH_ALARM = { threshold: 1, period: Duration.minutes(1) } as const

/** The keys-only index of every service table that marks aggregates holding unpublished events. */
export const OUTBOX_INDEX = 'outbox'

/** How often each service's outbox drain runs (minutes). */
export const OUTBOX_DRAIN_EVERY_MINUTES = 5

export interface FunctionOptions {
  /** Handler file, relative to the service folder, e.g. `src/handlers/get-handover.ts`. */
  entry: string
  description: string
  timeout?: Duration
  memorySize?: number
  environment?: Record<string, string>
}

/**
 * One OMiC service: its own tables (state + dead letters), its functions and how they are triggered.
 * A function may touch only this service's tables and may publish only with this service's event source.
 */
export class OmicService extends Construct {
  readonly table: TableV2
  readonly deadLetterTable: TableV2
  readonly source: string
  private readonly functions: NodejsFunction[] = []
  private readonly scheduledFunctions: NodejsFunction[] = []

  constructor(
    scope: Construct,
    readonly serviceName: 'tiering' | 'allocation' | 'handover' | 'notifications',
    private readonly platform: PlatformRefs,
  ) {
    super(scope, serviceName[0]!.toUpperCase() + serviceName.slice(1))
    this.source = `omic.${serviceName}`
    this.table = new TableV2(this, 'StateTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: false,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: 'gsi1',
          partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
        },
        {
          indexName: 'gsi2',
          partitionKey: { name: 'gsi2pk', type: AttributeType.STRING },
          sortKey: { name: 'gsi2sk', type: AttributeType.STRING },
        },
        {
          // the outbox drain's marker (decision 0005): sparse and keys only, so marking an aggregate that holds
          // unpublished events costs one small index write, and its other updates none
          indexName: OUTBOX_INDEX,
          partitionKey: { name: 'outboxpk', type: AttributeType.STRING },
          sortKey: { name: 'outboxsk', type: AttributeType.STRING },
          projectionType: ProjectionType.KEYS_ONLY,
        },
      ],
    })
    this.deadLetterTable = new TableV2(this, 'DeadLetterTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    })
  }

  private fn(id: string, options: FunctionOptions, asyncInvoked: boolean): NodejsFunction {
    const entry = join('services', this.serviceName, options.entry)
    const logGroup = new LogGroup(this, `${id}Logs`, {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const deadLetterQueue = asyncInvoked
      ? new Queue(this, `${id}Dlq`, {
          retentionPeriod: Duration.days(14),
          enforceSSL: true,
          encryption: QueueEncryption.SQS_MANAGED,
        })
      : undefined
    const fn = new NodejsFunction(this, id, {
      entry: join(REPO_ROOT, entry),
      handler: 'handler',
      description: options.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: options.memorySize ?? 512,
      timeout: options.timeout ?? Duration.seconds(15),
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      ...(deadLetterQueue ? { deadLetterQueue, retryAttempts: 2 } : {}),
      environment: {
        TABLE_NAME: this.table.tableName,
        DEAD_LETTER_TABLE_NAME: this.deadLetterTable.tableName,
        EVENT_BUS_NAME: this.platform.bus.eventBusName,
        EVENT_SOURCE: this.source,
        POWERTOOLS_SERVICE_NAME: this.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
        ...options.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
        banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      },
    })
    ;(fn.node.defaultChild as CfnFunction).addMetadata(LOCAL_ENTRY_METADATA, entry)
    this.table.grantReadWriteData(fn)
    this.deadLetterTable.grantReadWriteData(fn)
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['events:PutEvents'],
        resources: [this.platform.bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': [this.source] } },
      }),
    )
    this.alarms(id, fn, deadLetterQueue)
    this.functions.push(fn)
    return fn
  }

  /**
   * Every function alarms on its Errors metric; an asynchronously invoked one also on its dead-letter queue's depth
   * (an event that failed all 3 attempts waits there for a redrive). Both notify the operators' topic when they go
   * into ALARM and when they are OK again. Missing data (no invocations, an idle queue) is not breaching.
   */
  private alarms(id: string, fn: NodejsFunction, deadLetterQueue: Queue | undefined): void {
    const action = new SnsAction(this.platform.alarmTopic)
    const errors = new Alarm(this, `${id}ErrorsAlarm`, {
      alarmDescription:
        `${this.serviceName}: ${id} failed at least ${FUNCTION_ERRORS_ALARM.threshold} invocation(s) in ` +
        `${FUNCTION_ERRORS_ALARM.period.toMinutes()} minutes (see its log group).`,
      metric: fn.metricErrors({ period: FUNCTION_ERRORS_ALARM.period, statistic: 'Sum' }),
      threshold: FUNCTION_ERRORS_ALARM.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    errors.addAlarmAction(action)
    errors.addOkAction(action)
    if (!deadLetterQueue) return
    const depth = new Alarm(this, `${id}DlqDepthAlarm`, {
      alarmDescription:
        `${this.serviceName}: events that ${id} failed 3 times are waiting in its dead-letter queue; ` +
        'fix the cause, then redrive them (docs/architecture.md, Failures).',
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: DLQ_DEPTH_ALARM.period,
        statistic: 'Maximum',
      }),
      threshold: DLQ_DEPTH_ALARM.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    })
    depth.addAlarmAction(action)
    depth.addOkAction(action)
  }

  /**
   * The function behind this service's HTTP API routes (JWT-authorized). It also serves the operators' routes
   * over the service's dead-lettered events (lambda-kit `deadLetterRoutes`), declared here for every service.
   */
  http(id: string, options: FunctionOptions, routes: readonly RouteKey[]): NodejsFunction {
    const fn = this.fn(id, options, false)
    const integration = new HttpLambdaIntegration(`${id}Integration`, fn)
    const deadLetters = deadLetterRoutePaths(this.serviceName)
    const admin: RouteKey[] = [`GET ${deadLetters.list}`, `POST ${deadLetters.redrive}`]
    for (const key of [...routes, ...admin]) {
      const { method, path } = splitRouteKey(key)
      this.platform.api.addRoutes({
        path,
        methods: [HttpMethod[method]],
        integration,
        authorizer: this.platform.authorizer,
      })
    }
    return fn
  }

  /**
   * A function that EventBridge invokes (asynchronously: 2 retries, then its SQS dead-letter queue) for the events
   * of the service's subscription (`src/events/subscriptions.ts`): its pattern holds exact source/detail-type pairs,
   * `$or` across sources, which CDK's EventPattern type cannot say, so it is written into the rule as it stands.
   */
  onEvents(id: string, options: FunctionOptions, subscription: { pattern: EventBridgePattern }): NodejsFunction {
    const fn = this.fn(id, options, true)
    const rule = new Rule(this, `${id}Rule`, {
      eventBus: this.platform.bus,
      description: `${this.serviceName}: ${options.description}`,
      // replaced below; the construct wants a pattern or a schedule to validate
      eventPattern: { source: [this.source] },
      targets: [new LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    })
    ;(rule.node.defaultChild as CfnRule).eventPattern = subscription.pattern
    return fn
  }

  /** A function run on a schedule (EventBridge Scheduler, Europe/London time zone). */
  scheduled(id: string, options: FunctionOptions, schedule: ScheduleExpression): NodejsFunction {
    const fn = this.fn(id, options, true)
    this.scheduledFunctions.push(fn)
    new Schedule(this, `${id}Schedule`, {
      description: `${this.serviceName}: ${options.description}`,
      schedule,
      target: new LambdaInvoke(fn, { retryAttempts: 2 }),
    })
    return fn
  }

  /**
   * The service's outbox drain (docs/decisions/0005-outbox.md): every 5 minutes it republishes the events a failed
   * publish or a crash left stored with their aggregate. Its handler is `src/handlers/drain-outbox.ts`.
   */
  outboxDrain(options: Partial<FunctionOptions> = {}): NodejsFunction {
    return this.scheduled(
      'OutboxDrain',
      {
        entry: 'src/handlers/drain-outbox.ts',
        description: 'Republishes events left in the outbox by a failed publish',
        timeout: Duration.minutes(2),
        ...options,
      },
      ScheduleExpression.cron({ minute: `0/${OUTBOX_DRAIN_EVERY_MINUTES}`, timeZone: TimeZone.EUROPE_LONDON }),
    )
  }

  /** Justified cdk-nag acknowledgements common to every service (docs/decisions/0002-cdk-nag.md). */
  applyNagAcknowledgements(): void {
    const stack = Stack.of(this)
    const tableArns = [this.table, this.deadLetterTable].map(
      t => `<${stack.getLogicalId(t.node.defaultChild as CfnElement)}.Arn>`,
    )
    for (const fn of this.functions) {
      const validations = Validations.of(fn)
      validations.acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'AWSLambdaBasicExecutionRole only lets the function write its own log streams.',
      })
      for (const arn of tableArns) {
        validations.acknowledge({
          id: `AwsSolutions-IAM5[Resource::${arn}/index/*]`,
          reason: 'The index wildcard covers only the GSIs of this service’s own table.',
        })
      }
      validations.acknowledge({
        id: 'AwsSolutions-L1',
        reason: 'The platform pins nodejs22.x (DEVELOPERS.md), the runtime the code is built and tested for.',
      })
    }
    for (const fn of this.scheduledFunctions) {
      // The Scheduler's shared role is created at stack level by aws-scheduler-targets
      Validations.of(stack).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: 'The scheduler may invoke only this function (any of its versions).',
      })
    }
  }
}
