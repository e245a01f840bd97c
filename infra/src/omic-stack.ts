import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { type CfnStage, CorsHttpMethod, HttpApi } from 'aws-cdk-lib/aws-apigatewayv2'
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers'
import { EventBus } from 'aws-cdk-lib/aws-events'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
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
}

/** The whole system: one event bus, one HTTP API, and the four services that own their tables. */
export class OmicStack extends Stack {
  readonly services: OmicService[]
  readonly bus: EventBus
  readonly api: HttpApi

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
    const platform: PlatformRefs = { bus: this.bus, api: this.api, authorizer }
    this.services = [
      tieringService(this, platform),
      allocationService(this, platform),
      handoverService(this, platform),
      notificationsService(this, platform),
    ]
    for (const service of this.services) service.applyNagAcknowledgements()
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint })
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName })
  }
}
