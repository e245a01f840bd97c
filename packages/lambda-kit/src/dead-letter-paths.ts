/**
 * The operators' routes over one service's dead-lettered events, the same two in every service. The CDK stack
 * declares them (`@omic/lambda-kit/dead-letter-paths`) and `deadLetterRoutes` serves them, from this one place.
 */
export function deadLetterRoutePaths(service: string) {
  return {
    list: `/admin/${service}/dead-letters`,
    redrive: `/admin/${service}/dead-letters/{eventId}/redrive`,
  } as const
}
