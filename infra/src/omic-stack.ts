import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { type CfnStage, CorsHttpMethod, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { EventBus } from 'aws-cdk-lib/aws-events'
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import type { Construct } from 'constructs'
import type { OmicService, PlatformRefs } from './constructs/omic-service'
import { allocationService } from './services/allocation'
import { handoverService } from './services/handover'
import { notificationsService } from './services/notifications'
import { tieringService } from './services/tiering'

export interface OmicStackProps extends StackProps {
  /** Issuer of the staff portals' JWTs (the identity provider). */
  jwtIssuer: string
  /** Audience the JWTs must be issued for. */
  jwtAudience: string
  /** Email address subscribed to the operators' alarm topic (CDK context `omic:alarmEmail`); none if absent. */
  alarmEmail?: string
}

/** The whole system: one event bus, one HTTP API, and the four services that own their tables. */
export class OmicStack extends Stack {
  readonly services: OmicService[]
  readonly bus: EventBus
  readonly api: HttpApi
  /** Where every alarm goes: function errors and dead-letter queue depth, of every service. */
  readonly alarmTopic: Topic

  constructor(scope: Construct, id: string, props: OmicStackProps) {
    super(scope, id, props)
    this.bus = new EventBus(this, 'Bus', { eventBusName: 'omic' })
    this.bus.archive('BusArchive', {
      description: 'Every event on the OMiC bus, for replay',
      eventPattern: { account: [this.account] },
      retention: Duration.days(90),
    })
    this.api = new HttpApi(this, 'Api', {
      description: 'OMiC case management API for staff portals',
      corsPreflight: {
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type', 'x-correlation-id', 'if-match'],
        allowMethods: [CorsHttpMethod.ANY],
      },
    })
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        sub: '$context.authorizer.claims.sub',
      }),
    }
    const authorizer = new HttpJwtAuthorizer('StaffJwt', props.jwtIssuer, { jwtAudience: [props.jwtAudience] })
    this.alarmTopic = this.operatorAlarmTopic(props.alarmEmail)
    const platform: PlatformRefs = { bus: this.bus, api: this.api, authorizer, alarmTopic: this.alarmTopic }
    this.services = [
      tieringService(this, platform),
      allocationService(this, platform),
      handoverService(this, platform),
      notificationsService(this, platform),
    ]
    for (const service of this.services) service.applyNagAcknowledgements()
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint })
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName })
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn })
  }

  /**
   * The operators' SNS topic, encrypted with its own rotating KMS key (CloudWatch cannot publish to a topic encrypted
   * with the AWS-managed SNS key: that key's policy cannot be changed to let CloudWatch use it), SSL-only, and
   * publishable by this account's CloudWatch alarms.
   */
  private operatorAlarmTopic(email: string | undefined): Topic {
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the OMiC operator alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToTheEncryptedTopic',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    )
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'OMiC operator alarms',
      masterKey: key,
      enforceSSL: true,
    })
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': this.account },
        },
      }),
    )
    if (email) topic.addSubscription(new EmailSubscription(email))
    return topic
  }
}
